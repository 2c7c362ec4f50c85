package dev.fastclock;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link java.time.Clock} (and so an {@link java.time.InstantSource}) that reads a
 * {@link TimeSource}'s wall clock, so code written against {@code java.time} can use FastClock.
 *
 * <p>{@link #millis()} reads {@link TimeSource#epochMillis()} and allocates nothing;
 * {@link #instant()} reads {@link TimeSource#epochNanos()} and allocates the {@link Instant}.
 * Immutable and thread-safe.
 */
public final class TimeSourceClock extends Clock {

    private final TimeSource source;
    private final ZoneId zone;

    private TimeSourceClock(TimeSource source, ZoneId zone) {
        this.source = source;
        this.zone = zone;
    }

    /**
     * A UTC clock reading {@code source}.
     *
     * @param source the time source
     * @return the clock
     */
    public static TimeSourceClock of(TimeSource source) {
        return of(source, ZoneOffset.UTC);
    }

    /**
     * A clock reading {@code source} in {@code zone}.
     *
     * @param source the time source
     * @param zone   the zone for {@link #getZone()}
     * @return the clock
     */
    public static TimeSourceClock of(TimeSource source, ZoneId zone) {
        return new TimeSourceClock(Objects.requireNonNull(source, "source"), Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public TimeSourceClock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : of(source, zone);
    }

    @Override
    public long millis() {
        return source.epochMillis();
    }

    @Override
    public Instant instant() {
        long n = source.epochNanos();
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeSourceClock c && c.source.equals(source) && c.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 31 + zone.hashCode();
    }

    @Override
    public String toString() {
        return "TimeSourceClock[" + source + ", " + zone + "]";
    }
}
