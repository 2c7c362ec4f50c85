package dev.fastclock.bench;

import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;
import dev.fastclock.spi.Method;
import net.openhft.affinity.Affinity;
import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tail latency of every clock read: records the cost per call of each method of FastClock's catalogue
 * ({@code dev.fastclock.spi.Method}) and of the JDK call it replaces, on one thread pinned to one CPU, into HdrHistograms, and
 * saves them as an HdrHistogram log ({@code jitter.hlog}) that {@link JitterReport} turns into
 * {@code percentiles.md} and {@code jitter.svg}.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.fastclock.bench.Jitter
 *      [--duration 60s] [--out DIR] [--cpu N] [--only REGEX]</pre>
 *
 * <p>A sample is the time of one batch of back-to-back calls, divided by the batch size. The batch
 * is sized per call so that the timer's own cost (two {@code System.nanoTime()} reads, measured as
 * an empty batch) is under 10% of a sample: the tail then shows stalls in the calls (a preemption,
 * a page fault, a clock-source retry), not the timer. A stall of S ns in a batch of n calls shows as
 * S/n per call; the report also gives the slowest batch whole. The calls are taken in turn, 20 ms
 * each, so that a noisy neighbour falls on all of them rather than on one.
 *
 * <p>The thread is pinned with OpenHFT Affinity (already a bench dependency), which sets the
 * affinity of this thread only: {@code taskset} would pin the whole JVM, JIT compiler and GC
 * threads too, onto the CPU being measured.
 */
public final class Jitter {

    /** Times {@code n} back-to-back calls; returns the elapsed ns, read around the loop only. */
    @FunctionalInterface
    interface Batch {
        long time(int n);
    }

    /**
     * One call to record: its name (the histogram's tag), the JDK call it replaces (null for a
     * baseline itself), whether its loop calls it directly (inlined) or through {@code FastClock.read}.
     */
    record Probe(String name, String baseline, boolean inlined, Batch batch) {
    }

    /** Timer share of a sample must stay under 10%: batch n with n * cost >= 9 * overhead; 10 leaves a margin. */
    private static final double BATCH_FACTOR = 10;
    private static final long SLICE_NS = 20_000_000L;
    private static final long FLUSH_NS = 5_000_000_000L;
    private static final long WARMUP_NS = 400_000_000L;

    /** Consumes every batch's result so that the JIT cannot drop the calls; written after the second timer read. */
    private static long sink;

    private Jitter() {
    }

    private static long done(long result, long t0) {
        long t = System.nanoTime() - t0;
        sink += result;
        return t;
    }

    // Each loop is its own lambda, so the call in it is a direct, inlined static call; one shared loop
    // over a LongSupplier would measure a megamorphic interface call instead.
    private static final String NANO_TIME = "System.nanoTime()";
    private static final String MILLIS = "System.currentTimeMillis()";
    private static final String INSTANT = "Instant.now()";
    private static final String AFFINITY = "Affinity.getCpu()";

    /**
     * The calls to record: every method of the catalogue ({@link Method}), in its order, each paired with
     * the JDK call it replaces ({@link #jdkBaseline}), then the JDK baselines. A method with a loop of its
     * own in {@link #loops()} is called directly; any other through {@link FastClock#read(Method)}
     * ({@link #viaRead}, marked {@code *} in the report: a switch in front of the call, a few ns dearer).
     */
    static List<Probe> probes() {
        Map<Method, Batch> loops = loops();
        List<Probe> all = new ArrayList<>();
        for (Method m : Method.values()) {
            Batch own = loops.get(m);
            all.add(new Probe(name(m), jdkBaseline(m), own != null, own != null ? own : viaRead(m)));
        }
        all.addAll(baselines());
        return all;
    }

    /**
     * A method's name in the log: the call as the bench table writes it ({@link BenchTable.Row#call()}),
     * without spaces (the log's probe lines are space-separated).
     */
    static String name(Method m) {
        BenchTable.Row row = BenchTable.of(m);
        return (row == null ? m.qualifiedName() + "()" : row.call()).replace(" ", "");
    }

    /**
     * The call a method's panel pairs it with: for a clock, the JDK's reading of the same kind (its
     * clock and unit decide, as they decide the catalogue's JDK answer); the ticks with
     * {@code System.nanoTime()}; the CPU with OpenHFT Affinity; none for the rest.
     */
    static String jdkBaseline(Method m) {
        if (m == Method.CPU) {
            return AFFINITY;
        }
        if (m == Method.TICKS || m == Method.TICKS_TO_NANOS) {
            return NANO_TIME;
        }
        if (m.clock() == null) {
            return null;
        }
        if (!m.clock().wall()) {
            return NANO_TIME;
        }
        return m.unit() == Method.Unit.NANOSECONDS || m.unit() == Method.Unit.MICROSECONDS ? INSTANT : MILLIS;
    }

    /** The hot reads' own loops: each its own lambda, so the call in it is a direct, inlined static call. */
    private static Map<Method, Batch> loops() {
        Map<Method, Batch> l = new EnumMap<>(Method.class);
        l.put(Method.NANOS, n -> {
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += FastClock.nanos();
            }
            return done(s, t0);
        });
        l.put(Method.COARSE_NANOS, n -> {
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += FastClock.coarseNanos();
            }
            return done(s, t0);
        });
        l.put(Method.EPOCH_NANOS, n -> {
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += FastClock.epochNanos();
            }
            return done(s, t0);
        });
        l.put(Method.EPOCH_MICROS, n -> {
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += FastClock.epochMicros();
            }
            return done(s, t0);
        });
        l.put(Method.EPOCH_MILLIS, n -> {
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += FastClock.epochMillis();
            }
            return done(s, t0);
        });
        l.put(Method.COARSE_EPOCH_MILLIS, n -> {
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += FastClock.coarseEpochMillis();
            }
            return done(s, t0);
        });
        l.put(Method.EPOCH_SECONDS, n -> {
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += FastClock.epochSeconds();
            }
            return done(s, t0);
        });
        l.put(Method.BOOT_NANOS, n -> {
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += FastClock.bootNanos();
            }
            return done(s, t0);
        });
        l.put(Method.RAW_NANOS, n -> {
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += FastClock.rawNanos();
            }
            return done(s, t0);
        });
        l.put(Method.TAI_NANOS, n -> {
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += FastClock.taiNanos();
            }
            return done(s, t0);
        });
        l.put(Method.TICKS, n -> {
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += FastClock.ticks();
            }
            return done(s, t0);
        });
        // as FastClockBench.ticksElapsed: what a timer does, read, subtract a start, convert
        l.put(Method.TICKS_TO_NANOS, n -> {
            long start = FastClock.ticks();
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += FastClock.ticksToNanos(FastClock.ticks() - start);
            }
            return done(s, t0);
        });
        l.put(Method.CPU, n -> {
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += CpuLocator.cpu();
            }
            return done(s, t0);
        });
        l.put(Method.NODE, n -> {
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += CpuLocator.node();
            }
            return done(s, t0);
        });
        return l;
    }

    private static List<Probe> baselines() {
        return List.of(
                new Probe(NANO_TIME, null, true, n -> {
                    long s = 0, t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        s += System.nanoTime();
                    }
                    return done(s, t0);
                }),
                new Probe(MILLIS, null, true, n -> {
                    long s = 0, t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        s += System.currentTimeMillis();
                    }
                    return done(s, t0);
                }),
                // as epochNanos' baseline in the JMH run: the Instant turned into long nanos
                new Probe(INSTANT, null, true, n -> {
                    long s = 0, t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        Instant now = Instant.now();
                        s += now.getEpochSecond() * 1_000_000_000L + now.getNano();
                    }
                    return done(s, t0);
                }),
                new Probe(AFFINITY, null, true, n -> {
                    long s = 0, t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        s += Affinity.getCpu();
                    }
                    return done(s, t0);
                }));
    }

    /**
     * A method without a loop of its own, through {@link FastClock#read(Method)}: the method is not a
     * constant to the JIT there, so each call costs a few ns more than it would inlined (the report marks
     * these rows); a loop in {@link #loops()} removes the difference.
     */
    static Batch viaRead(Method m) {
        return n -> {
            long s = 0, t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                s += FastClock.read(m);
            }
            return done(s, t0);
        };
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = Report.options(args, Jitter::usage);
        long durationNs = parseDuration(opts.getOrDefault("duration", "60s"));
        Path out = Path.of(opts.getOrDefault("out", "."));
        Files.createDirectories(out);
        List<Probe> probes = probes();
        if (opts.containsKey("only")) {
            Pattern only = Pattern.compile(opts.get("only"));
            probes = probes.stream().filter(p -> only.matcher(p.name).find()).toList();
        }
        if (probes.isEmpty()) {
            usage("--only matches no call; the calls are " + probes().stream().map(Probe::name).toList());
        }

        String machine = JitterReport.machine(); // before pinning, which leaves the JVM counting one CPU
        String pinned = pin(opts.containsKey("cpu") ? Integer.parseInt(opts.get("cpu")) : -1);
        System.err.println("jitter: " + pinned + "; warming up " + probes.size() + " calls");
        long[] batch = new long[probes.size()];
        double[] overhead = new double[probes.size()];
        double[] cost = new double[probes.size()];
        for (Probe p : probes) {
            warmUp(p.batch);
        }
        // Calibrated after every warm-up, twice, keeping the lower figures: on a busy machine the JIT
        // may still be compiling a loop just warmed up, and an interpreted pass would size its batch wrong.
        Arrays.fill(overhead, Double.MAX_VALUE);
        Arrays.fill(cost, Double.MAX_VALUE);
        for (int pass = 0; pass < 2; pass++) {
            for (int k = 0; k < probes.size(); k++) {
                overhead[k] = Math.min(overhead[k], emptyBatchNs(probes.get(k).batch));
                cost[k] = Math.min(cost[k], perCallNs(probes.get(k).batch));
            }
        }
        for (int k = 0; k < probes.size(); k++) {
            batch[k] = Math.max(1, Math.min(100_000, (long) Math.ceil(BATCH_FACTOR * overhead[k] / cost[k])));
        }

        Path log = out.resolve("jitter.hlog");
        System.err.printf(Locale.ROOT, "jitter: recording for %.0f s, the calls taken in turn; log %s%n", durationNs / 1e9, log);
        try (PrintStream ps = new PrintStream(Files.newOutputStream(log), false, StandardCharsets.UTF_8)) {
            HistogramLogWriter w = new HistogramLogWriter(ps);
            long startMs = System.currentTimeMillis();
            w.outputComment("FastClock jitter log: ns per call, one tag per call; "
                    + "java -cp benchmarks.jar dev.fastclock.bench.JitterReport --log jitter.hlog redraws the plot");
            meta(w, "date", Instant.ofEpochMilli(startMs).toString());
            meta(w, "machine", machine);
            meta(w, "jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
            meta(w, "provider", FastClock.providerName());
            meta(w, "pinned", pinned);
            meta(w, "duration", String.format(Locale.ROOT, "%.0f s", durationNs / 1e9));
            for (int k = 0; k < probes.size(); k++) {
                Probe p = probes.get(k);
                w.outputComment(String.format(Locale.ROOT, "%s probe %s baseline=%s batch=%d overheadNs=%.2f costNs=%.2f inlined=%b",
                        JitterReport.MARK, p.name, p.baseline == null ? "-" : p.baseline, batch[k], overhead[k], cost[k], p.inlined));
            }
            w.outputLogFormatVersion();
            w.outputStartTime(startMs);
            w.setBaseTime(startMs);
            w.outputLegend();
            record(probes, batch, durationNs, w);
        }
        System.out.println("jitter: sink " + (sink & 1) + "; log " + log);
        JitterReport.write(log, out);
    }

    private static void meta(HistogramLogWriter w, String key, String value) {
        w.outputComment(JitterReport.MARK + " meta " + key + "=" + value);
    }

    /** Takes the calls in turn, a slice each, until the duration is spent; one interval per call every few seconds. */
    private static void record(List<Probe> probes, long[] batch, long durationNs, HistogramLogWriter w) {
        DoubleHistogram[] h = new DoubleHistogram[probes.size()];
        long[] since = new long[probes.size()];
        for (int k = 0; k < h.length; k++) {
            h[k] = new DoubleHistogram(3);
        }
        long start = System.nanoTime();
        long end = start + durationNs;
        long flushed = start;
        long now = start;
        while (now < end) {
            for (int k = 0; k < h.length; k++) {
                Batch b = probes.get(k).batch;
                int n = (int) batch[k];
                DoubleHistogram hk = h[k];
                if (since[k] == 0) {
                    since[k] = System.currentTimeMillis();
                }
                long sliceEnd = System.nanoTime() + SLICE_NS;
                do {
                    hk.recordValue((double) b.time(n) / n);
                } while (System.nanoTime() < sliceEnd);
            }
            now = System.nanoTime();
            // the same clock read decides the flush and the end, so the last round is always written
            if (now - flushed >= FLUSH_NS || now >= end) {
                long ms = System.currentTimeMillis();
                for (int k = 0; k < h.length; k++) {
                    writeInterval(w, h[k], probes.get(k).name, since[k], ms);
                    since[k] = 0;
                }
                flushed = now;
            }
        }
    }

    /**
     * Writes {@code h} as one interval of the log, tagged, and empties it for the next. The tag is set
     * each time: {@code reset()} clears it, and an untagged line would fall to no call.
     */
    static void writeInterval(HistogramLogWriter w, DoubleHistogram h, String tag, long startMs, long endMs) {
        h.setTag(tag);
        h.setStartTimeStamp(startMs);
        h.setEndTimeStamp(endMs);
        w.outputIntervalHistogram(h);
        h.reset();
    }

    /** Runs the loop long enough, with small and large batches, for C2 to compile it as it will be measured. */
    private static void warmUp(Batch b) {
        DoubleHistogram scratch = new DoubleHistogram(3);
        long end = System.nanoTime() + WARMUP_NS;
        while (System.nanoTime() < end) {
            scratch.recordValue(b.time(0));
            scratch.recordValue(b.time(16) / 16.0);
            scratch.recordValue(b.time(1000) / 1000.0);
        }
    }

    /**
     * The timer's own cost as a sample sees it: the time of a batch of no calls, the lowest median
     * of a few rounds (a round that a neighbour interrupted would size the batch too large).
     */
    private static double emptyBatchNs(Batch b) {
        long best = Long.MAX_VALUE;
        long[] t = new long[401];
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < t.length; i++) {
                t[i] = b.time(0);
            }
            Arrays.sort(t);
            best = Math.min(best, t[t.length / 2]);
        }
        return Math.max(1, best);
    }

    /** The cost of one call: the fastest of a few batches of 10,000 (noise only adds). */
    private static double perCallNs(Batch b) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 15; i++) {
            best = Math.min(best, b.time(10_000));
        }
        return Math.max(0.05, best / 10_000.0);
    }

    /**
     * Pins this thread to {@code cpu}, or when it is -1 to the last CPU this process may use (the
     * first CPUs tend to take more interrupts), and says what it got; an unpinned run goes on.
     */
    private static String pin(int cpu) {
        try {
            BitSet allowed = Affinity.getAffinity();
            int cpus = allowed.cardinality(); // before pinning: the JVM counts this thread's CPUs
            int target = cpu >= 0 ? cpu : allowed.length() - 1;
            if (target < 0) {
                return "not pinned (no CPU in this process's affinity mask)";
            }
            Affinity.setAffinity(target);
            Thread.yield();
            BitSet now = Affinity.getAffinity();
            int on = CpuLocator.cpu();
            if (now.cardinality() == 1 && now.get(target) && (on == target || on < 0)) {
                return "thread pinned to CPU " + target + " of " + cpus;
            }
            return "not pinned: asked for CPU " + target + ", got mask " + now + " and running on CPU " + on;
        } catch (RuntimeException | LinkageError e) {
            return "not pinned (" + e + ")";
        }
    }

    /** "60s", "10m", "1h", "500ms" or plain seconds. */
    static long parseDuration(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        double unit = 1e9;
        if (t.endsWith("ms")) {
            unit = 1e6;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60e9;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3600e9;
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t);
            if (v > 0) {
                return (long) (v * unit);
            }
        } catch (NumberFormatException e) {
            // falls through to the usage message
        }
        usage("bad duration: " + s + " (e.g. 60s, 10m, 1h)");
        return 0;
    }

    private static void usage(String why) {
        System.err.println("Jitter: " + why + "; usage: [--duration 60s] [--out DIR] [--cpu N] [--only REGEX]");
        System.exit(2);
    }
}
