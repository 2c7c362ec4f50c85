package dev.fastclock.tests;

import dev.fastclock.ClockId;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The kernel's own answer for a clock: the {@code clock_gettime} SYSTEM CALL itself, made with libc's
 * {@code syscall(SYS_clock_gettime, id, &ts)} through FFM from this JVM, never the vDSO, so it cannot share a
 * bug (or a shortcut) with the code under test. One instance per thread: it owns its {@code timespec}.
 */
@SuppressWarnings("restricted") // a test reading the kernel through FFM, on purpose
final class KernelClock implements AutoCloseable {

    /** {@code SYS_clock_gettime} on x86-64. */
    static final long SYS_CLOCK_GETTIME = 228;

    private static final MethodHandle SYSCALL;

    static {
        Linker linker = Linker.nativeLinker();
        MemorySegment syscall = linker.defaultLookup().find("syscall")
                .orElseThrow(() -> new AssertionError("libc exports no syscall()"));
        // long syscall(long number, ...): the clock id and the pointer are variadic.
        SYSCALL = linker.downcallHandle(syscall,
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
                Linker.Option.firstVariadicArg(1));
    }

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment ts = arena.allocate(16, 8);

    /**
     * The clock in nanoseconds, from the system call.
     *
     * @param linuxId the Linux clockid_t
     * @return {@code tv_sec * 10^9 + tv_nsec}
     */
    long read(int linuxId) {
        long rc;
        try {
            rc = (long) SYSCALL.invokeExact(SYS_CLOCK_GETTIME, (long) linuxId, ts);
        } catch (Throwable t) {
            throw new AssertionError("syscall(SYS_clock_gettime, " + linuxId + ") threw", t);
        }
        if (rc != 0) {
            throw new AssertionError("syscall(SYS_clock_gettime, " + linuxId + ") returned " + rc);
        }
        return ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8);
    }

    long read(ClockId clock) {
        return read(clock.linuxId());
    }

    @Override
    public void close() {
        arena.close();
    }
}
