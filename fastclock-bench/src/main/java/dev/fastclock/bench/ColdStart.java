package dev.fastclock.bench;

import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cold start: what the first FastClock.nanos() adds to a fresh JVM that only calls System.nanoTime(),
 * and what the first CpuLocator.cpu() adds to a fresh JVM making one plain FFM downcall (the FFM
 * bootstrap any FFM-based provider pays). Whole processes, not JMH: the provider's discovery, its
 * classes and the first plan are what only a new JVM pays.
 *
 * <pre>java -cp benchmarks.jar dev.fastclock.bench.ColdStart [--runs 15] [--out cold.md] [-- child JVM options]</pre>
 *
 * Starts the children round-robin (so drift and noise spread over all of them), after one
 * discarded round that warms the page cache, and reports min/median/max wall time per child from
 * process start to exit, the in-process time of the first call itself, and each first call's median
 * difference to its own baseline against issue 17's target. It reports; it asserts nothing. The
 * children run from this shaded jar; the README's cold-start table is measured with FastClock's own
 * jars on the class path, as a user has them.
 */
public final class ColdStart {

    /** A child JVM, the child its wall time is compared with (null: it is a baseline), and the target for the difference. */
    private record Child(String name, Class<?> main, Child baseline, double targetMs) {
    }

    private ColdStart() {
    }

    /** Child: the JVM a FastClock user starts, up to the first nanos(). */
    public static final class Nanos {
        public static void main(String[] args) {
            long t0 = System.nanoTime();
            long v = FastClock.nanos();
            report(System.nanoTime() - t0, v);
        }
    }

    /** Child: up to the first CpuLocator.cpu(). */
    public static final class Cpu {
        public static void main(String[] args) {
            long t0 = System.nanoTime();
            int v = CpuLocator.cpu();
            report(System.nanoTime() - t0, v);
        }
    }

    /**
     * Child: one plain FFM downcall (glibc sched_getcpu), no FastClock: the part of the cold start
     * that is the JDK's FFM bootstrap, which no FFM-based provider can avoid.
     */
    public static final class Ffm {
        @SuppressWarnings("restricted") // run with --enable-native-access=ALL-UNNAMED
        public static void main(String[] args) throws Throwable {
            long t0 = System.nanoTime();
            java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
            java.lang.invoke.MethodHandle h = linker.downcallHandle(
                    linker.defaultLookup().find("sched_getcpu").orElseThrow(),
                    java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT));
            int v = (int) h.invokeExact();
            report(System.nanoTime() - t0, v);
        }
    }

    /** Child: the baseline, a JVM that only calls System.nanoTime(). */
    public static final class Jdk {
        public static void main(String[] args) {
            long t0 = System.nanoTime();
            long v = System.nanoTime();
            report(System.nanoTime() - t0, v);
        }
    }

    /** One line the parent parses; printing the value keeps the call from being dead code. */
    private static void report(long firstCallNanos, long value) {
        System.out.println("first-call-ns " + firstCallNanos + " value " + value);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int runs = 15;
        Path out = null;
        List<String> childOpts = new ArrayList<>();
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--runs" -> runs = Integer.parseInt(args[++k]);
                case "--out" -> out = Path.of(args[++k]);
                case "--" -> {
                    childOpts.addAll(Arrays.asList(args).subList(k + 1, args.length));
                    k = args.length;
                }
                default -> {
                    System.err.println("ColdStart: unknown argument " + args[k]
                            + "; usage: [--runs N] [--out file.md] [-- child JVM options]");
                    System.exit(2);
                }
            }
        }
        Child nanoTimeOnly = new Child("System.nanoTime() only", Jdk.class, null, 0);
        Child ffmOnly = new Child("one plain FFM downcall (no FastClock)", Ffm.class, null, 0);
        List<Child> children = List.of(nanoTimeOnly, new Child("FastClock.nanos()", Nanos.class, nanoTimeOnly, 30),
                ffmOnly, new Child("CpuLocator.cpu()", Cpu.class, ffmOnly, 20));
        Map<Child, List<Double>> wall = new LinkedHashMap<>();
        Map<Child, List<Double>> first = new LinkedHashMap<>();
        for (Child c : children) {
            wall.put(c, new ArrayList<>());
            first.put(c, new ArrayList<>());
        }
        for (int round = -1; round < runs; round++) {
            for (int c = 0; c < children.size(); c++) {
                // rotate the order each round so no child always runs right after the same one
                Child child = children.get(Math.floorMod(c + round, children.size()));
                double[] m = runChild(child.main(), childOpts);
                if (round >= 0) {
                    wall.get(child).add(m[0]);
                    first.get(child).add(m[1]);
                }
            }
            System.err.print(round < 0 ? "cold start: warm-up round done\n" : "\rcold start: " + (round + 1) + "/" + runs);
        }
        System.err.println();

        StringBuilder md = new StringBuilder();
        md.append("## Cold start (").append(runs).append(" fresh JVMs each, ").append(System.getProperty("java.vm.name"))
                .append(' ').append(System.getProperty("java.version")).append(")\n\n");
        md.append("| child JVM | wall ms min | median | max | first call ms (median) | median wall − its baseline |\n");
        md.append("|---|---:|---:|---:|---:|---|\n");
        for (Child c : children) {
            List<Double> w = wall.get(c);
            String versus = "— (a baseline)";
            if (c.baseline() != null) {
                double diff = median(w) - median(wall.get(c.baseline()));
                versus = String.format(Locale.ROOT, "%+.1f ms over \"%s\" (target ≤ +%.0f: %s)", diff, c.baseline().name(),
                        c.targetMs(), diff <= c.targetMs() ? "met" : "not met");
            }
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.2f | %s |%n", c.name(), min(w), median(w), max(w),
                    median(first.get(c)), versus));
        }
        md.append("\nWall time is process start to exit as seen by the parent; first call is measured inside the child"
                + " around the first call only.\n");
        System.out.print(md);
        if (out != null) {
            Files.writeString(out, md.toString());
        }
    }

    /** Runs one child JVM; returns {wall ms, first-call ms}. */
    private static double[] runChild(Class<?> main, List<String> opts) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(opts);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        long t0 = System.nanoTime();
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        double wallMs = (System.nanoTime() - t0) / 1e6;
        if (rc != 0 || !text.startsWith("first-call-ns ")) {
            throw new IllegalStateException(main.getSimpleName() + " child failed (exit " + rc + "): " + text.strip());
        }
        double firstMs = Long.parseLong(text.split("\\s+")[1]) / 1e6;
        return new double[] {wallMs, firstMs};
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (a.length == 0) {
            return Double.NaN;
        }
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
