package dev.fastclock.bench;

import dev.fastclock.spi.Method;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static dev.fastclock.spi.Method.BOOT_NANOS;
import static dev.fastclock.spi.Method.CLOCK_STATUS;
import static dev.fastclock.spi.Method.COARSE_EPOCH_MILLIS;
import static dev.fastclock.spi.Method.COARSE_NANOS;
import static dev.fastclock.spi.Method.CPU;
import static dev.fastclock.spi.Method.EPOCH_MICROS;
import static dev.fastclock.spi.Method.EPOCH_MILLIS;
import static dev.fastclock.spi.Method.EPOCH_NANOS;
import static dev.fastclock.spi.Method.EPOCH_SECONDS;
import static dev.fastclock.spi.Method.IS_SUPPORTED;
import static dev.fastclock.spi.Method.NANOS;
import static dev.fastclock.spi.Method.NODE;
import static dev.fastclock.spi.Method.RAW_NANOS;
import static dev.fastclock.spi.Method.RESOLUTION;
import static dev.fastclock.spi.Method.TAI_NANOS;
import static dev.fastclock.spi.Method.TICKS;
import static dev.fastclock.spi.Method.TICKS_PER_SECOND;
import static dev.fastclock.spi.Method.TICKS_TO_NANOS;

/**
 * What the benchmarks add to FastClock's catalogue ({@link Method}): for each catalogue method, its
 * {@link FastClockBench} benchmark, the baseline its ratio is taken to and the target of that ratio, the
 * route the target is measured on, and whether it allocates by design. Everything else the bench lists per
 * method follows from the catalogue: the order and the names of {@link Report}'s tables and of the chart,
 * the C call behind each method ({@link #floorKey}), {@link Jitter}'s probes.
 *
 * <p>A catalogue method without its row here, or without its {@code @Benchmark}, a Jitter probe or a C
 * floor (or an explicit {@link #NONE}), fails {@code CatalogueWiringTest}.
 *
 * <p>{@link #EXTRA} holds the rows of benchmarks beside the catalogue (another class's methods): the
 * targets table and the chart show them after the catalogue's.
 */
final class BenchTable {

    /** An explicit "none": no baseline, no C call behind the method. */
    static final String NONE = "none";
    /** No target: the ratio is shown, nothing is met or missed. */
    static final double NO_TARGET = Double.NaN;
    /** The clock {@link FastClockBench#resolutionNanos()} asks about, as {@code ClockId} and the floor name it. */
    static final String RESOLUTION_CLOCK = "MONOTONIC";

    /**
     * The benchmark a ratio is taken to: {@code Class.method} of a JMH result and the call as users write
     * it. {@code FastClockBench.x} means FastClock's own {@code x} on the default route.
     */
    record Baseline(String benchmark, String call) {
        static final Baseline NO_BASELINE = new Baseline(NONE, NONE);

        boolean none() {
            return NONE.equals(benchmark);
        }
    }

    /**
     * One row of the targets table and one group of the chart.
     *
     * @param method    the catalogue method, or null for an {@link #EXTRA} row
     * @param benchmark the JMH benchmark, {@code Class.method}
     * @param route     the {@code route} param the row is measured with ({@code default}, {@code tsc}), or
     *                  null for a benchmark without that param
     * @param call      the call as users write it
     * @param baseline  what its ratio is taken to, or {@link Baseline#NO_BASELINE}
     * @param target    the ratio to meet, at most, or {@link #NO_TARGET}
     * @param allocates null for a hot read (0 B/op is a target); else why it allocates by design
     * @param floor     the floor key of an {@link #EXTRA} row ({@link #NONE} if none); null for a catalogue
     *                  row, whose key follows from the catalogue ({@link #floorKey})
     */
    record Row(Method method, String benchmark, String route, String call, Baseline baseline, double target,
               String allocates, String floor) {

        /** The FastClockBench method name, as in the JMH result: the catalogue's name but for ticksToNanos. */
        String jmh() {
            return benchmark.substring(benchmark.indexOf('.') + 1);
        }

        Row on(String r) {
            return new Row(method, benchmark, r, call, baseline, target, allocates, floor);
        }

        Row measuredBy(String jmhName, String userCall) {
            return new Row(method, "FastClockBench." + jmhName, route, userCall, baseline, target, allocates, floor);
        }

        Row called(String userCall) {
            return new Row(method, benchmark, route, userCall, baseline, target, allocates, floor);
        }

        Row allocating(String why) {
            return new Row(method, benchmark, route, call, baseline, target, why, floor);
        }
    }

    private static Row row(Method m, String baseline, String baselineCall, double target) {
        return new Row(m, "FastClockBench." + m.apiName(), Routes.DEFAULT, m.qualifiedName() + "()",
                new Baseline(baseline, baselineCall), target, null, null);
    }

    private static Row none(Method m) {
        return new Row(m, "FastClockBench." + m.apiName(), Routes.DEFAULT, m.qualifiedName() + "()",
                Baseline.NO_BASELINE, NO_TARGET, null, null);
    }

    private static final String NANO_TIME = "BaselineBench.nanoTime";
    private static final String MILLIS = "BaselineBench.currentTimeMillis";
    private static final String FASTCLOCK_EPOCH_NANOS = "FastClockBench.epochNanos";

    /** One row per catalogue method; the targets are issue 6's and issue 17's. */
    private static final List<Row> ROWS = List.of(
            row(NANOS, NANO_TIME, "System.nanoTime()", 1.00),
            row(COARSE_NANOS, NANO_TIME, "System.nanoTime()", 0.40),
            row(EPOCH_NANOS, "BaselineBench.instantNowNanos", "Instant.now() → long nanos", 0.80),
            row(EPOCH_MICROS, "BaselineBench.agronaSystemEpochMicroClock", "Agrona SystemEpochMicroClock", 0.80),
            row(EPOCH_MILLIS, MILLIS, "System.currentTimeMillis()", NO_TARGET),
            row(COARSE_EPOCH_MILLIS, MILLIS, "System.currentTimeMillis()", 0.40),
            row(EPOCH_SECONDS, "BaselineBench.currentTimeSeconds", "System.currentTimeMillis() / 1000", 0.25),
            row(BOOT_NANOS, FASTCLOCK_EPOCH_NANOS, "FastClock.epochNanos()", 1.15),
            row(RAW_NANOS, FASTCLOCK_EPOCH_NANOS, "FastClock.epochNanos()", 1.15),
            row(TAI_NANOS, FASTCLOCK_EPOCH_NANOS, "FastClock.epochNanos()", 1.15),
            // lfence; rdtsc, ordered (issue 17 item 4): measured where it is read, the tsc route
            row(TICKS, NANO_TIME, "System.nanoTime()", 0.85).on("tsc"),
            row(TICKS_TO_NANOS, NANO_TIME, "System.nanoTime()", 0.85).on("tsc")
                    .measuredBy("ticksElapsed", "FastClock.ticksToNanos(ticks() - start)"),
            none(TICKS_PER_SECOND),
            none(RESOLUTION).called("FastClock.resolutionNanos(" + RESOLUTION_CLOCK + ")"),
            row(CPU, "BaselineBench.affinityGetCpu", "OpenHFT Affinity.getCpu()", 0.10),
            row(NODE, "FastClockBench.cpu", "CpuLocator.cpu()", NO_TARGET),
            none(IS_SUPPORTED),
            none(CLOCK_STATUS).allocating("a new ClockStatus per call"));

    /**
     * Benchmarks beside the catalogue, shown after its rows in the targets table and the chart, e.g.
     * {@code new Row(null, "UniqueClockBench.next", null, "UniqueClock.next()",
     * new Baseline("BaselineBench.nanoTime", "System.nanoTime()"), 1.50, null, NONE)}.
     */
    static final List<Row> EXTRA = List.of(
            // UniqueClock (issue 19): against FastClock.epochNanos() (<= 1.25) and Chronicle's unique clock (<= 0.80)
            new Row(null, "UniqueClockBench.processEpochNanos", null, "UniqueClock.ofProcess().epochNanos()",
                    new Baseline("UniqueClockBench.fastClockEpochNanos", "FastClock.epochNanos()"), 1.25, null, NONE),
            new Row(null, "UniqueClockBench.processEpochNanos", null, "UniqueClock.ofProcess().epochNanos()",
                    new Baseline("UniqueClockBench.chronicleCurrentTimeNanos", "Chronicle DistributedUniqueTimeProvider.currentTimeNanos()"), 0.80,
                    null, NONE),
            new Row(null, "UniqueClockBench.hostEpochNanos", null, "UniqueClock.ofHost(file, id).epochNanos()",
                    new Baseline("UniqueClockBench.chronicleCurrentTimeNanos", "Chronicle DistributedUniqueTimeProvider.currentTimeNanos()"), 0.80,
                    null, NONE),
            new Row(null, "UniqueClockBench.hostEpochNanosTwoThreads", null, "UniqueClock.ofHost(file, id).epochNanos(), 2 threads",
                    new Baseline("UniqueClockBench.chronicleCurrentTimeNanosTwoThreads", "Chronicle currentTimeNanos(), 2 threads"), 0.80,
                    null, NONE),
            new Row(null, "UniqueClockBench.processEpochNanosTwoThreads", null, "UniqueClock.ofProcess().epochNanos(), 2 threads",
                    new Baseline("UniqueClockBench.chronicleCurrentTimeNanosTwoThreads", "Chronicle currentTimeNanos(), 2 threads"), NO_TARGET,
                    null, NONE));

    private static final Map<Method, Row> BY_METHOD = byMethod();

    private static Map<Method, Row> byMethod() {
        Map<Method, Row> m = new EnumMap<>(Method.class);
        for (Row r : ROWS) {
            if (m.put(r.method(), r) != null) {
                throw new IllegalStateException("two bench rows for " + r.method());
            }
        }
        return Collections.unmodifiableMap(m);
    }

    private BenchTable() {
    }

    /** The row of {@code m}, or null if it has none (a half-wired method: CatalogueWiringTest fails). */
    static Row of(Method m) {
        return BY_METHOD.get(m);
    }

    /** The catalogue's rows in its order (a method without a row is left out), then {@code extra}. */
    static List<Row> rows(List<Row> extra) {
        List<Row> all = new ArrayList<>();
        for (Method m : Method.values()) {
            if (of(m) != null) {
                all.add(of(m));
            }
        }
        all.addAll(extra);
        return all;
    }

    /** The vsyscall page's only calls: a method reading anything else has no vsyscall route. */
    private static final List<String> VSYSCALL_CALLS = List.of("gettimeofday", "time", "getcpu");

    /**
     * floor.c's key for the C call behind {@code m} on a native {@code route} ({@code vdso}, {@code libc},
     * {@code vsyscall}): {@code route.clock_gettime.CLOCK} from the catalogue's clock, the call itself
     * where the provider makes another; {@link #NONE} where no C call is behind it, or null where this
     * table does not know (a half-wired method: CatalogueWiringTest fails). The ticks and clockStatus read
     * one thing whatever the route: {@code cpu.rdtsc_ordered} and {@code libc.adjtimex}.
     */
    static String floorKey(Method m, String route) {
        switch (m) {
            case TICKS, TICKS_TO_NANOS:
                return "cpu.rdtsc_ordered"; // the instruction itself, whatever the route
            case CLOCK_STATUS:
                return "libc.adjtimex"; // one system call; the vDSO has no adjtimex
            case TICKS_PER_SECOND, IS_SUPPORTED:
                return NONE; // a field read; derived from cpu() and node()
            default:
                break;
        }
        String call = switch (m) {
            case EPOCH_MICROS -> "gettimeofday";
            case EPOCH_SECONDS -> "time";
            case RESOLUTION -> "clock_getres." + RESOLUTION_CLOCK;
            case CPU, NODE -> route.equals("libc") ? "sched_getcpu" : "getcpu"; // node: that CPU's node
            default -> m.clock() == null ? null : "clock_gettime." + m.clock().name();
        };
        if (call == null) {
            return null;
        }
        if (route.equals("vsyscall") && !VSYSCALL_CALLS.contains(call)) {
            return NONE;
        }
        return route + "." + call;
    }
}
