package dev.fastclock;

import dev.fastclock.internal.Active;

/**
 * {@link FastClock#source()} and {@link CpuLocator#source()}: the active backend seen through the
 * API's interfaces. Stateless, so one instance serves; each call reads the active backend, which the
 * JIT sees as a constant.
 */
final class ActiveSource implements TimeSource, CpuSource {

    static final ActiveSource INSTANCE = new ActiveSource();

    private ActiveSource() {
    }

    @Override
    public long nanos() {
        return Active.backend().nanos();
    }

    @Override
    public long coarseNanos() {
        return Active.backend().coarseNanos();
    }

    @Override
    public long epochNanos() {
        return Active.backend().epochNanos();
    }

    @Override
    public long epochMicros() {
        return Active.backend().epochMicros();
    }

    @Override
    public long epochMillis() {
        return Active.backend().epochMillis();
    }

    @Override
    public long coarseEpochMillis() {
        return Active.backend().coarseEpochMillis();
    }

    @Override
    public long epochSeconds() {
        return Active.backend().epochSeconds();
    }

    @Override
    public long bootNanos() {
        return Active.backend().bootNanos();
    }

    @Override
    public long rawNanos() {
        return Active.backend().rawNanos();
    }

    @Override
    public long taiNanos() {
        return Active.backend().taiNanos();
    }

    @Override
    public long ticks() {
        return Active.backend().ticks();
    }

    @Override
    public long ticksToNanos(long ticks) {
        return Active.backend().ticksToNanos(ticks);
    }

    @Override
    public long ticksPerSecond() {
        return Active.backend().ticksPerSecond();
    }

    @Override
    public long resolutionNanos(ClockId clock) {
        return Active.backend().resolutionNanos(clock.linuxId());
    }

    @Override
    public int cpu() {
        return Active.backend().cpu();
    }

    @Override
    public int node() {
        return Active.backend().node();
    }

    @Override
    public boolean isSupported() {
        return Active.backend().isSupported();
    }

    @Override
    public String toString() {
        return "FastClock.source()[" + FastClock.providerName() + "]";
    }
}
