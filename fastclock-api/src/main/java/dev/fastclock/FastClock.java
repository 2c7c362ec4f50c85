package dev.fastclock;

import dev.fastclock.internal.Active;

import java.time.Clock;

/**
 * The cheapest time calls the platform offers, as static methods.
 *
 * <p>On Linux x86-64 with {@code fastclock-linux-x64} present they call the kernel's vDSO (or the
 * route measured fastest for each method) through the FFM API; elsewhere they fall back to the JDK.
 * {@link #describe()} says which route serves each method and why.
 *
 * <p>Every time method is thread-safe, safe on virtual threads, returns a primitive and allocates
 * nothing. The provider is chosen once, at the first call of any FastClock or {@link CpuLocator}
 * method (see {@link dev.fastclock.spi.FastClockProvider} for the rules); after that each call is
 * a call on a {@code static final} object that the JIT inlines. If a provider was forced with
 * {@code -Dfastclock.provider} or a route with {@code -Dfastclock.route} and it cannot work, every
 * method but {@link #describe()} throws {@link IllegalStateException} saying why.
 *
 * <p>Costs quoted below are ns per call on Linux x86-64 with {@code fastclock-linux-x64}, from the
 * README's benchmark run (2-core EPYC, JDK 25); other machines differ, the ratios less so.
 *
 * <p>The JVM needs {@code --enable-native-access=dev.fastclock.linux.x64} (or {@code ALL-UNNAMED}
 * on the class path) for the native routes; without it the JDK prints one warning, and with
 * {@code --illegal-native-access=deny} FastClock falls back to the JDK and {@link #describe()}
 * names the missing flag.
 */
public final class FastClock {

    private FastClock() {
    }

    /**
     * {@code CLOCK_MONOTONIC} in nanoseconds: the same origin and scale as {@link System#nanoTime()}
     * on Linux, so the two can be compared and subtracted. Never goes back. Use differences only.
     * Resolution 1 ns; cost that of {@code System.nanoTime()}, which serves it on Linux x86-64 (measured
     * equal or faster than any FFM route, about 24 ns on the README's machine).
     *
     * @return nanoseconds since an arbitrary origin (boot, on Linux)
     */
    public static long nanos() {
        return Active.BACKEND.nanos();
    }

    /**
     * {@code CLOCK_MONOTONIC_COARSE} in nanoseconds: {@link #nanos()} as of the last timer tick
     * (see {@link #resolutionNanos(ClockId)}, typically 1-4 ms; it may trail {@link #nanos()} by up to
     * two ticks), far cheaper (about 5 ns against 24); for timeouts and rate limits that can live with
     * a few milliseconds of error.
     *
     * @return nanoseconds since the origin of {@link #nanos()}
     */
    public static long coarseNanos() {
        return Active.BACKEND.coarseNanos();
    }

    /**
     * {@code CLOCK_REALTIME} in nanoseconds since the Unix epoch. Jumps when the system time is set.
     * Resolution 1 ns; about 25 ns, with no {@code Instant} allocated.
     *
     * @return nanoseconds since 1970-01-01T00:00:00Z
     */
    public static long epochNanos() {
        return Active.BACKEND.epochNanos();
    }

    /**
     * Microseconds since the Unix epoch, from {@code gettimeofday}; about 26 ns.
     *
     * @return microseconds since 1970-01-01T00:00:00Z
     */
    public static long epochMicros() {
        return Active.BACKEND.epochMicros();
    }

    /**
     * Milliseconds since the Unix epoch, from {@code CLOCK_REALTIME}: what
     * {@link System#currentTimeMillis()} returns, and served by it on Linux x86-64 (as fast as any
     * other route).
     *
     * @return milliseconds since 1970-01-01T00:00:00Z
     */
    public static long epochMillis() {
        return Active.BACKEND.epochMillis();
    }

    /**
     * {@code CLOCK_REALTIME_COARSE} in milliseconds since the Unix epoch: wall-clock time as of the
     * last timer tick, far cheaper than {@link #epochMillis()} (about 5 ns against 25); for log and
     * event stamps.
     *
     * @return milliseconds since 1970-01-01T00:00:00Z
     */
    public static long coarseEpochMillis() {
        return Active.BACKEND.coarseEpochMillis();
    }

    /**
     * Whole seconds since the Unix epoch, from {@code time(NULL)} (the kernel's coarse second; about
     * 3 ns).
     *
     * @return seconds since 1970-01-01T00:00:00Z
     */
    public static long epochSeconds() {
        return Active.BACKEND.epochSeconds();
    }

    /**
     * The resolution of a clock in nanoseconds ({@code clock_getres}): 1 for the fine clocks on a
     * modern kernel, the timer tick (1 to 10 ms) for the coarse ones. Not for hot paths.
     *
     * @param clock the clock
     * @return nanoseconds, at least 1
     */
    public static long resolutionNanos(ClockId clock) {
        return Active.BACKEND.resolutionNanos(clock);
    }

    /**
     * The active implementation as an instance, for code that takes its clock as a dependency.
     *
     * @return the active time source
     */
    public static TimeSource source() {
        return Active.BACKEND;
    }

    /**
     * A {@link java.time.Clock} in UTC reading {@link #epochMillis()} and {@link #epochNanos()}.
     *
     * @return the clock
     */
    public static Clock systemUTC() {
        return TimeSourceClock.of(Active.BACKEND);
    }

    /**
     * The name of the chosen provider, such as {@code linux-x64} or {@code jdk}.
     *
     * @return the provider name
     */
    public static String providerName() {
        return Active.SELECTION.providerName();
    }

    /**
     * A readable report: the chosen provider, the route that serves each method and why the others
     * were passed over, and every provider that was not taken with its reason. Never throws.
     *
     * @return the report, several lines
     */
    public static String describe() {
        return Active.SELECTION.report();
    }
}
