package dev.fastclock.tests.probe;

import dev.fastclock.ClockId;
import dev.fastclock.CpuSource;
import dev.fastclock.TimeSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.function.LongSupplier;

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

    /** Runs every time check, {@code rounds} times each ({@code nanos} interleaving {@code 10 * rounds} times). */
    public static void checkTime(TimeSource s, int rounds) {
        resolutions(s);
        nanosInterleavesWithNanoTime(s, 10 * rounds);
        epochNanos(s, rounds);
        epochMicros(s, rounds);
        epochMillis(s, rounds);
        epochSeconds(s, rounds);
        coarseNanos(s, rounds);
        coarseEpochMillis(s, rounds);
        coarseClocksMoveOnlyAtTicks(s, rounds);
    }

    /** Fine clocks at 1 ns to 1 us; coarse clocks no finer than the fine ones and no coarser than 10 ms (HZ=100). */
    public static void resolutions(TimeSource s) {
        for (ClockId id : ClockId.values()) {
            long r = s.resolutionNanos(id);
            check(r >= 1 && r <= 10 * MILLI_IN_NANOS, "resolutionNanos(" + id + ") = " + r + ", expected 1 ns to 10 ms");
        }
        check(s.resolutionNanos(ClockId.MONOTONIC) <= 1_000, "resolutionNanos(MONOTONIC) = " + s.resolutionNanos(ClockId.MONOTONIC));
        check(s.resolutionNanos(ClockId.REALTIME) <= 1_000, "resolutionNanos(REALTIME) = " + s.resolutionNanos(ClockId.REALTIME));
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
