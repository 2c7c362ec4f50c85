package dev.fastclock.spi;

import java.util.List;

/**
 * What a {@link FastClockProvider} builds once it is chosen: every clock and the CPU locator.
 *
 * <p>{@code FastClock} and {@code CpuLocator} hold the chosen backend as a constant to the JIT, which
 * sees its exact class and inlines its methods into the caller: an implementation should keep each
 * method small, allocation-free and branch-light. Each method has the contract of the
 * {@code dev.fastclock.FastClock} or {@code dev.fastclock.CpuLocator} method of the same name.
 *
 * <p>The methods added after the first release have defaults, so an older provider keeps compiling
 * and working: the extra kernel clocks answer from the nearest clock it has, and the ticks are its
 * {@link #nanos()} (one tick, one nanosecond).
 *
 * <p>This package depends on nothing else in FastClock: the API sits on top of it.
 */
public interface FastClockBackend {

    /** {@code CLOCK_MONOTONIC} in nanoseconds. @return the reading */
    long nanos();

    /** {@code CLOCK_MONOTONIC_COARSE} in nanoseconds. @return the reading */
    long coarseNanos();

    /** {@code CLOCK_REALTIME} in nanoseconds since the Unix epoch. @return the reading */
    long epochNanos();

    /** Microseconds since the Unix epoch. @return the reading */
    long epochMicros();

    /** Milliseconds since the Unix epoch. @return the reading */
    long epochMillis();

    /** {@code CLOCK_REALTIME_COARSE} in milliseconds since the Unix epoch. @return the reading */
    long coarseEpochMillis();

    /** Whole seconds since the Unix epoch. @return the reading */
    long epochSeconds();

    /**
     * The resolution of a clock in nanoseconds.
     *
     * @param linuxClockId the Linux {@code clockid_t} of the clock ({@code ClockId.linuxId()})
     * @return nanoseconds, at least 1
     */
    long resolutionNanos(int linuxClockId);

    /** {@code CLOCK_BOOTTIME} in nanoseconds; by default {@link #nanos()}. @return the reading */
    default long bootNanos() {
        return nanos();
    }

    /** {@code CLOCK_MONOTONIC_RAW} in nanoseconds; by default {@link #nanos()}. @return the reading */
    default long rawNanos() {
        return nanos();
    }

    /** {@code CLOCK_TAI} in nanoseconds since the Unix epoch; by default {@link #epochNanos()}. @return the reading */
    default long taiNanos() {
        return epochNanos();
    }

    /** The elapsed-time counter; by default {@link #nanos()}. @return the reading, in ticks */
    default long ticks() {
        return nanos();
    }

    /**
     * A difference of two {@link #ticks()} readings in nanoseconds; by default the identity.
     *
     * @param ticks a tick count
     * @return nanoseconds
     */
    default long ticksToNanos(long ticks) {
        return ticks;
    }

    /** The rate of {@link #ticks()}; by default 10^9. @return ticks per second */
    default long ticksPerSecond() {
        return 1_000_000_000L;
    }

    /** The CPU the calling thread ran on during the call, or -1. @return the CPU */
    int cpu();

    /** The NUMA node the calling thread ran on during the call, or -1. @return the node */
    int node();

    /** Whether {@link #cpu()} and {@link #node()} give real answers. @return true if they do */
    boolean isSupported();

    /**
     * How this backend serves each method, for {@code FastClock.report()}: one entry per method it
     * plans, in a stable order. It may do work (plan every method not yet planned) but must not throw
     * for a reason a caller can fix; it is never called on a hot path.
     *
     * @return the routes, possibly empty
     */
    default List<MethodRoute> routes() {
        return List.of();
    }

    /**
     * Facts about this backend's routes that belong in the report but to no one method (where the
     * vDSO was found, the clocksource), one line each.
     *
     * @return the notes, possibly empty
     */
    default List<String> notes() {
        return List.of();
    }

    /**
     * A backend whose every method but {@link #routes()} and {@link #notes()} throws
     * {@link IllegalStateException} with {@code message}: what a provider returns when the user forced
     * a choice (a route, a mode) that cannot work, so the first call fails loudly.
     *
     * @param message why it cannot work, and what to do
     * @param cause   the underlying failure, or null
     * @return the failing backend
     */
    static FastClockBackend failing(String message, Throwable cause) {
        return new FailedBackend(message, cause);
    }
}
