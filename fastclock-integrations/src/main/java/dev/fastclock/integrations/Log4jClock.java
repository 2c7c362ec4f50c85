package dev.fastclock.integrations;

import dev.fastclock.FastClock;

import org.apache.logging.log4j.core.time.MutableInstant;
import org.apache.logging.log4j.core.time.PreciseClock;

/**
 * Log4j2's clock, with nanosecond log-event timestamps from {@link FastClock#epochNanos()}.
 *
 * <p>Install it with {@code -Dlog4j2.clock=dev.fastclock.integrations.Log4jClock} (or the same key in
 * {@code log4j2.component.properties}); Log4j2 then stamps every event through
 * {@link #init(MutableInstant)}, and a pattern such as {@code %d{HH:mm:ss.nnnnnnnnn}} prints the
 * nanoseconds. Every call reads FastClock, so a test running with {@code -Dfastclock.provider=settable}
 * sees its settable clock in every log line.
 */
public final class Log4jClock implements PreciseClock {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** The clock; Log4j2 creates it by reflection from the {@code log4j2.clock} property. */
    public Log4jClock() {
    }

    /**
     * Milliseconds since the Unix epoch, from {@link FastClock#epochMillis()}.
     *
     * @return milliseconds since 1970-01-01T00:00:00Z
     */
    @Override
    public long currentTimeMillis() {
        return FastClock.epochMillis();
    }

    /**
     * Sets {@code instant} to {@link FastClock#epochNanos()}, allocating nothing: Log4j2's own clock goes
     * through a {@link java.time.Instant}.
     *
     * @param instant the event's timestamp, overwritten
     */
    @Override
    public void init(MutableInstant instant) {
        long now = FastClock.epochNanos();
        // floor, not truncation: a settable clock can stand before 1970
        instant.initFromEpochSecond(Math.floorDiv(now, NANOS_PER_SECOND), (int) Math.floorMod(now, NANOS_PER_SECOND));
    }

    @Override
    public String toString() {
        return "Log4jClock[FastClock.epochNanos()]";
    }
}
