package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.SystemClockBackend;

import java.lang.invoke.MethodHandle;

/**
 * The Linux backend: one method handle per method, each bound to the route the {@link Planner} chose.
 *
 * <p>A record on purpose: HotSpot trusts a record's final fields as constants, so when FastClock holds
 * this backend in a {@code static final} the handles fold to constants and each call inlines down to
 * the downcall itself. With a plain class the handles would be loaded and invoked as data.
 *
 * <p>A handle returns {@link Stubs#FAILED} (or -1 for the CPU) when its native call failed; the backend
 * then answers from the JDK for that call, so an error is never a value.
 */
record LinuxBackend(MethodHandle nanosH, MethodHandle coarseNanosH, MethodHandle epochNanosH, MethodHandle epochMicrosH,
                    MethodHandle epochMillisH, MethodHandle coarseEpochMillisH, MethodHandle epochSecondsH,
                    MethodHandle resolutionH, MethodHandle cpuH, MethodHandle nodeH,
                    boolean isSupported, String describeRoutes) implements FastClockBackend {

    private static final SystemClockBackend JDK = new SystemClockBackend();

    @Override
    public long nanos() {
        long v = call(nanosH);
        return v != Stubs.FAILED ? v : JDK.nanos();
    }

    @Override
    public long coarseNanos() {
        long v = call(coarseNanosH);
        return v != Stubs.FAILED ? v : JDK.coarseNanos();
    }

    @Override
    public long epochNanos() {
        long v = call(epochNanosH);
        return v != Stubs.FAILED ? v : JDK.epochNanos();
    }

    @Override
    public long epochMicros() {
        long v = call(epochMicrosH);
        return v != Stubs.FAILED ? v : JDK.epochMicros();
    }

    @Override
    public long epochMillis() {
        long v = call(epochMillisH);
        return v != Stubs.FAILED ? v : JDK.epochMillis();
    }

    @Override
    public long coarseEpochMillis() {
        long v = call(coarseEpochMillisH);
        return v != Stubs.FAILED ? v : JDK.coarseEpochMillis();
    }

    @Override
    public long epochSeconds() {
        long v = call(epochSecondsH);
        return v != Stubs.FAILED ? v : JDK.epochSeconds();
    }

    @Override
    public long resolutionNanos(ClockId clock) {
        long v;
        try {
            v = (long) resolutionH.invokeExact(clock.linuxId());
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return v != Stubs.FAILED && v > 0 ? v : JDK.resolutionNanos(clock);
    }

    @Override
    public int cpu() {
        try {
            return (int) cpuH.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public int node() {
        try {
            return (int) nodeH.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static long call(MethodHandle h) {
        try {
            return (long) h.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static RuntimeException unexpected(Throwable t) {
        // Downcalls to the vDSO and our stubs do not throw; anything here is a bug worth seeing.
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    @Override
    public String toString() {
        return "LinuxBackend";
    }
}
