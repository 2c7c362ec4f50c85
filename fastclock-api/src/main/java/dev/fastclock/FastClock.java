package dev.fastclock;

import dev.fastclock.internal.Active;
import dev.fastclock.internal.Message;
import dev.fastclock.internal.Selection;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Reader;
import dev.fastclock.spi.StatusReader;
import dev.fastclock.spi.TickReader;
import dev.fastclock.spi.Timex;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cheapest time calls the platform offers, as static methods.
 *
 * <p>On Linux x86-64 with {@code fastclock-linux-x64} present (and Java 22+) each method takes the route
 * measured fastest here (the kernel's vDSO through the FFM API, glibc, or the JDK's own call where that
 * is as fast); elsewhere the JDK answers. {@link #report()} says which route serves each method and why.
 * Each method's Javadoc gives its cost as a ratio to the JDK call it replaces: the figures are in the
 * README's <em>Performance</em> table, measured with JMH against that call in the same run.
 *
 * <p>Every time method is thread-safe, right on virtual threads, returns a primitive and allocates
 * nothing. Each method is planned once, at its first call (the provider is chosen at the first call of
 * all: see {@link dev.fastclock.spi.FastClockProvider}), outside any class initializer and lock; after
 * that a call is one predicted branch in front of the planned route, which the JIT inlines. A call made
 * while a choice is under way on another thread waits for it, so every answer comes from the chosen
 * provider, in its units. The one exception: a call that comes back on the choosing thread itself (a
 * provider's or a logger's code calling FastClock while it is chosen) gets the JDK's answer, and the
 * report counts it. (A provider whose choice waits for another thread that calls FastClock would wait
 * forever: FastClock's own providers never wait for anything.)
 *
 * <p>A provider forced with {@code -Dfastclock.provider}, or a route with {@code -Dfastclock.route}, that
 * cannot work makes every method but {@link #report()}, {@link #describe()} and {@link #providerName()}
 * throw {@link IllegalStateException} saying why.
 *
 * <p>The JVM needs {@code --enable-native-access=dev.fastclock.linux.x64} (or {@code ALL-UNNAMED} on the
 * class path) for the native routes; without it the JDK prints one warning, and with
 * {@code --illegal-native-access=deny} FastClock falls back to the JDK and {@link #describe()} names the
 * missing flag.
 */
public final class FastClock {

    // The catalogue's ordinals (Method.X.ordinal()), as compile-time constants: the hot path tests a bit
    // without touching the catalogue class. A test checks each against the catalogue.
    static final int NANOS = 0;
    static final int COARSE_NANOS = 1;
    static final int EPOCH_NANOS = 2;
    static final int EPOCH_MICROS = 3;
    static final int EPOCH_MILLIS = 4;
    static final int COARSE_EPOCH_MILLIS = 5;
    static final int EPOCH_SECONDS = 6;
    static final int BOOT_NANOS = 7;
    static final int RAW_NANOS = 8;
    static final int TAI_NANOS = 9;
    static final int TICKS = 10;
    static final int TICKS_TO_NANOS = 11;
    static final int TICKS_PER_SECOND = 12;
    static final int RESOLUTION = 13;
    static final int CLOCK_STATUS = 17;

    private FastClock() {
    }

    /**
     * {@code CLOCK_MONOTONIC} in nanoseconds: the same origin and scale as {@link System#nanoTime()} on
     * Linux, so the two can be compared and subtracted. Never goes back; NTP may slew its rate by up to
     * 500 ppm; stops while the system is suspended (see {@link #bootNanos()}). Resolution 1 ns.
     * Cost: {@code System.nanoTime()}'s, which serves it on Linux x86-64 too (no FFM route was faster);
     * without the fast routes, likewise.
     *
     * @return nanoseconds since an arbitrary origin (boot, on Linux)
     */
    public static long nanos() {
        return Active.ready(1L << NANOS) ? NanosReader.R.read(0) : Active.read(NANOS, 0);
    }

    /**
     * {@code CLOCK_MONOTONIC_COARSE} in nanoseconds: {@link #nanos()} as of the last timer tick (see
     * {@link #resolutionNanos(ClockId)}, typically 1-4 ms; it may trail {@code nanos()} by up to two
     * ticks); for timeouts and rate limits that can live with a few milliseconds of error. Cost: about a
     * fraction of {@code System.nanoTime()}'s; without the fast routes it is {@code System.nanoTime()}
     * (exact, not cheaper).
     *
     * @return nanoseconds since the origin of {@link #nanos()}
     */
    public static long coarseNanos() {
        return Active.ready(1L << COARSE_NANOS) ? CoarseNanosReader.R.read(0) : Active.read(COARSE_NANOS, 0);
    }

    /**
     * {@code CLOCK_REALTIME} in nanoseconds since the Unix epoch; jumps when the system time is set.
     * Resolution 1 ns. Cost: below {@code Instant.now()} read as nanoseconds, with no {@code Instant};
     * without the fast routes it is {@code Instant.now()}.
     *
     * @return nanoseconds since 1970-01-01T00:00:00Z
     */
    public static long epochNanos() {
        return Active.ready(1L << EPOCH_NANOS) ? EpochNanosReader.R.read(0) : Active.read(EPOCH_NANOS, 0);
    }

    /**
     * {@code CLOCK_REALTIME} in microseconds since the Unix epoch (the vDSO's {@code gettimeofday} on
     * Linux). Cost: below Agrona's {@code SystemEpochMicroClock}; without the fast routes it is
     * {@code Instant.now()} in microseconds.
     *
     * @return microseconds since 1970-01-01T00:00:00Z
     */
    public static long epochMicros() {
        return Active.ready(1L << EPOCH_MICROS) ? EpochMicrosReader.R.read(0) : Active.read(EPOCH_MICROS, 0);
    }

    /**
     * {@code CLOCK_REALTIME} in milliseconds since the Unix epoch: what {@link System#currentTimeMillis()}
     * returns, and served by it on Linux x86-64 too (no FFM route was faster). Cost: its cost.
     *
     * @return milliseconds since 1970-01-01T00:00:00Z
     */
    public static long epochMillis() {
        return Active.ready(1L << EPOCH_MILLIS) ? EpochMillisReader.R.read(0) : Active.read(EPOCH_MILLIS, 0);
    }

    /**
     * {@code CLOCK_REALTIME_COARSE} in milliseconds since the Unix epoch: wall-clock time as of the last
     * timer tick, for log and event stamps. Cost: a fraction of {@code System.currentTimeMillis()}'s;
     * without the fast routes it is {@code System.currentTimeMillis()}.
     *
     * @return milliseconds since 1970-01-01T00:00:00Z
     */
    public static long coarseEpochMillis() {
        return Active.ready(1L << COARSE_EPOCH_MILLIS) ? CoarseEpochMillisReader.R.read(0) : Active.read(COARSE_EPOCH_MILLIS, 0);
    }

    /**
     * Whole seconds since the Unix epoch, from {@code time(NULL)} (the kernel's coarse second, read with
     * no conversion). Cost: a small fraction of {@code System.currentTimeMillis() / 1000}; without the
     * fast routes it is that.
     *
     * @return seconds since 1970-01-01T00:00:00Z
     */
    public static long epochSeconds() {
        return Active.ready(1L << EPOCH_SECONDS) ? EpochSecondsReader.R.read(0) : Active.read(EPOCH_SECONDS, 0);
    }

    /**
     * {@code CLOCK_BOOTTIME} in nanoseconds: like {@link #nanos()} (same origin at boot, same rate,
     * never goes back) plus the time the system was suspended, so a timeout measured with it expires
     * across a laptop's sleep or a paused VM. Resolution 1 ns; in a time namespace it is shifted as the
     * kernel's is. Cost: about {@link #epochNanos()}'s. Without the fast routes it is
     * {@code System.nanoTime()}, without the suspended time, and {@link #report()} says so.
     *
     * @return nanoseconds since boot, counting suspend
     */
    public static long bootNanos() {
        return Active.ready(1L << BOOT_NANOS) ? BootNanosReader.R.read(0) : Active.read(BOOT_NANOS, 0);
    }

    /**
     * {@code CLOCK_MONOTONIC_RAW} in nanoseconds: the hardware clock at its own rate, without NTP's rate
     * corrections, so intervals are not stretched or shrunk while NTP slews (benchmarks, calibrating
     * other counters). Not comparable with {@link #nanos()}: the two drift apart by up to the slew rate.
     * Resolution 1 ns. Cost: about {@link #epochNanos()}'s. Without the fast routes it is
     * {@code System.nanoTime()} (slewed), and {@link #report()} says so.
     *
     * @return nanoseconds since an arbitrary origin
     */
    public static long rawNanos() {
        return Active.ready(1L << RAW_NANOS) ? RawNanosReader.R.read(0) : Active.read(RAW_NANOS, 0);
    }

    /**
     * {@code CLOCK_TAI} in nanoseconds since the Unix epoch: {@link #epochNanos()} plus the kernel's TAI
     * offset, which is 0 unless a time daemon sets it (chrony with {@code leapsectz}, ptp4l; Doctor
     * prints it); with it set this clock does not see leap seconds. Resolution 1 ns. Cost: about
     * {@link #epochNanos()}'s. Without the fast routes it is {@code Instant.now()} (an offset of 0).
     *
     * @return TAI nanoseconds since 1970-01-01T00:00:00 TAI
     */
    public static long taiNanos() {
        return Active.ready(1L << TAI_NANOS) ? TaiNanosReader.R.read(0) : Active.read(TAI_NANOS, 0);
    }

    /**
     * A counter for elapsed time on this machine, in ticks: the cheapest elapsed-time reading there is.
     * Where the kernel trusts the CPU's time-stamp counter (constant, non-stop, not marked unstable) it is
     * that counter, read in order with the instructions before it; elsewhere it is {@link #nanos()} and a
     * tick is a nanosecond. {@link #report()} says which, and why. Cost: below
     * {@code System.nanoTime()}'s where the counter is read (see the README's table), its cost elsewhere.
     *
     * <p>Promises, like {@code System.nanoTime()}'s: never goes back on one thread, and a reading taken
     * after seeing another thread's reading is not earlier than it. Every reading of the process is in
     * the units {@link #ticksToNanos(long)} converts, from the very first: a thread whose first call
     * comes while the choice is under way on another thread waits for it. The one exception: a call made
     * from inside the choice on the choosing thread itself (a provider's or a logger's code calling back)
     * gets {@code System.nanoTime()}, and {@link #report()} counts such calls. Does not promise: any
     * relation to wall time, or comparability across machines or reboots. Take differences and convert
     * them with {@link #ticksToNanos(long)}.
     *
     * @return the counter, in ticks
     */
    public static long ticks() {
        return Active.ready(1L << TICKS) ? TicksReader.R.read(0) : Active.read(TICKS, 0);
    }

    /**
     * A tick count (a difference of two {@link #ticks()} readings) in nanoseconds: within 100 ppm of
     * {@code CLOCK_MONOTONIC_RAW} from the first use, within 1 ppm once the process has run ten seconds
     * (the report gives the current bound); no overflow for differences up to a year; a multiply and a
     * shift. Where ticks are nanoseconds, the identity.
     *
     * @param ticks a tick count
     * @return nanoseconds
     */
    public static long ticksToNanos(long ticks) {
        return Active.ready(1L << TICKS) ? TicksReader.R.toNanos(ticks) : Active.ticks().toNanos(ticks);
    }

    /**
     * The calibrated rate of {@link #ticks()}, consistent with {@link #ticksToNanos(long)}; 10^9 where
     * ticks are nanoseconds. Cost: a field read once ticks are planned.
     *
     * @return ticks per second
     */
    public static long ticksPerSecond() {
        return Active.ready(1L << TICKS) ? TicksReader.R.perSecond() : Active.ticks().perSecond();
    }

    /**
     * The resolution of a clock in nanoseconds, as {@code clock_getres} gives it: 1 for the fine clocks on
     * a modern kernel, the timer tick (1 to 10 ms) for the coarse ones. Not for hot paths (a system call
     * on some kernels). Without the fast routes: 1 ns, and 1 ms for {@code REALTIME_COARSE}.
     *
     * @param clock the clock
     * @return nanoseconds, at least 1
     */
    public static long resolutionNanos(ClockId clock) {
        long id = clock.linuxId();
        return Active.ready(1L << RESOLUTION) ? ResolutionNanosReader.R.read(id) : Active.read(RESOLUTION, id);
    }

    /**
     * How good the wall clock is now: whether a time daemon keeps it synchronized, the kernel's maximum
     * and estimated error, the offset and frequency correction, the TAI offset, and whether a leap second
     * is coming (see {@link ClockStatus}). On Linux it is one {@code adjtimex(2)} with {@code modes = 0}
     * (read only: it never changes the clock), one system call; not cached, so each call says how things
     * stand now. Without the fast routes (the {@code jdk} provider) the status is unknown
     * ({@link ClockStatus#known()} false), and with the {@code settable} provider it is what the test set.
     *
     * @return the status, read now
     */
    public static ClockStatus clockStatus() {
        StatusReader r = Active.ready(1L << CLOCK_STATUS) ? ClockStatusReader.R : Active.statusReader();
        Timex t = r.timex();
        return ClockStatus.of(t, epochNanos());
    }

    /**
     * The reading of any planned method of the catalogue, for tools that loop over it (Doctor, the
     * tests, a dashboard): {@code read(Method.NANOS)} is {@link #nanos()}. {@link Method#TICKS_TO_NANOS}
     * reads {@code ticksToNanos(ticksPerSecond())}, {@link Method#RESOLUTION} the resolution of
     * {@link ClockId#MONOTONIC}, {@link Method#IS_SUPPORTED} 1 or 0, {@link Method#CLOCK_STATUS} the
     * kernel's clock state ({@link ClockStatus#state()}). On a hot path call the method
     * itself: this one is a switch in front of it.
     *
     * @param method the method
     * @return its reading
     */
    public static long read(Method method) {
        // On the ordinal, not the enum: an enum switch would initialize a lookup class at the first call,
        // which the stack's edge could leave unusable. A row without its case here fails CatalogueTest.
        switch (method.ordinal()) {
            case NANOS: return nanos();
            case COARSE_NANOS: return coarseNanos();
            case EPOCH_NANOS: return epochNanos();
            case EPOCH_MICROS: return epochMicros();
            case EPOCH_MILLIS: return epochMillis();
            case COARSE_EPOCH_MILLIS: return coarseEpochMillis();
            case EPOCH_SECONDS: return epochSeconds();
            case BOOT_NANOS: return bootNanos();
            case RAW_NANOS: return rawNanos();
            case TAI_NANOS: return taiNanos();
            case TICKS: return ticks();
            case TICKS_TO_NANOS: return ticksToNanos(ticksPerSecond());
            case TICKS_PER_SECOND: return ticksPerSecond();
            case RESOLUTION: return resolutionNanos(ClockId.MONOTONIC);
            case CpuLocator.CPU: return CpuLocator.cpu();
            case CpuLocator.NODE: return CpuLocator.node();
            case CpuLocator.IS_SUPPORTED: return CpuLocator.isSupported() ? 1 : 0;
            case CLOCK_STATUS: return clockStatus().state();
            default: throw new IllegalArgumentException("no FastClock reading for " + method);
        }
    }

    /**
     * The active implementation as an instance, for code that takes its clock as a dependency: each of
     * its methods calls the static one, at the same cost.
     *
     * @return the active time source
     */
    public static TimeSource source() {
        return ActiveSource.timeSource();
    }

    /**
     * A {@link java.time.Clock} in UTC reading {@link #epochMillis()} and {@link #epochNanos()} (which
     * allocates the {@code Instant} that {@code Clock.instant()} returns). Cost: one allocation per call of
     * this method; see {@link TimeSourceClock} for the clock's.
     *
     * @return the clock
     */
    public static Clock systemUTC() {
        return ActiveSource.utc();
    }

    /**
     * The name of the chosen provider, such as {@code linux-x64} or {@code jdk}; chooses it if no one
     * has. Cost: a field read after the first call.
     *
     * @return the provider name
     */
    public static String providerName() {
        return Active.providerName();
    }

    /**
     * What FastClock chose and why, as data: the provider, the providers passed over and why, per method
     * the route, how it serves and the routes passed over and why, the start-up messages, and notes.
     * Plans every method not yet planned (milliseconds the first time: the native routes are opened);
     * after that it assembles what was decided, in microseconds, and measures nothing. Never throws.
     *
     * @return the report
     */
    public static Report report() {
        Active.Snapshot s;
        try {
            s = Active.snapshot();
        } catch (RuntimeException e) {
            return new Report("jdk", Optional.empty(), List.of(), List.of("the report failed: " + e), List.of(), List.of(), List.of());
        }
        if (s == null) {
            return new Report("jdk", Optional.empty(), List.of(), List.of(), List.of(),
                    List.of("the choice is under way on this thread (the report was asked for from inside it): the JDK answers meanwhile"),
                    List.of());
        }
        Selection sel = s.selection();
        List<Report.Provider> providers = new ArrayList<>();
        for (Selection.Outcome o : sel.outcomes()) {
            providers.add(new Report.Provider(o.name(), o.priority(), o.outcome()));
        }
        List<String> notes = new ArrayList<>(s.notes());
        try {
            List<String> n = sel.backend().notes();
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
        try {
            ClockStatus status = clockStatus();
            if (status.known() && !status.isSynchronized()) {
                notes.add("the wall clock is not synchronized (epochNanos() may be off by any amount): " + status);
            }
        } catch (RuntimeException e) {
            // a forced provider that cannot work: its methods throw, and the report says so already
        }
        List<String> messages = new ArrayList<>();
        for (Message m : s.messages()) {
            messages.add(m.level().getName() + " " + m.text());
        }
        List<MethodRoute> routes = s.routes();
        return new Report(sel.providerName(), Optional.ofNullable(sel.forced()), providers, sel.problems(), routes, notes, messages);
    }

    /**
     * {@link #report()} as readable text, several lines: what Doctor prints and what to paste in a bug
     * report. Cost: {@link #report()}'s plus building the text. Never throws.
     *
     * @return the report
     */
    public static String describe() {
        return report().toString();
    }

    // One holder per method, named after it (FastClock$NanosReader): its reader as a static final, which the
    // JIT folds. Initialized only by the thread that published the plan (internal.Active), never first by a
    // hot path: see Active.
    private static final class NanosReader {
        static final Reader R = Active.reader(NANOS);
    }

    private static final class CoarseNanosReader {
        static final Reader R = Active.reader(COARSE_NANOS);
    }

    private static final class EpochNanosReader {
        static final Reader R = Active.reader(EPOCH_NANOS);
    }

    private static final class EpochMicrosReader {
        static final Reader R = Active.reader(EPOCH_MICROS);
    }

    private static final class EpochMillisReader {
        static final Reader R = Active.reader(EPOCH_MILLIS);
    }

    private static final class CoarseEpochMillisReader {
        static final Reader R = Active.reader(COARSE_EPOCH_MILLIS);
    }

    private static final class EpochSecondsReader {
        static final Reader R = Active.reader(EPOCH_SECONDS);
    }

    private static final class BootNanosReader {
        static final Reader R = Active.reader(BOOT_NANOS);
    }

    private static final class RawNanosReader {
        static final Reader R = Active.reader(RAW_NANOS);
    }

    private static final class TaiNanosReader {
        static final Reader R = Active.reader(TAI_NANOS);
    }

    private static final class TicksReader {
        static final TickReader R = Active.tickReader();
    }

    private static final class ResolutionNanosReader {
        static final Reader R = Active.reader(RESOLUTION);
    }

    private static final class ClockStatusReader {
        static final StatusReader R = (StatusReader) Active.reader(CLOCK_STATUS);
    }
}
