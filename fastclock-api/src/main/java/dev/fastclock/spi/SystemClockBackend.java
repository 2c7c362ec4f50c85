package dev.fastclock.spi;

import dev.fastclock.ClockId;

import java.time.Clock;
import java.time.Instant;

/**
 * The pure-Java backend of the {@code jdk} provider: {@link System#nanoTime()},
 * {@link System#currentTimeMillis()} and {@link Instant}, with the CPU unknown. It works on every
 * OS and CPU. Providers may delegate to it for methods they cannot serve.
 *
 * <p>{@link #coarseNanos()} is {@link System#nanoTime()} and {@link #coarseEpochMillis()} is
 * {@link System#currentTimeMillis()}: the JDK has no coarse clock, so they are exact, not cheaper.
 * {@link #epochNanos()} and {@link #epochMicros()} read {@link Clock#systemUTC()}, whose
 * {@code Instant} escape analysis normally removes once the call is inlined.
 */
public final class SystemClockBackend implements FastClockBackend {

    private static final Clock UTC = Clock.systemUTC();

    /** The backend; stateless. */
    public SystemClockBackend() {
    }

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public long coarseNanos() {
        return System.nanoTime();
    }

    @Override
    public long epochNanos() {
        Instant now = UTC.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public long epochMicros() {
        Instant now = UTC.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public long epochMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public long coarseEpochMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public long epochSeconds() {
        return Math.floorDiv(System.currentTimeMillis(), 1_000L);
    }

    /** Returns 1 ns for every clock but {@link ClockId#REALTIME_COARSE}, which is served in milliseconds. */
    @Override
    public long resolutionNanos(ClockId clock) {
        return switch (clock) {
            case REALTIME_COARSE -> 1_000_000L;
            case REALTIME, MONOTONIC, MONOTONIC_COARSE -> 1L;
        };
    }

    /** Returns -1: the JDK cannot tell. */
    @Override
    public int cpu() {
        return -1;
    }

    /** Returns -1: the JDK cannot tell. */
    @Override
    public int node() {
        return -1;
    }

    /** Returns false. */
    @Override
    public boolean isSupported() {
        return false;
    }

    @Override
    public String describeRoutes() {
        return "every method: jdk (System.nanoTime, System.currentTimeMillis, Instant.now; CPU and node unknown, -1)";
    }
}
