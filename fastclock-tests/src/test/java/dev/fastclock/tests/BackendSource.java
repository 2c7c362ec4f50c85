package dev.fastclock.tests;

import dev.fastclock.ClockId;
import dev.fastclock.CpuSource;
import dev.fastclock.TimeSource;
import dev.fastclock.spi.FastClockBackend;

/**
 * A provider's backend seen through the API's interfaces, so the contracts judge a backend built directly
 * ({@code LinuxX64Provider.backend(Route)}, {@code new SystemClockBackend()}) exactly as they judge
 * {@code FastClock.source()}. The SPI depends on nothing in the API, so the backend is not itself a
 * {@link TimeSource}: every method here is a plain delegation.
 *
 * @param backend the backend
 */
record BackendSource(FastClockBackend backend) implements TimeSource, CpuSource {

    @Override
    public long nanos() {
        return backend.nanos();
    }

    @Override
    public long coarseNanos() {
        return backend.coarseNanos();
    }

    @Override
    public long epochNanos() {
        return backend.epochNanos();
    }

    @Override
    public long epochMicros() {
        return backend.epochMicros();
    }

    @Override
    public long epochMillis() {
        return backend.epochMillis();
    }

    @Override
    public long coarseEpochMillis() {
        return backend.coarseEpochMillis();
    }

    @Override
    public long epochSeconds() {
        return backend.epochSeconds();
    }

    @Override
    public long bootNanos() {
        return backend.bootNanos();
    }

    @Override
    public long rawNanos() {
        return backend.rawNanos();
    }

    @Override
    public long taiNanos() {
        return backend.taiNanos();
    }

    @Override
    public long ticks() {
        return backend.ticks();
    }

    @Override
    public long ticksToNanos(long ticks) {
        return backend.ticksToNanos(ticks);
    }

    @Override
    public long ticksPerSecond() {
        return backend.ticksPerSecond();
    }

    @Override
    public long resolutionNanos(ClockId clock) {
        return backend.resolutionNanos(clock.linuxId());
    }

    @Override
    public int cpu() {
        return backend.cpu();
    }

    @Override
    public int node() {
        return backend.node();
    }

    @Override
    public boolean isSupported() {
        return backend.isSupported();
    }
}
