package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.bindings.fastclock_h;
import dev.fastclock.spi.StatusReader;
import dev.fastclock.spi.Timex;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code clockStatus()}: one {@code adjtimex(2)} with a zeroed {@code struct timex}, so {@code modes} is
 * 0 and the call only reads; never a call that could change the clock. The struct lives in a Java array
 * passed to a critical downcall (no native allocation per call); the call is a short system call.
 *
 * @param call the call: libc's {@code adjtimex}, or a test's through {@link LinuxEnvironment#adjtimex()}
 */
record StatusCall(LinuxEnvironment.Adjtimex call) implements StatusReader {

    @Override
    public Timex timex() {
        MemorySegment t = MemorySegment.ofArray(new long[(int) (fastclock_h.timex.SIZE / Long.BYTES)]);
        int state = call.call(t);
        if (state < fastclock_h.TIME_OK || state > fastclock_h.TIME_ERROR) {
            return Timex.UNKNOWN;
        }
        int status = t.get(ValueLayout.JAVA_INT, fastclock_h.timex.status$OFFSET);
        long offset = t.get(ValueLayout.JAVA_LONG, fastclock_h.timex.offset$OFFSET);
        return new Timex(true, state, status,
                (status & fastclock_h.STA_NANO) != 0 ? offset : offset * 1_000L,
                t.get(ValueLayout.JAVA_LONG, fastclock_h.timex.freq$OFFSET),
                t.get(ValueLayout.JAVA_LONG, fastclock_h.timex.maxerror$OFFSET),
                t.get(ValueLayout.JAVA_LONG, fastclock_h.timex.esterror$OFFSET),
                t.get(ValueLayout.JAVA_INT, fastclock_h.timex.tai$OFFSET));
    }

    /** libc's {@code adjtimex} at its proven address, as the seam's call. */
    static LinuxEnvironment.Adjtimex libc(long address) {
        java.lang.invoke.MethodHandle h = Natives.adjtimex(MemorySegment.ofAddress(address));
        return new LinuxEnvironment.Adjtimex() {
            @Override
            public int call(MemorySegment timex) {
                try {
                    return (int) h.invokeExact(timex);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
