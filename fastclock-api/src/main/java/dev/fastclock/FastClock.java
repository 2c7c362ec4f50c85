package dev.fastclock;

import dev.fastclock.internal.Active;
import dev.fastclock.internal.Selection;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.MethodRoute;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cheapest time calls the platform offers, as static methods.
 *
 * <p>On Linux x86-64 with {@code fastclock-linux-x64} present (and Java 22+) they call the kernel's
 * vDSO (or the route measured fastest for each method) through the FFM API; elsewhere they fall back
 * to the JDK. {@link #report()} says which route serves each method and why.
 *
 * <p>Every time method is thread-safe, safe on virtual threads, returns a primitive and allocates
 * nothing. The provider is chosen once, at the first call of any FastClock or {@link CpuLocator}
 * method (see {@link dev.fastclock.spi.FastClockProvider} for the rules), outside any class
 * initializer and lock: a call that comes back on the same thread while that choice is under way (from
 * a logger that FastClock's own messages reach, say) is answered by the JDK; a call from another
 * thread waits for the choice, a second at most. After it, each call goes to the chosen backend,
 * which the JIT inlines. If a provider was forced with {@code -Dfastclock.provider} or a route with
 * {@code -Dfastclock.route} and it cannot work, every method but {@link #report()},
 * {@link #describe()} and {@link #providerName()} throws {@link IllegalStateException} saying why.
 *
 * <p>Costs are stated relative to {@link System#nanoTime()}; the README's benchmark table has the
 * measured figures.
 *
 * <p>The JVM needs {@code --enable-native-access=dev.fastclock.linux.x64} (or {@code ALL-UNNAMED}
 * on the class path) for the native routes; without it the JDK prints one warning, and with
 * {@code --illegal-native-access=deny} FastClock falls back to the JDK and {@link #describe()} names
 * the missing flag.
 */
public final class FastClock {

    private FastClock() {
    }

    /**
     * {@code CLOCK_MONOTONIC} in nanoseconds: the same origin and scale as {@link System#nanoTime()}
     * on Linux, so the two can be compared and subtracted. Never goes back; NTP may slew its rate by
     * up to 500 ppm. Stops while the system is suspended (see {@link #bootNanos()}). Resolution 1 ns;
     * served by {@code System.nanoTime()} itself on Linux x86-64, which was measured as fast as any FFM
     * route.
     *
     * @return nanoseconds since an arbitrary origin (boot, on Linux)
     */
    public static long nanos() {
        return Active.backend().nanos();
    }

    /**
     * {@code CLOCK_MONOTONIC_COARSE} in nanoseconds: {@link #nanos()} as of the last timer tick (see
     * {@link #resolutionNanos(ClockId)}, typically 1-4 ms; it may trail {@link #nanos()} by up to two
     * ticks), at a fraction of its cost; for timeouts and rate limits that can live with a few
     * milliseconds of error.
     *
     * @return nanoseconds since the origin of {@link #nanos()}
     */
    public static long coarseNanos() {
        return Active.backend().coarseNanos();
    }

    /**
     * {@code CLOCK_REALTIME} in nanoseconds since the Unix epoch. Jumps when the system time is set.
     * Resolution 1 ns; about the cost of {@code System.nanoTime()}, with no {@code Instant} allocated.
     *
     * @return nanoseconds since 1970-01-01T00:00:00Z
     */
    public static long epochNanos() {
        return Active.backend().epochNanos();
    }

    /**
     * Microseconds since the Unix epoch, from {@code gettimeofday}.
     *
     * @return microseconds since 1970-01-01T00:00:00Z
     */
    public static long epochMicros() {
        return Active.backend().epochMicros();
    }

    /**
     * Milliseconds since the Unix epoch, from {@code CLOCK_REALTIME}: what
     * {@link System#currentTimeMillis()} returns, and served by it on Linux x86-64 (as fast as any
     * other route).
     *
     * @return milliseconds since 1970-01-01T00:00:00Z
     */
    public static long epochMillis() {
        return Active.backend().epochMillis();
    }

    /**
     * {@code CLOCK_REALTIME_COARSE} in milliseconds since the Unix epoch: wall-clock time as of the
     * last timer tick, at a fraction of the cost of {@link #epochMillis()}; for log and event stamps.
     *
     * @return milliseconds since 1970-01-01T00:00:00Z
     */
    public static long coarseEpochMillis() {
        return Active.backend().coarseEpochMillis();
    }

    /**
     * Whole seconds since the Unix epoch, from {@code time(NULL)} (the kernel's coarse second, read
     * with no conversion: among the cheapest calls there are).
     *
     * @return seconds since 1970-01-01T00:00:00Z
     */
    public static long epochSeconds() {
        return Active.backend().epochSeconds();
    }

    /**
     * {@code CLOCK_BOOTTIME} in nanoseconds: like {@link #nanos()} (same origin at boot, same rate,
     * never goes back) plus the time the system was suspended, so a timeout measured with it expires
     * across a laptop's sleep or a paused VM. Resolution 1 ns; on current kernels the vDSO reads it
     * in user space at the cost of {@link #nanos()} (older kernels make the system call inside the
     * vDSO: right, only slower). In a time namespace it is shifted as the namespace says, like the
     * kernel's. The {@code jdk} provider answers {@code System.nanoTime()}: without the suspended
     * time, and {@link #report()} says so.
     *
     * @return nanoseconds since boot, counting suspend
     */
    public static long bootNanos() {
        return Active.backend().bootNanos();
    }

    /**
     * {@code CLOCK_MONOTONIC_RAW} in nanoseconds: the hardware clock at its own rate, without NTP's
     * rate corrections, so intervals are not stretched or shrunk while NTP slews (benchmarks, and
     * calibrating other counters against it). Not comparable with {@link #nanos()}: the two drift
     * apart by up to the slew rate. Resolution 1 ns; the vDSO reads it in user space on current
     * kernels. The {@code jdk} provider answers {@code System.nanoTime()} (slewed), and
     * {@link #report()} says so.
     *
     * @return nanoseconds since an arbitrary origin
     */
    public static long rawNanos() {
        return Active.backend().rawNanos();
    }

    /**
     * {@code CLOCK_TAI} in nanoseconds since the Unix epoch: {@link #epochNanos()} plus the kernel's
     * TAI offset. That offset is 0 unless a time daemon sets it (chrony with {@code leapsectz}, ptp4l;
     * {@code adjtimex} shows it, and Doctor prints it), in which case this clock does not see leap
     * seconds. With the offset 0 this is exactly {@code CLOCK_REALTIME}. Resolution 1 ns; the vDSO
     * reads it in user space on current kernels. The {@code jdk} provider answers
     * {@link #epochNanos()} (offset 0).
     *
     * @return TAI nanoseconds since 1970-01-01T00:00:00 TAI
     */
    public static long taiNanos() {
        return Active.backend().taiNanos();
    }

    /**
     * A counter for elapsed time on this machine, in ticks: the cheapest elapsed-time reading there
     * is. Where the kernel trusts the CPU's time-stamp counter (a constant, non-stop TSC it has not
     * marked unstable) it is that counter, read with one instruction; elsewhere it is
     * {@link #nanos()} and a tick is a nanosecond ({@link #report()} says which, and why).
     *
     * <p>Promises: never goes back on one thread; a reading taken after seeing another thread's
     * reading is not earlier than it by more than a microsecond. Does not promise: any relation to
     * wall time; comparability across machines or reboots; exact ordering of events across threads
     * (use {@link #nanos()} for that). Take differences and convert them with
     * {@link #ticksToNanos(long)}.
     *
     * @return the counter, in ticks
     */
    public static long ticks() {
        return Active.backend().ticks();
    }

    /**
     * A tick count (a difference of two {@link #ticks()} readings) in nanoseconds: within 100 ppm of
     * {@code CLOCK_MONOTONIC_RAW} from the first use, within 1 ppm once the process has run ten
     * seconds; no overflow for differences up to a year; a multiply and a shift, no allocation.
     *
     * @param ticks a tick count
     * @return nanoseconds
     */
    public static long ticksToNanos(long ticks) {
        return Active.backend().ticksToNanos(ticks);
    }

    /**
     * The calibrated rate of {@link #ticks()}, consistent with {@link #ticksToNanos(long)}; 10^9 where
     * ticks are nanoseconds.
     *
     * @return ticks per second
     */
    public static long ticksPerSecond() {
        return Active.backend().ticksPerSecond();
    }

    /**
     * The resolution of a clock in nanoseconds ({@code clock_getres}): 1 for the fine clocks on a
     * modern kernel, the timer tick (1 to 10 ms) for the coarse ones. Not for hot paths.
     *
     * @param clock the clock
     * @return nanoseconds, at least 1
     */
    public static long resolutionNanos(ClockId clock) {
        return Active.backend().resolutionNanos(clock.linuxId());
    }

    /**
     * The active implementation as an instance, for code that takes its clock as a dependency.
     *
     * @return the active time source
     */
    public static TimeSource source() {
        return ActiveSource.INSTANCE;
    }

    /**
     * A {@link java.time.Clock} in UTC reading {@link #epochMillis()} and {@link #epochNanos()}.
     *
     * @return the clock
     */
    public static Clock systemUTC() {
        return TimeSourceClock.of(ActiveSource.INSTANCE);
    }

    /**
     * The name of the chosen provider, such as {@code linux-x64} or {@code jdk}.
     *
     * @return the provider name
     */
    public static String providerName() {
        Selection s = Active.selection();
        return s == null ? "jdk" : s.providerName();
    }

    /**
     * What FastClock chose and why, as data: the provider, the providers passed over and why, and
     * per method the route, how it serves, and the routes passed over and why. Plans every method
     * not yet planned, so it may take milliseconds the first time; never throws.
     *
     * @return the report
     */
    public static Report report() {
        Selection s = Active.selection();
        if (s == null) {
            return new Report("jdk", Optional.empty(), List.of(), List.of("selection is under way on another thread: jdk answers meanwhile"),
                    List.of(), List.of());
        }
        List<Report.Provider> providers = new ArrayList<>();
        for (Selection.Outcome o : s.outcomes()) {
            providers.add(new Report.Provider(o.name(), o.priority(), o.outcome()));
        }
        FastClockBackend b = s.backend();
        List<MethodRoute> methods = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            List<MethodRoute> r = b.routes();
            if (r == null) {
                notes.add("the backend reported null routes");
            } else {
                for (MethodRoute m : r) {
                    if (m != null) {
                        methods.add(m);
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            notes.add("the backend failed to report its routes: " + e);
        }
        try {
            List<String> n = b.notes();
            if (n != null) {
                for (String line : n) {
                    if (line != null) {
                        notes.add(line);
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            notes.add("the backend failed to report its notes: " + e);
        }
        return new Report(s.providerName(), Optional.ofNullable(s.forced()), providers, s.problems(), methods, notes);
    }

    /**
     * {@link #report()} as readable text, several lines. Never throws.
     *
     * @return the report
     */
    public static String describe() {
        return report().toString();
    }
}
