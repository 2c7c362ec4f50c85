package dev.fastclock;

/**
 * {@link FastClock#source()} and {@link CpuLocator#source()}: the static methods seen through the API's
 * interfaces. Stateless, so one instance serves; each method calls the static one, which the JIT inlines.
 */
final class ActiveSource implements TimeSource, CpuSource {

    static final ActiveSource INSTANCE = new ActiveSource();

    // Typed factories: FastClock returns these without naming ActiveSource or TimeSourceClock, so verifying
    // FastClock at a first call loads neither (each class a cold JVM loads costs it a fraction of a ms).

    static TimeSource timeSource() {
        return INSTANCE;
    }

    static CpuSource cpuSource() {
        return INSTANCE;
    }

    static java.time.Clock utc() {
        return TimeSourceClock.of(INSTANCE);
    }

    private ActiveSource() {
    }

    @Override
    public long nanos() {
        return FastClock.nanos();
    }

    @Override
    public long coarseNanos() {
        return FastClock.coarseNanos();
    }

    @Override
    public long epochNanos() {
        return FastClock.epochNanos();
    }

    @Override
    public long epochMicros() {
        return FastClock.epochMicros();
    }

    @Override
    public long epochMillis() {
        return FastClock.epochMillis();
    }

    @Override
    public long coarseEpochMillis() {
        return FastClock.coarseEpochMillis();
    }

    @Override
    public long epochSeconds() {
        return FastClock.epochSeconds();
    }

    @Override
    public long bootNanos() {
        return FastClock.bootNanos();
    }

    @Override
    public long rawNanos() {
        return FastClock.rawNanos();
    }

    @Override
    public long taiNanos() {
        return FastClock.taiNanos();
    }

    @Override
    public long ticks() {
        return FastClock.ticks();
    }

    @Override
    public long ticksToNanos(long ticks) {
        return FastClock.ticksToNanos(ticks);
    }

    @Override
    public long ticksPerSecond() {
        return FastClock.ticksPerSecond();
    }

    @Override
    public long resolutionNanos(ClockId clock) {
        return FastClock.resolutionNanos(clock);
    }

    @Override
    public ClockStatus clockStatus() {
        return FastClock.clockStatus();
    }

    @Override
    public int cpu() {
        return CpuLocator.cpu();
    }

    @Override
    public int node() {
        return CpuLocator.node();
    }

    @Override
    public boolean isSupported() {
        return CpuLocator.isSupported();
    }

    @Override
    public String toString() {
        return "FastClock.source()[" + FastClock.providerName() + "]";
    }
}
