package dev.fastclock.tests.probe;

import dev.fastclock.ClockId;
import dev.fastclock.ClockStatus;
import dev.fastclock.CpuSource;
import dev.fastclock.TimeSource;
import dev.fastclock.spi.Method;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * The value bounds every FastClock method must meet, against its JDK truth (issue "Linux x86-64
 * provider"). Each check throws {@link AssertionError} naming the method, the value and the bound.
 *
 * <p>Plain Java with no test framework: the JUnit contracts call it in the test JVM and
 * {@link Probe} calls it in child JVMs, on the class path and as part of a named module.
 */
public final class Bounds {

    private static final long MILLI_IN_NANOS = 1_000_000L;
    /** "Within a millisecond" of the JDK's reading. */
    private static final long SLACK_NANOS = MILLI_IN_NANOS;
    /**
     * How far a coarse clock may trail its fine one, in ticks. Not one tick, as issue 3 has it: the kernel moves
     * the coarse clocks at each tick by whole tick intervals of the clocksource, keeping the remainder (under one
     * tick) for the next, so the coarse value trails by that remainder plus the time since the tick: up to two
     * ticks. Measured here in C (clock_gettime MONOTONIC against MONOTONIC_COARSE, 4 ms tick, no FastClock): the
     * lag exceeds one tick in 85% of reads, is 3.4 ms on average just after an update, and peaks at 7.4 ms.
     */
    static final int COARSE_LAG_TICKS = 2;
    /**
     * A tick can also come late (a loaded machine, a vCPU the host descheduled: steps of 8 to 23 ms were seen
     * here under load). So a round that finds the lag too large waits for the next update of the coarse clock and
     * checks again: a correct clock meets the bound then, a wrong one never does. A round fails after this many
     * such waits.
     */
    private static final int LATE_TICK_RETRIES = 3;
    /** How long {@link #awaitNextTick} spins for an update; it is not asserted (a late check fails instead). */
    private static final long TICK_WAIT_NANOS = 1_000_000_000L;

    private Bounds() {
    }

    /** One named check of one catalogue method. @param name what it checks @param run runs it (throws AssertionError) */
    public record Check(String name, Runnable run) {
    }

    /**
     * Every check of every {@link Method.Owner#FAST_CLOCK} method of the catalogue on {@code s}, {@code rounds} times
     * each ({@code 10 * rounds} for the cheap monotonic ones): what {@link #checks} lists, in catalogue order.
     */
    public static void checkTime(TimeSource s, int rounds) {
        for (Method m : Method.values()) {
            for (Check c : checks(s, m, rounds)) {
                c.run().run();
            }
        }
    }

    /**
     * The checks of catalogue method {@code m} on {@code s}: for every clock reading, its rule against the JDK's
     * reading of the same (or the nearest) clock ({@link #checkReading}, derived from the row's clock and unit, so a
     * new row on a known clock is checked without touching this class), then the method's own properties (a switch
     * expression: a new row does not compile until it has its entry). {@link Method.Owner#CPU_LOCATOR}'s methods are
     * {@link #checkCpu}'s; they have none here.
     *
     * @param s      the source
     * @param m      the method
     * @param rounds how many readings each check takes
     * @return the checks, possibly none
     */
    public static List<Check> checks(TimeSource s, Method m, int rounds) {
        List<Check> all = new ArrayList<>();
        if (m.clock() != null) {
            LongSupplier read = reading(s, m);
            all.add(new Check(m.apiName() + " is " + m.clock().cName() + " in " + m.unit().symbol(), () -> {
                for (int i = 0; i < rounds; i++) {
                    checkReading(m, read);
                }
            }));
        }
        List<Check> own = switch (m) {
            case NANOS -> List.of(new Check("nanos interleaves with System.nanoTime()", () -> nanosInterleavesWithNanoTime(s, 10 * rounds)));
            case COARSE_NANOS -> List.of(new Check("coarseNanos trails nanos by at most two ticks", () -> coarseNanos(s, rounds)),
                    new Check("the coarse clocks move only at ticks", () -> coarseClocksMoveOnlyAtTicks(s, rounds)));
            case EPOCH_NANOS -> List.of(new Check("epochNanos within a millisecond of Instant.now()", () -> epochNanos(s, rounds)));
            case EPOCH_MICROS -> List.of(new Check("epochMicros within a millisecond of Instant.now()", () -> epochMicros(s, rounds)));
            case EPOCH_MILLIS -> List.of(new Check("epochMillis within a millisecond of currentTimeMillis()", () -> epochMillis(s, rounds)));
            case COARSE_EPOCH_MILLIS -> List.of(new Check("coarseEpochMillis trails currentTimeMillis() by at most two ticks",
                    () -> coarseEpochMillis(s, rounds)));
            case EPOCH_SECONDS -> List.of(new Check("epochSeconds agrees with currentTimeMillis() / 1000", () -> epochSeconds(s, rounds)));
            case BOOT_NANOS -> List.of(new Check("bootNanos is never below nanoTime and never goes back", () -> bootNanos(s, 10 * rounds)));
            case RAW_NANOS -> List.of(new Check("rawNanos never goes back", () -> rawNanos(s, 10 * rounds)),
                    new Check("rawNanos runs at the rate of nanos", () -> rawNanosRunsAtTheRateOfNanos(s)));
            case TAI_NANOS -> List.of(new Check("taiNanos is epochNanos plus 0 to 60 whole seconds", () -> taiNanos(s, rounds)));
            case TICKS -> List.of(new Check("ticks never go back on one thread", () -> ticks(s, 10 * rounds)));
            case TICKS_TO_NANOS -> List.of(new Check("ticksToNanos of a ticks difference is the time elapsed",
                    () -> ticksToNanosAgreesWithNanoTime(s)));
            case TICKS_PER_SECOND -> List.of(new Check("ticksPerSecond is a second of ticksToNanos", () -> ticksPerSecond(s)));
            case RESOLUTION -> List.of(new Check("resolutions are the kernel's order of magnitude", () -> resolutions(s)));
            case CLOCK_STATUS -> List.of(new Check("clockStatus is a consistent kernel state, or unknown", () -> clockStatus(s)));
            case CPU, NODE, IS_SUPPORTED -> List.of();
        };
        all.addAll(own);
        return all;
    }

    /**
     * {@code s}'s method of catalogue row {@code m} that takes no argument and returns a {@code long} (every clock,
     * the ticks), found by the row's API name: a catalogue row that {@link TimeSource} lacks fails here.
     *
     * @param s the source
     * @param m a row read with no argument
     * @return its reading
     */
    public static LongSupplier reading(TimeSource s, Method m) {
        MethodHandle h;
        try {
            h = MethodHandles.publicLookup().findVirtual(TimeSource.class, m.apiName(), MethodType.methodType(long.class)).bindTo(s);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new AssertionError("TimeSource has no public long " + m.apiName() + "(), the instance form of catalogue row " + m, e);
        }
        MethodHandle bound = h;
        return () -> {
            try {
                return (long) bound.invokeExact();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        };
    }

    /**
     * Reads a clock of the catalogue once, between the JDK's readings of the same clock (or, where the JDK has none,
     * the nearest one) and checks it by the row's clock and unit: {@code CLOCK_MONOTONIC} within
     * {@code System.nanoTime()} before and after; the coarse clocks at most a second behind their fine ones (the tight
     * bound is the coarse checks'); raw within NTP's slew of monotonic; boot time never below monotonic (outside a time
     * namespace); the wall clocks within a millisecond of {@code System.currentTimeMillis()}; TAI a whole offset of
     * 0 to 60 s above it. A switch expression: a clock the catalogue adds does not compile here until it has a rule.
     *
     * @param m    a catalogue row with a clock
     * @param read reads it
     * @return the reading
     */
    public static long checkReading(Method m, LongSupplier read) {
        long n0 = System.nanoTime();
        long ms0 = System.currentTimeMillis();
        long v = read.getAsLong();
        long ms1 = System.currentTimeMillis();
        long n1 = System.nanoTime();
        return checkReading(m, v, n0, n1, ms0, ms1);
    }

    /**
     * {@link #checkReading(Method, LongSupplier)} for a reading already taken, {@code v}, between
     * {@code System.nanoTime()} {@code n0} and {@code n1} and {@code System.currentTimeMillis()} {@code ms0} and
     * {@code ms1} (taken in the order n0, ms0, v, ms1, n1).
     *
     * @return {@code v}
     */
    public static long checkReading(Method m, long v, long n0, long n1, long ms0, long ms1) {
        long u = m.unit().nanos();
        String what = m.apiName() + "()";
        long second = 1_000_000_000L;
        return switch (m.clock()) {
            case MONOTONIC -> inRange(what, v, Math.floorDiv(n0, u), Math.floorDiv(n1, u));
            case MONOTONIC_COARSE -> inRange(what, v, Math.floorDiv(n0 - second, u), Math.floorDiv(n1, u));
            // NTP slews monotonic by at most 500 ppm: raw and monotonic part by at most that much of the uptime.
            case MONOTONIC_RAW -> inRange(what, v, Math.floorDiv(n0 - n0 / 1_000 - second, u), Math.floorDiv(n1 + n1 / 1_000 + second, u));
            case BOOTTIME -> inRange(what, v, Math.floorDiv(n0, u), Long.MAX_VALUE);
            case REALTIME -> inRange(what, v, Math.floorDiv(ms0 * MILLI_IN_NANOS - SLACK_NANOS, u), Math.floorDiv(ms1 * MILLI_IN_NANOS + SLACK_NANOS, u));
            case REALTIME_COARSE -> inRange(what, v, Math.floorDiv(ms0 * MILLI_IN_NANOS - second, u), Math.floorDiv(ms1 * MILLI_IN_NANOS + SLACK_NANOS, u));
            case TAI -> {
                long offset = Math.floorDiv(v * u - ms1 * MILLI_IN_NANOS + second / 2, second);
                inRange(what + " - currentTimeMillis() (the TAI offset, s)", offset, 0, 60);
                yield v;
            }
        };
    }

    private static long inRange(String what, long v, long low, long high) {
        if (v < low || v > high) {
            throw new AssertionError(what + " = " + v + ", outside [" + low + ", " + high + "] from the JDK's readings around it ("
                    + (v < low ? low - v + " below" : v - high + " above") + ")");
        }
        return v;
    }

    /**
     * {@code clockStatus()} is unknown (the JDK's answer: both errors unbounded, not synchronized), or a state the
     * kernel has ({@code TIME_OK} to {@code TIME_ERROR}) with errors of at least 0, synchronized exactly when the state
     * is not {@code TIME_ERROR} and {@code STA_UNSYNC} is clear, read at an {@code epochNanos()} within a second of now.
     */
    public static void clockStatus(TimeSource s) {
        long before = System.currentTimeMillis();
        ClockStatus c = s.clockStatus();
        long after = System.currentTimeMillis();
        check(c != null, "clockStatus() is null");
        if (!c.known()) {
            check(!c.isSynchronized() && c.maxErrorMicros() == Long.MAX_VALUE && c.state() == -1,
                    "an unknown clockStatus() must say nothing: " + c);
            return;
        }
        check(c.state() >= ClockStatus.TIME_OK && c.state() <= ClockStatus.TIME_ERROR, "clockStatus() state " + c.state() + ": " + c);
        check(c.maxErrorMicros() >= 0 && c.estimatedErrorMicros() >= 0, "clockStatus() errors below 0: " + c);
        boolean synced = c.state() != ClockStatus.TIME_ERROR && (c.statusBits() & ClockStatus.STA_UNSYNC) == 0;
        check(c.isSynchronized() == synced, "clockStatus().isSynchronized() " + c.isSynchronized() + " for state " + c.state()
                + " and status 0x" + Integer.toHexString(c.statusBits()));
        long at = Math.floorDiv(c.readAtEpochNanos(), MILLI_IN_NANOS);
        check(at >= before - 1_000 && at <= after + 1_000, "clockStatus() read at " + at + " ms, not within a second of [" + before + ", " + after + "]");
    }

    /** Fine clocks at 1 ns to 1 us; coarse clocks no finer than the fine ones and no coarser than 10 ms (HZ=100). */
    public static void resolutions(TimeSource s) {
        for (ClockId id : ClockId.values()) {
            long r = s.resolutionNanos(id);
            check(r >= 1 && r <= 10 * MILLI_IN_NANOS, "resolutionNanos(" + id + ") = " + r + ", expected 1 ns to 10 ms");
        }
        check(s.resolutionNanos(ClockId.MONOTONIC) <= 1_000, "resolutionNanos(MONOTONIC) = " + s.resolutionNanos(ClockId.MONOTONIC));
        check(s.resolutionNanos(ClockId.REALTIME) <= 1_000, "resolutionNanos(REALTIME) = " + s.resolutionNanos(ClockId.REALTIME));
        for (ClockId fine : new ClockId[] {ClockId.BOOTTIME, ClockId.MONOTONIC_RAW, ClockId.TAI}) {
            check(s.resolutionNanos(fine) <= 1_000, "resolutionNanos(" + fine + ") = " + s.resolutionNanos(fine)
                    + ": a fine clock, expected 1 ns to 1 us");
        }
        check(s.resolutionNanos(ClockId.MONOTONIC_COARSE) >= s.resolutionNanos(ClockId.MONOTONIC),
                "MONOTONIC_COARSE is finer than MONOTONIC");
        check(s.resolutionNanos(ClockId.REALTIME_COARSE) >= s.resolutionNanos(ClockId.REALTIME),
                "REALTIME_COARSE is finer than REALTIME");
    }

    /** {@code a <= b <= c} for {@code a = System.nanoTime(), b = nanos(), c = System.nanoTime()}: the same clock. */
    public static void nanosInterleavesWithNanoTime(TimeSource s, int rounds) {
        for (int i = 0; i < rounds; i++) {
            long a = System.nanoTime();
            long b = s.nanos();
            long c = System.nanoTime();
            if (a > b || b > c) {
                throw new AssertionError("round " + i + ": System.nanoTime() " + a + ", nanos() " + b
                        + ", System.nanoTime() " + c + ": nanos() is not CLOCK_MONOTONIC in nanoseconds");
            }
        }
    }

    /**
     * {@code bootNanos()} is {@code CLOCK_BOOTTIME}: {@code CLOCK_MONOTONIC} plus the time suspended, so never below
     * {@code System.nanoTime()} read before it, and never going back. (Outside a time namespace, where these checks
     * run: a namespace may shift monotonic time past boot time; {@code TimeNamespaceTest} covers that.) How far above is the time suspended, which only
     * the kernel knows: {@code KernelClockBracketTest} holds it to the kernel's own answer.
     */
    public static void bootNanos(TimeSource s, int rounds) {
        long last = Long.MIN_VALUE;
        for (int i = 0; i < rounds; i++) {
            long a = System.nanoTime();
            long v = s.bootNanos();
            check(v >= a, "round " + i + ": bootNanos() " + v + " is below System.nanoTime() " + a
                    + " read before it: CLOCK_BOOTTIME never trails CLOCK_MONOTONIC");
            check(v >= last, "round " + i + ": bootNanos() went back from " + last + " to " + v);
            last = v;
        }
    }

    /** {@code rawNanos()} never goes back. */
    public static void rawNanos(TimeSource s, int rounds) {
        long last = Long.MIN_VALUE;
        for (int i = 0; i < rounds; i++) {
            long v = s.rawNanos();
            check(v >= last, "round " + i + ": rawNanos() went back from " + last + " to " + v);
            last = v;
        }
    }

    /**
     * Over 20 ms, {@code rawNanos()} moves as {@code System.nanoTime()} does, give or take 1% and 1 ms: NTP slews
     * {@code CLOCK_MONOTONIC} by at most 500 ppm, so a clock at another scale (microseconds, ticks) or standing
     * still fails and the real one never does. A round disturbed by the scheduler is tried again, up to 5 times.
     */
    public static void rawNanosRunsAtTheRateOfNanos(TimeSource s) {
        rate("rawNanos()", s::rawNanos, d -> d, 1_000, 20_000_000L);
    }

    /**
     * {@code taiNanos()} is {@code epochNanos()} plus the kernel's TAI offset: a whole number of seconds from 0
     * (no daemon set it) to 60 (37 s today where one did), the same in every round, within a millisecond of an
     * {@code epochNanos()} read before and after.
     */
    public static void taiNanos(TimeSource s, int rounds) {
        long offset = Long.MIN_VALUE;
        for (int i = 0; i < rounds; i++) {
            long before = s.epochNanos();
            long v = s.taiNanos();
            long after = s.epochNanos();
            long seconds = Math.floorDiv(v - before + 500_000_000L, 1_000_000_000L);
            check(seconds >= 0 && seconds <= 60, "round " + i + ": taiNanos() " + v + " is " + (v - before)
                    + " ns from epochNanos() " + before + ": the TAI offset is 0 to 60 whole seconds");
            check(offset == Long.MIN_VALUE || seconds == offset, "round " + i + ": the TAI offset changed from "
                    + offset + " s to " + seconds + " s");
            offset = seconds;
            within("taiNanos() - " + seconds + " s", v - seconds * 1_000_000_000L, before - SLACK_NANOS, after + SLACK_NANOS, i);
        }
    }

    /** {@code ticks()} never goes back on one thread. */
    public static void ticks(TimeSource s, int rounds) {
        long last = Long.MIN_VALUE;
        for (int i = 0; i < rounds; i++) {
            long v = s.ticks();
            check(v >= last, "round " + i + ": ticks() went back from " + last + " to " + v);
            last = v;
        }
    }

    /**
     * A difference of {@code ticks()} over 20 ms, converted with {@code ticksToNanos}, is what
     * {@code System.nanoTime()} measured, give or take 2% and 1 ms (a calibration within 100 ppm passes with a
     * wide margin; a conversion at the wrong scale, such as raw TSC counts taken as nanoseconds, never does); and
     * {@code ticksPerSecond()} agrees with {@code ticksToNanos} to 1%.
     */
    public static void ticksToNanosAgreesWithNanoTime(TimeSource s) {
        rate("ticksToNanos(a ticks() difference)", s::ticks, s::ticksToNanos, 2 * 10_000, 20_000_000L);
        ticksPerSecond(s);
    }

    /** {@code ticksPerSecond()} is positive and {@code ticksToNanos} of it is a second, to 1%. */
    public static void ticksPerSecond(TimeSource s) {
        long perSecond = s.ticksPerSecond();
        check(perSecond > 0, "ticksPerSecond() = " + perSecond);
        long second = s.ticksToNanos(perSecond);
        check(Math.abs(second - 1_000_000_000L) <= 10_000_000L, "ticksToNanos(ticksPerSecond() = " + perSecond + ") = "
                + second + " ns, not a second");
    }

    /**
     * A difference of {@code clock} readings over {@code spanNanos}, converted to nanoseconds with
     * {@code toNanos}, is what {@code System.nanoTime()} measured, to {@code ppm} parts per million plus 1 ms.
     */
    private static void rate(String what, LongSupplier clock, LongUnaryOperator toNanos, long ppm, long spanNanos) {
        String last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            long c0 = clock.getAsLong();
            long n0 = System.nanoTime();
            while (System.nanoTime() - n0 < spanNanos) {
                Thread.onSpinWait();
            }
            long c1 = clock.getAsLong();
            long n1 = System.nanoTime();
            long dc = toNanos.applyAsLong(c1 - c0);
            long dn = n1 - n0;
            long allowed = dn / 1_000_000L * ppm + MILLI_IN_NANOS;
            if (Math.abs(dc - dn) <= allowed) {
                return;
            }
            last = what + " moved " + dc + " ns while System.nanoTime() moved " + dn + " ns: off by " + (dc - dn)
                    + " ns, more than " + allowed + " ns (" + ppm + " ppm + 1 ms)";
        }
        throw new AssertionError(last + ", in each of 5 attempts");
    }

    /** Within a millisecond of {@link Instant#now()} read before and after. */
    public static void epochNanos(TimeSource s, int rounds) {
        for (int i = 0; i < rounds; i++) {
            long before = instantNanos();
            long v = s.epochNanos();
            long after = instantNanos();
            within("epochNanos()", v, before - SLACK_NANOS, after + SLACK_NANOS, i);
        }
    }

    /** Within a millisecond of {@link Instant#now()} in microseconds, read before and after. */
    public static void epochMicros(TimeSource s, int rounds) {
        for (int i = 0; i < rounds; i++) {
            long before = instantNanos() / 1_000;
            long v = s.epochMicros();
            long after = instantNanos() / 1_000;
            within("epochMicros()", v, before - 1_000, after + 1_000, i);
        }
    }

    /** Within a millisecond of {@link System#currentTimeMillis()} read before and after. */
    public static void epochMillis(TimeSource s, int rounds) {
        for (int i = 0; i < rounds; i++) {
            long before = System.currentTimeMillis();
            long v = s.epochMillis();
            long after = System.currentTimeMillis();
            within("epochMillis()", v, before - 1, after + 1, i);
        }
    }

    /**
     * Between {@code currentTimeMillis()/1000} before and after; {@code time()} reads the seconds of the coarse
     * clock, so at a second boundary it may still show the previous second for up to {@link #COARSE_LAG_TICKS}.
     */
    public static void epochSeconds(TimeSource s, int rounds) {
        long lagMillis = COARSE_LAG_TICKS * ceilDiv(s.resolutionNanos(ClockId.REALTIME_COARSE), MILLI_IN_NANOS);
        for (int i = 0; i < rounds; i++) {
            for (int attempt = 0; ; attempt++) {
                long before = System.currentTimeMillis();
                long v = s.epochSeconds();
                long after = System.currentTimeMillis();
                long low = Math.floorDiv(before - lagMillis - 1, 1_000L);
                long high = Math.floorDiv(after, 1_000L);
                if (v >= low && v <= high) {
                    break;
                }
                if (v > high || attempt == LATE_TICK_RETRIES) {
                    within("epochSeconds()", v, low, high, i);
                }
                awaitNextTick(s::coarseEpochMillis);
            }
        }
    }

    /** {@code nanos() - 2 ticks <= coarseNanos() <= nanos()}, with tick the coarse clock's resolution. */
    public static void coarseNanos(TimeSource s, int rounds) {
        long tick = s.resolutionNanos(ClockId.MONOTONIC_COARSE);
        long maxLag = COARSE_LAG_TICKS * tick;
        for (int i = 0; i < rounds; i++) {
            for (int attempt = 0; ; attempt++) {
                long a = s.nanos();
                long c = s.coarseNanos();
                long b = s.nanos();
                if (c > b) {
                    throw new AssertionError("round " + i + ": coarseNanos() " + c + " is after nanos() " + b
                            + " read after it: not CLOCK_MONOTONIC_COARSE");
                }
                if (c >= a - maxLag) {
                    break;
                }
                if (attempt == LATE_TICK_RETRIES) {
                    throw new AssertionError("round " + i + ": coarseNanos() " + c + " lags nanos() " + a + " by "
                            + (a - c) + " ns, more than " + COARSE_LAG_TICKS + " ticks (tick " + tick + " ns), even just after "
                            + LATE_TICK_RETRIES + " updates of the coarse clock");
                }
                awaitNextTick(s::coarseNanos);
            }
        }
    }

    /**
     * Where a coarse clock claims a tick coarser than a microsecond, it moves in steps of a tick: the kernel adds
     * whole tick intervals (a little under a tick while NTP slews the clock, so 3/4 of a tick is the floor used).
     * A provider that served the fine clock for the coarse one would show steps of nanoseconds, or of one
     * millisecond. Steps are measured between consecutive reads, so being descheduled only makes them larger.
     */
    public static void coarseClocksMoveOnlyAtTicks(TimeSource s, int rounds) {
        long tick = s.resolutionNanos(ClockId.MONOTONIC_COARSE);
        long tickMillis = s.resolutionNanos(ClockId.REALTIME_COARSE) / MILLI_IN_NANOS;
        long begin = System.nanoTime();
        long lastNanos = s.coarseNanos();
        long lastMillis = s.coarseEpochMillis();
        long minNanosStep = Long.MAX_VALUE;
        long minMillisStep = Long.MAX_VALUE;
        // Long enough to see 25 ticks of either clock.
        long span = 25 * Math.max(tick, tickMillis * MILLI_IN_NANOS);
        for (int i = 0; i < rounds || System.nanoTime() - begin < span; i++) {
            long n = s.coarseNanos();
            long m = s.coarseEpochMillis();
            if (n != lastNanos) {
                minNanosStep = Math.min(minNanosStep, n - lastNanos);
            }
            if (m != lastMillis) {
                minMillisStep = Math.min(minMillisStep, m - lastMillis);
            }
            lastNanos = n;
            lastMillis = m;
        }
        if (tick > 1_000) {
            check(minNanosStep >= 3 * tick / 4, "coarseNanos() moved by " + minNanosStep
                    + " ns in one step, less than 3/4 of its tick (" + tick + " ns): it is not the coarse clock");
        }
        if (tickMillis > 1) {
            check(minMillisStep >= 3 * tickMillis / 4, "coarseEpochMillis() moved by " + minMillisStep
                    + " ms in one step, less than 3/4 of its tick (" + tickMillis + " ms): it is not the coarse clock");
        }
    }

    /** {@code currentTimeMillis() - 2 ticks <= coarseEpochMillis() <= currentTimeMillis()}, give or take the rounding to ms. */
    public static void coarseEpochMillis(TimeSource s, int rounds) {
        long lagMillis = COARSE_LAG_TICKS * ceilDiv(s.resolutionNanos(ClockId.REALTIME_COARSE), MILLI_IN_NANOS);
        for (int i = 0; i < rounds; i++) {
            for (int attempt = 0; ; attempt++) {
                long a = System.currentTimeMillis();
                long c = s.coarseEpochMillis();
                long b = System.currentTimeMillis();
                if (c > b) {
                    within("coarseEpochMillis()", c, a - lagMillis - 1, b, i);
                }
                if (c >= a - lagMillis - 1) {
                    break;
                }
                if (attempt == LATE_TICK_RETRIES) {
                    within("coarseEpochMillis()", c, a - lagMillis - 1, b, i);
                }
                awaitNextTick(s::coarseEpochMillis);
            }
        }
    }

    /**
     * {@code cpu()} within the CPUs this thread may run on (on an unpinned machine {@code [0, availableProcessors)};
     * pinned with taskset, the pinned CPUs, whose numbers may exceed availableProcessors) and {@code node()} an online node (0 on a single-node
     * machine); or both -1 where the source says it cannot tell.
     */
    public static void checkCpu(CpuSource s, int rounds, boolean expectSupported) {
        check(s.isSupported() == expectSupported, "isSupported() = " + s.isSupported() + ", expected " + expectSupported);
        BitSet nodes = onlineNodes();
        BitSet allowed = allowedCpus();
        for (int i = 0; i < rounds; i++) {
            int cpu = s.cpu();
            int node = s.node();
            if (!expectSupported) {
                check(cpu == -1 && node == -1, "unsupported source answered cpu " + cpu + ", node " + node + "; expected -1, -1");
                continue;
            }
            check(allowed.get(cpu), "round " + i + ": cpu() = " + cpu + ", not a CPU this thread may run on: " + allowed);
            check(nodes.get(node), "round " + i + ": node() = " + node + ", not an online NUMA node: " + nodes);
        }
    }

    /** Spins until the coarse clock moves (the kernel's next timekeeping update), for at most a second. */
    private static void awaitNextTick(LongSupplier coarse) {
        long start = coarse.getAsLong();
        long begin = System.nanoTime();
        while (coarse.getAsLong() == start && System.nanoTime() - begin < TICK_WAIT_NANOS) {
            Thread.onSpinWait();
        }
    }

    /** The CPUs the calling (carrier) thread may run on: {@code Cpus_allowed_list} of /proc/thread-self/status. */
    public static BitSet allowedCpus() {
        for (String line : readLines(Path.of("/proc/thread-self/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return parseList(line.substring(line.indexOf(':') + 1));
            }
        }
        throw new AssertionError("/proc/thread-self/status has no Cpus_allowed_list");
    }

    /** The online NUMA nodes (/sys/devices/system/node/online); {0} on a kernel without NUMA. */
    public static BitSet onlineNodes() {
        Path online = Path.of("/sys/devices/system/node/online");
        if (!Files.exists(online)) {
            BitSet zero = new BitSet();
            zero.set(0);
            return zero;
        }
        return parseList(String.join(",", readLines(online)));
    }

    /** Parses a kernel CPU or node list such as {@code 0-3,8,10-11}. */
    public static BitSet parseList(String list) {
        BitSet set = new BitSet();
        for (String part : list.trim().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] range = part.trim().split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            set.set(from, to + 1);
        }
        return set;
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long instantNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static void within(String what, long v, long low, long high, int round) {
        if (v < low || v > high) {
            throw new AssertionError("round " + round + ": " + what + " = " + v + ", outside [" + low + ", " + high
                    + "] (" + (v < low ? low - v + " below" : v - high + " above") + ")");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
