package dev.fastclock.integrations;

import dev.fastclock.FastClock;

import org.apache.logging.log4j.core.util.Clock;

/**
 * Log4j2's clock at millisecond resolution from {@link FastClock#coarseEpochMillis()}: the wall clock as
 * of the kernel's last timer tick, read without a system call. It gives what Log4j2's
 * {@code CoarseCachedClock} gives, without the thread that clock keeps running to update it.
 *
 * <p>Install it with {@code -Dlog4j2.clock=dev.fastclock.integrations.Log4jCoarseClock}. Log events then
 * carry whole milliseconds that may trail the true time by a tick (see
 * {@link FastClock#resolutionNanos(dev.fastclock.ClockId)} for {@code REALTIME_COARSE}, typically 1 to 4
 * ms). For nanosecond timestamps use {@link Log4jClock}.
 */
public final class Log4jCoarseClock implements Clock {

    /** The clock; Log4j2 creates it by reflection from the {@code log4j2.clock} property. */
    public Log4jCoarseClock() {
    }

    /**
     * Milliseconds since the Unix epoch as of the last timer tick, from {@link FastClock#coarseEpochMillis()}.
     *
     * @return milliseconds since 1970-01-01T00:00:00Z
     */
    @Override
    public long currentTimeMillis() {
        return FastClock.coarseEpochMillis();
    }

    @Override
    public String toString() {
        return "Log4jCoarseClock[FastClock.coarseEpochMillis()]";
    }
}
