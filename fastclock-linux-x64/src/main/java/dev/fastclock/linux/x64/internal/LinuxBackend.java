package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.SystemClockBackend;

/**
 * The Linux backend: one {@link Call} per method, each on the route the {@link Planner} chose.
 *
 * <p>A record on purpose: HotSpot trusts a record's final fields as constants, so when FastClock holds
 * this backend in a {@code static final} each {@link Call} and its handle fold to constants, the JDK
 * branch and the result {@code switch} fold away, and each call inlines down to the downcall itself.
 *
 * <p>A call that failed ({@link Stubs#FAILED}) is answered from the JDK for that call, so an error is
 * never a value; a failed CPU or node call answers -1, "unknown".
 */
record LinuxBackend(Call nanosCall, Call coarseNanosCall, Call epochNanosCall, Call epochMicrosCall, Call epochMillisCall,
                    Call coarseEpochMillisCall, Call epochSecondsCall, Call resolutionCall, Call cpuCall, Call nodeCall,
                    boolean isSupported, String describeRoutes) implements FastClockBackend {

    private static final SystemClockBackend JDK = new SystemClockBackend();

    @Override
    public long nanos() {
        long v;
        return nanosCall.isJdk() || (v = nanosCall.read()) == Stubs.FAILED ? JDK.nanos() : v;
    }

    @Override
    public long coarseNanos() {
        long v;
        return coarseNanosCall.isJdk() || (v = coarseNanosCall.read()) == Stubs.FAILED ? JDK.coarseNanos() : v;
    }

    @Override
    public long epochNanos() {
        long v;
        return epochNanosCall.isJdk() || (v = epochNanosCall.read()) == Stubs.FAILED ? JDK.epochNanos() : v;
    }

    @Override
    public long epochMicros() {
        long v;
        return epochMicrosCall.isJdk() || (v = epochMicrosCall.read()) == Stubs.FAILED ? JDK.epochMicros() : v;
    }

    @Override
    public long epochMillis() {
        long v;
        return epochMillisCall.isJdk() || (v = epochMillisCall.read()) == Stubs.FAILED ? JDK.epochMillis() : v;
    }

    @Override
    public long coarseEpochMillis() {
        long v;
        return coarseEpochMillisCall.isJdk() || (v = coarseEpochMillisCall.read()) == Stubs.FAILED ? JDK.coarseEpochMillis() : v;
    }

    @Override
    public long epochSeconds() {
        long v;
        return epochSecondsCall.isJdk() || (v = epochSecondsCall.read()) == Stubs.FAILED ? JDK.epochSeconds() : v;
    }

    @Override
    public long resolutionNanos(ClockId clock) {
        long v;
        return resolutionCall.isJdk() || (v = resolutionCall.read(clock.linuxId())) <= 0 ? JDK.resolutionNanos(clock) : v;
    }

    @Override
    public int cpu() {
        return cpuCall.isJdk() ? -1 : (int) cpuCall.read();
    }

    @Override
    public int node() {
        return nodeCall.isJdk() ? -1 : (int) nodeCall.read();
    }

    @Override
    public String toString() {
        return "LinuxBackend";
    }
}
