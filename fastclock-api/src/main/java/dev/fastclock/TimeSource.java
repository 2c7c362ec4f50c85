package dev.fastclock;

/**
 * An instance view of every clock {@link FastClock} serves, for code that takes its clock as a
 * dependency (and a {@link SettableClock} in its tests).
 *
 * <p>{@link FastClock#source()} returns the active provider's implementation. Every method is
 * thread-safe, returns a primitive and allocates nothing.
 */
public interface TimeSource {

    /** {@code CLOCK_MONOTONIC} in nanoseconds: the origin and scale of {@link System#nanoTime()} on Linux. */
    long nanos();

    /** {@code CLOCK_MONOTONIC_COARSE} in nanoseconds: {@link #nanos()} as of the last timer tick. */
    long coarseNanos();

    /** {@code CLOCK_REALTIME} in nanoseconds since the Unix epoch. */
    long epochNanos();

    /** Microseconds since the Unix epoch, as {@code gettimeofday} gives them. */
    long epochMicros();

    /** Milliseconds since the Unix epoch, from {@code CLOCK_REALTIME}. */
    long epochMillis();

    /** {@code CLOCK_REALTIME_COARSE} in milliseconds since the Unix epoch: as of the last timer tick. */
    long coarseEpochMillis();

    /** Whole seconds since the Unix epoch, as {@code time(NULL)} gives them. */
    long epochSeconds();

    /**
     * Returns the resolution of a clock in nanoseconds: the smallest step its values can take
     * ({@code clock_getres}). For the coarse clocks this is the timer tick.
     *
     * @param clock the clock
     * @return the resolution in nanoseconds, at least 1
     */
    long resolutionNanos(ClockId clock);
}
