package dev.fastclock;

/**
 * An instance view of every clock {@link FastClock} serves, for code that takes its clock as a
 * dependency (and a {@link SettableClock} in its tests).
 *
 * <p>{@link FastClock#source()} returns a view of the active provider. Every method is thread-safe,
 * returns a primitive and allocates nothing. The methods added after the first release have
 * defaults, so an implementation written before them keeps compiling; see {@link FastClock} for each
 * method's full contract.
 */
public interface TimeSource {

    /** {@code CLOCK_MONOTONIC} in nanoseconds: the origin and scale of {@link System#nanoTime()} on Linux. @return the reading */
    long nanos();

    /** {@code CLOCK_MONOTONIC_COARSE} in nanoseconds: {@link #nanos()} as of the last timer tick. @return the reading */
    long coarseNanos();

    /** {@code CLOCK_REALTIME} in nanoseconds since the Unix epoch. @return the reading */
    long epochNanos();

    /** Microseconds since the Unix epoch, as {@code gettimeofday} gives them. @return the reading */
    long epochMicros();

    /** Milliseconds since the Unix epoch, from {@code CLOCK_REALTIME}. @return the reading */
    long epochMillis();

    /** {@code CLOCK_REALTIME_COARSE} in milliseconds since the Unix epoch: as of the last timer tick. @return the reading */
    long coarseEpochMillis();

    /** Whole seconds since the Unix epoch, as {@code time(NULL)} gives them. @return the reading */
    long epochSeconds();

    /**
     * {@code CLOCK_BOOTTIME} in nanoseconds: {@link #nanos()} plus the time the system was suspended;
     * by default {@link #nanos()}.
     *
     * @return the reading
     */
    default long bootNanos() {
        return nanos();
    }

    /**
     * {@code CLOCK_MONOTONIC_RAW} in nanoseconds: without NTP's rate corrections; by default {@link #nanos()}.
     *
     * @return the reading
     */
    default long rawNanos() {
        return nanos();
    }

    /**
     * {@code CLOCK_TAI} in nanoseconds since the Unix epoch: {@code CLOCK_REALTIME} plus the kernel's
     * TAI offset; by default {@link #epochNanos()}.
     *
     * @return the reading
     */
    default long taiNanos() {
        return epochNanos();
    }

    /**
     * An elapsed-time counter in ticks, never going back on one thread; by default {@link #nanos()}.
     *
     * @return the reading, in ticks
     */
    default long ticks() {
        return nanos();
    }

    /**
     * A tick count (a difference of two {@link #ticks()} readings) in nanoseconds; by default the identity.
     *
     * @param ticks the tick count
     * @return nanoseconds
     */
    default long ticksToNanos(long ticks) {
        return ticks;
    }

    /**
     * The rate of {@link #ticks()}; by default 10^9.
     *
     * @return ticks per second
     */
    default long ticksPerSecond() {
        return 1_000_000_000L;
    }

    /**
     * How good the wall clock is now ({@link FastClock#clockStatus()}); by default unknown.
     *
     * @return the status
     */
    default ClockStatus clockStatus() {
        return ClockStatus.unknown(epochNanos());
    }

    /**
     * Returns the resolution of a clock in nanoseconds: the smallest step its values can take
     * ({@code clock_getres}). For the coarse clocks this is the timer tick.
     *
     * @param clock the clock
     * @return the resolution in nanoseconds, at least 1
     */
    long resolutionNanos(ClockId clock);
}
