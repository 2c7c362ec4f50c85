package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.SystemClockBackend;

/**
 * A Linux backend with every method planned up front: one {@link Call} per method, each on the
 * route the {@link Planner} chose. What {@code LinuxX64Provider.backend(Route)} and forced routes
 * return; the provider's default is {@link LazyLinuxBackend}. Both answer through the static methods
 * here.
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
        return nanos(nanosCall);
    }

    @Override
    public long coarseNanos() {
        return coarseNanos(coarseNanosCall);
    }

    @Override
    public long epochNanos() {
        return epochNanos(epochNanosCall);
    }

    @Override
    public long epochMicros() {
        return epochMicros(epochMicrosCall);
    }

    @Override
    public long epochMillis() {
        return epochMillis(epochMillisCall);
    }

    @Override
    public long coarseEpochMillis() {
        return coarseEpochMillis(coarseEpochMillisCall);
    }

    @Override
    public long epochSeconds() {
        return epochSeconds(epochSecondsCall);
    }

    @Override
    public long resolutionNanos(ClockId clock) {
        return resolutionNanos(resolutionCall, clock);
    }

    @Override
    public int cpu() {
        return cpuOrNode(cpuCall);
    }

    @Override
    public int node() {
        return cpuOrNode(nodeCall);
    }

    @Override
    public String toString() {
        return "LinuxBackend";
    }

    // ---- each method given its call: shared with LazyLinuxBackend ----

    static long nanos(Call c) {
        long v;
        return c.isJdk() || (v = c.read()) == Stubs.FAILED ? JDK.nanos() : v;
    }

    static long coarseNanos(Call c) {
        long v;
        return c.isJdk() || (v = c.read()) == Stubs.FAILED ? JDK.coarseNanos() : v;
    }

    static long epochNanos(Call c) {
        long v;
        return c.isJdk() || (v = c.read()) == Stubs.FAILED ? JDK.epochNanos() : v;
    }

    static long epochMicros(Call c) {
        long v;
        return c.isJdk() || (v = c.read()) == Stubs.FAILED ? JDK.epochMicros() : v;
    }

    static long epochMillis(Call c) {
        long v;
        return c.isJdk() || (v = c.read()) == Stubs.FAILED ? JDK.epochMillis() : v;
    }

    static long coarseEpochMillis(Call c) {
        long v;
        return c.isJdk() || (v = c.read()) == Stubs.FAILED ? JDK.coarseEpochMillis() : v;
    }

    static long epochSeconds(Call c) {
        long v;
        return c.isJdk() || (v = c.read()) == Stubs.FAILED ? JDK.epochSeconds() : v;
    }

    static long resolutionNanos(Call c, ClockId clock) {
        long v;
        return c.isJdk() || (v = c.read(clock.linuxId())) <= 0 ? JDK.resolutionNanos(clock) : v;
    }

    static int cpuOrNode(Call c) {
        return c.isJdk() ? -1 : (int) c.read();
    }
}
