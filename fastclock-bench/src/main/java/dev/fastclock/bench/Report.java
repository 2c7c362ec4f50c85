package dev.fastclock.bench;

import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;
import dev.fastclock.spi.FastClockProvider;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Turns a JMH JSON result file and the floor tool's output into the Markdown table of the README's
 * Performance section: ns/op with error, the ratio to the row's baseline from the same run, B/op
 * ({@code -prof gc}'s gc.alloc.rate.norm), the C floor of the same call, and each target met or not;
 * with {@code --chart}, the same rows as a bar chart ({@link Chart}).
 *
 * <pre>java -cp benchmarks.jar dev.fastclock.bench.Report --jmh jmh.json [--floor floor.txt]
 *      [--out results.md] [--chart chart.svg] [--mode full] [--require Bench.method,...]</pre>
 *
 * {@code --require} makes it exit 1 unless each named benchmark has a finite score (the CI smoke
 * check); it never looks at how fast anything was.
 */
public final class Report {

    private static final List<String> ROUTES = List.of("default", "vdso", "libc", "vsyscall", "tsc", "jdk");
    /** The table's order; a FastClockBench method not listed here follows them (see {@link #methods()}). */
    private static final List<String> METHODS = List.of("nanos", "coarseNanos", "epochNanos", "epochMicros",
            "epochMillis", "coarseEpochMillis", "epochSeconds", "resolutionNanos", "bootNanos", "rawNanos", "taiNanos",
            "ticks", "ticksElapsed", "cpu", "node", "isSupported");
    /** Below this gc.alloc.rate.norm counts as no allocation: JMH's own bookkeeping shows as ~1e-3 B/op. */
    private static final double ZERO_BYTES = 0.1;

    /**
     * A target row: FastClock method on {@code route} over a baseline, at most {@code max}. A baseline
     * named {@code FastClockBench.x} is FastClock's own {@code x} on the default route.
     */
    private record Target(String method, String route, String call, String baseline, String baselineCall, double max) {
        Target(String method, String call, String baseline, String baselineCall, double max) {
            this(method, "default", call, baseline, baselineCall, max);
        }
    }

    private static final List<Target> TARGETS = List.of(
            new Target("nanos", "FastClock.nanos()", "BaselineBench.nanoTime", "System.nanoTime()", 1.00),
            new Target("epochNanos", "FastClock.epochNanos()", "BaselineBench.instantNowNanos",
                    "Instant.now() → long nanos", 0.80),
            new Target("epochMicros", "FastClock.epochMicros()", "BaselineBench.agronaSystemEpochMicroClock",
                    "Agrona SystemEpochMicroClock", 0.80),
            new Target("coarseEpochMillis", "FastClock.coarseEpochMillis()", "BaselineBench.currentTimeMillis",
                    "System.currentTimeMillis()", 0.40),
            new Target("coarseNanos", "FastClock.coarseNanos()", "BaselineBench.nanoTime", "System.nanoTime()", 0.40),
            new Target("epochSeconds", "FastClock.epochSeconds()", "BaselineBench.currentTimeSeconds",
                    "System.currentTimeMillis() / 1000", 0.25),
            new Target("cpu", "CpuLocator.cpu()", "BaselineBench.affinityGetCpu", "OpenHFT Affinity.getCpu()", 0.10),
            new Target("epochMillis", "FastClock.epochMillis()", "BaselineBench.currentTimeMillis",
                    "System.currentTimeMillis()", Double.NaN),
            new Target("bootNanos", "FastClock.bootNanos()", "FastClockBench.epochNanos", "FastClock.epochNanos()", 1.15),
            new Target("rawNanos", "FastClock.rawNanos()", "FastClockBench.epochNanos", "FastClock.epochNanos()", 1.15),
            new Target("taiNanos", "FastClock.taiNanos()", "FastClockBench.epochNanos", "FastClock.epochNanos()", 1.15),
            new Target("ticks", "tsc", "FastClock.ticks() (tsc route)", "BaselineBench.nanoTime", "System.nanoTime()", 0.50),
            new Target("ticksElapsed", "tsc", "FastClock.ticksToNanos(ticks() - start) (tsc route)", "BaselineBench.nanoTime",
                    "System.nanoTime()", 0.60),
            new Target("node", "CpuLocator.node()", "FastClockBench.cpu", "CpuLocator.cpu()", Double.NaN));

    /** One JMH result: class-qualified method name, params, score and error in ns/op, B/op. */
    private record Result(String name, Map<String, String> params, double score, double error, double bytes) {
    }

    private final Map<String, Result> results = new LinkedHashMap<>();
    private final Map<String, double[]> floors = new LinkedHashMap<>();
    private final Map<String, String> floorMeta = new LinkedHashMap<>();
    private final List<String> floorSkips = new ArrayList<>();
    private Map<String, Object> firstRun = Map.of();
    private final StringBuilder out = new StringBuilder();

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = options(args, Report::usage);
        if (!opts.containsKey("jmh")) {
            usage("--jmh is required");
        }
        Report r = read(Path.of(opts.get("jmh")), opts.containsKey("floor") ? Path.of(opts.get("floor")) : null);
        if (opts.containsKey("require")) {
            System.exit(r.check(opts.get("require").split(",")));
        }
        String mode = opts.getOrDefault("mode", "?");
        if (opts.containsKey("chart")) {
            Files.writeString(Path.of(opts.get("chart")), r.chart(mode));
            System.out.println("chart: " + opts.get("chart"));
        }
        String md = r.render(mode);
        if (opts.containsKey("out")) {
            Files.writeString(Path.of(opts.get("out")), md);
            System.out.println("report: " + opts.get("out"));
        } else {
            System.out.print(md);
        }
    }

    /**
     * {@code --name value} pairs, as the bench's mains take them; anything else goes to {@code usage},
     * which exits.
     */
    static Map<String, String> options(String[] args, Consumer<String> usage) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int k = 0; k < args.length; k++) {
            if (!args[k].startsWith("--") || k + 1 >= args.length) {
                usage.accept("bad argument: " + args[k]);
                return opts;
            }
            opts.put(args[k].substring(2), args[++k]);
        }
        return opts;
    }

    private static void usage(String why) {
        System.err.println("Report: " + why + "; usage: --jmh jmh.json [--floor floor.txt] [--out results.md]"
                + " [--chart chart.svg] [--mode name] [--require Bench.method,...]");
        System.exit(2);
    }

    // ---- input

    /** A JMH result file and, if not null, the floor tool's output. */
    static Report read(Path jmh, Path floor) throws IOException {
        Report r = new Report();
        r.readJmh(jmh);
        if (floor != null) {
            r.readFloor(floor);
        }
        return r;
    }

    private void readJmh(Path file) throws IOException {
        for (Object o : Json.array(Json.parse(Files.readString(file)))) {
            Map<String, Object> run = Json.object(o);
            if (results.isEmpty()) {
                firstRun = run;
            }
            String fqn = String.valueOf(run.get("benchmark"));
            String[] parts = fqn.split("\\.");
            String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : fqn;
            Map<String, String> params = new LinkedHashMap<>();
            Json.object(run.get("params")).forEach((k, v) -> params.put(k, String.valueOf(v)));
            Map<String, Object> primary = Json.object(run.get("primaryMetric"));
            Map<String, Object> norm = Json.object(Json.object(run.get("secondaryMetrics")).get("gc.alloc.rate.norm"));
            results.put(key(name, params.get("route")), new Result(name, params,
                    Json.number(primary.get("score")), Json.number(primary.get("scoreError")),
                    Json.number(norm.get("score"))));
        }
    }

    private void readFloor(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            if (f.length >= 4 && f[0].equals("floor")) {
                floors.put(f[1], new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])});
            } else if (f.length >= 3 && f[0].equals("meta")) {
                floorMeta.put(f[1], f[2]);
            } else if (f.length >= 3 && f[0].equals("skip")) {
                floorSkips.add(f[1] + ": " + f[2]);
            } else if (f.length >= 2 && f[0].equals("note")) {
                floorSkips.add(f[1]);
            }
        }
    }

    private static String key(String name, String route) {
        return route == null ? name : name + "[route=" + route + "]";
    }

    private Result get(String name) {
        return results.get(name);
    }

    /**
     * Every FastClockBench method: {@link #METHODS} in their order, then any other in the results
     * (a method added to the benchmark shows up in the tables and the chart without an entry here).
     */
    private List<String> methods() {
        LinkedHashSet<String> all = new LinkedHashSet<>(METHODS);
        for (Result r : results.values()) {
            if (r.name.startsWith("FastClockBench.")) {
                all.add(r.name.substring("FastClockBench.".length()));
            }
        }
        return List.copyOf(all);
    }

    private Result fast(String method, String route) {
        return results.get(key("FastClockBench." + method, route));
    }

    private int check(String[] required) {
        int missing = 0;
        // The shaded jar must keep the merged ServiceLoader files, or FastClock silently falls back to the JDK.
        List<String> providers = ServiceLoader.load(FastClockProvider.class).stream()
                .map(p -> p.type().getName()).toList();
        if (providers.stream().noneMatch(n -> n.endsWith(".LinuxX64Provider"))) {
            System.err.println("smoke: the jar's META-INF/services lists no LinuxX64Provider: " + providers);
            missing++;
        }
        for (String want : required) {
            Result r = results.get(want.trim());
            if (r == null || !Double.isFinite(r.score)) {
                System.err.println("smoke: no result for " + want.trim());
                missing++;
            }
        }
        if (missing == 0) {
            System.out.println("smoke: " + required.length + " benchmarks ran and reported scores ("
                    + String.join(", ", required) + "); providers in the jar: " + providers
                    + "; chosen here: " + safeProvider());
        }
        return missing == 0 ? 0 : 1;
    }

    // ---- floor mapping: which C call a method makes on each route

    /** The floor key of the C call behind {@code method} on {@code route}, or null if none was measured. */
    private String floorKey(String method, String route) {
        if (method.startsWith("ticks")) {
            return floors.containsKey("cpu.rdtsc") ? "cpu.rdtsc" : null; // the TSC route reads it directly
        }
        if (route.equals("default")) {
            // The provider picks per method; show the cheaper of its two native candidates.
            String a = floorKey(method, "vdso");
            String b = floorKey(method, "libc");
            if (a == null || !floors.containsKey(a)) {
                return b;
            }
            if (b == null || !floors.containsKey(b)) {
                return a;
            }
            return floors.get(a)[0] <= floors.get(b)[0] ? a : b;
        }
        String call = switch (method) {
            case "nanos" -> "clock_gettime.MONOTONIC";
            case "coarseNanos" -> "clock_gettime.MONOTONIC_COARSE";
            case "epochNanos", "epochMillis" -> "clock_gettime.REALTIME";
            case "coarseEpochMillis" -> "clock_gettime.REALTIME_COARSE";
            case "epochMicros" -> "gettimeofday";
            case "epochSeconds" -> "time";
            case "resolutionNanos" -> "clock_getres.MONOTONIC";
            case "bootNanos" -> "clock_gettime.BOOTTIME";
            case "rawNanos" -> "clock_gettime.MONOTONIC_RAW";
            case "taiNanos" -> "clock_gettime.TAI";
            case "cpu" -> route.equals("libc") ? "sched_getcpu" : "getcpu";
            case "node" -> "getcpu";
            default -> null;
        };
        if (call == null || route.equals("jdk")) {
            return null;
        }
        String k = route + "." + call;
        return floors.containsKey(k) ? k : null;
    }

    private String floorCell(String key) {
        if (key == null || !floors.containsKey(key)) {
            return "—";
        }
        return fmt(floors.get(key)[0]) + " <sub>" + key + "</sub>";
    }

    // ---- output

    private String render(String mode) {
        line("# FastClock benchmark results");
        line("");
        line("- date: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        line("- machine: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, Linux "
                + floorMeta.getOrDefault("kernel", System.getProperty("os.version")) + ", clocksource "
                + floorMeta.getOrDefault("clocksource", readFirstLine("/sys/devices/system/clocksource/clocksource0/current_clocksource"))
                + ", glibc " + floorMeta.getOrDefault("glibc", "?") + ", vsyscall " + floorMeta.getOrDefault("vsyscall", "?"));
        line("- JDK: " + firstRun.getOrDefault("vmName", "?") + " " + firstRun.getOrDefault("jdkVersion", "?")
                + " (" + firstRun.getOrDefault("vmVersion", "?") + ")");
        line("- JMH 1.37, mode `" + mode + "`: " + intOf(firstRun.get("forks")) + " fork, "
                + intOf(firstRun.get("warmupIterations")) + "×" + firstRun.getOrDefault("warmupTime", "?") + " warm-up, "
                + intOf(firstRun.get("measurementIterations")) + "×" + firstRun.getOrDefault("measurementTime", "?")
                + " measurement, -prof gc; error is JMH's 99.9% interval; ratios are to baselines from the same run");
        line("- FastClock provider in this JVM: " + safeProvider());
        line("");
        targets();
        routes();
        baselines();
        outParamClock();
        outParamCpu();
        floorTable();
        line("<details><summary>FastClock.describe() on this machine</summary>");
        line("");
        line("```");
        line(safeDescribe().strip());
        line("```");
        line("</details>");
        return out.toString();
    }

    private void targets() {
        line("## Targets (default route)");
        line("");
        line("| method | ns/op | baseline | baseline ns/op | ratio | target | met | B/op | C floor ns |");
        line("|---|---:|---|---:|---:|---:|---|---:|---:|");
        for (Target t : TARGETS) {
            Result r = fast(t.method, t.route);
            Result b = t.baseline.startsWith("FastClockBench.") ? fast(t.baseline.substring("FastClockBench.".length()), "default")
                    : get(t.baseline);
            String ratio = ratio(r, b);
            String met;
            if (r == null || b == null) {
                met = "no data";
            } else if (Double.isNaN(t.max)) {
                met = "—";
            } else {
                met = r.score / b.score <= t.max ? "met" : "**not met**";
            }
            line("| " + t.call + " | " + scoreCell(r) + " | " + t.baselineCall + " | " + scoreCell(b) + " | " + ratio
                    + " | " + (Double.isNaN(t.max) ? "—" : "≤ " + String.format(Locale.ROOT, "%.2f", t.max)) + " | " + met
                    + " | " + bytesCell(r) + " | " + floorCell(floorKey(t.method, t.route)) + " |");
        }
        List<String> allocating = new ArrayList<>();
        int seen = 0;
        for (String m : methods()) {
            Result r = fast(m, "default");
            if (r != null) {
                seen++;
                if (!(r.bytes < ZERO_BYTES)) {
                    allocating.add(m + " " + bytesCell(r));
                }
            }
        }
        line("| every FastClock and CpuLocator method | | | | | 0 B/op | "
                + (seen == 0 ? "no data" : allocating.isEmpty() ? "met (" + seen + " methods)" : "**not met**: " + String.join(", ", allocating))
                + " | | |");
        line("");
        line("Ratio is FastClock's ns/op over the baseline's, ± the propagated error; \"met\" compares the ratio itself"
                + " with the target. The C floor is the cheapest native call behind the method (run.sh's floor tool).");
        line("");
    }

    private void routes() {
        line("## Every method on every route (ns/op; B/op shown where not 0)");
        line("");
        line("`default` is the provider's own choice per method; the others force `-Dfastclock.route` for every method"
                + " that route can serve (methods it cannot serve keep their default route, e.g. `nanos` under `vsyscall`)."
                + " \"failed\" means the route is not available here or the fork threw; see the JMH log.");
        line("");
        StringBuilder head = new StringBuilder("| method |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String route : ROUTES) {
            head.append(' ').append(route).append(" |");
            rule.append("---:|");
        }
        line(head + " C floor: vdso / libc / vsyscall |");
        line(rule + "---|");
        for (String m : methods()) {
            StringBuilder row = new StringBuilder("| " + m + " |");
            for (String route : ROUTES) {
                Result r = fast(m, route);
                String cell = r == null ? "failed" : scoreCell(r);
                if (r != null && !(r.bytes < ZERO_BYTES)) {
                    cell += " (" + bytesCell(r) + " B)";
                }
                row.append(' ').append(cell).append(" |");
            }
            row.append(' ').append(List.of("vdso", "libc", "vsyscall").stream()
                    .map(route -> {
                        String k = floorKey(m, route);
                        return k == null ? "—" : fmt(floors.get(k)[0]);
                    })
                    .collect(Collectors.joining(" / "))).append(" |");
            line(row.toString());
        }
        line("");
    }

    private void baselines() {
        line("## Baselines");
        line("");
        line("| benchmark | ns/op | B/op |");
        line("|---|---:|---:|");
        results.values().stream().filter(r -> r.name.startsWith("BaselineBench."))
                .forEach(r -> line("| " + r.name.substring("BaselineBench.".length()) + " | " + scoreCell(r) + " | "
                        + bytesCell(r) + " |"));
        line("");
    }

    private static final Map<String, String> CLOCK_NOTES = new LinkedHashMap<>();
    private static final Map<String, String> CPU_NOTES = new LinkedHashMap<>();

    static {
        CLOCK_NOTES.put("systemNanoTime", "baseline: HotSpot calls clock_gettime from C, timespec on its stack");
        CLOCK_NOTES.put("fieldOffHeap", "(a) off-heap buffer in a static final field, critical: **racy** across threads");
        CLOCK_NOTES.put("fieldOffHeapNotCritical", "(a) without critical: adds the thread-state transition");
        CLOCK_NOTES.put("fieldHeapArray", "(a') heap long[2] in a field, critical(true): **racy**");
        CLOCK_NOTES.put("perCallHeapArray", "(b) fresh long[2] per call, critical(true): race-free, allocates");
        CLOCK_NOTES.put("threadLocalOffHeap", "(c) off-heap buffer through a ThreadLocal: race-free, one buffer per (virtual) thread");
        CLOCK_NOTES.put("perCallConfinedArena", "(d) Arena.ofConfined() per call: race-free");
        CLOCK_NOTES.put("fastClockVdsoRoute", "(e) FastClock.nanos(), route forced to vdso");
        CLOCK_NOTES.put("fastClockDefault", "(e') FastClock.nanos(), default route");
        CPU_NOTES.put("affinityGetCpu", "baseline: OpenHFT Affinity.getCpu() (JNA sched_getcpu)");
        CPU_NOTES.put("schedGetcpuCritical", "glibc sched_getcpu, critical: value in a register (rseq in glibc ≥ 2.35)");
        CPU_NOTES.put("schedGetcpuNotCritical", "glibc sched_getcpu, no critical");
        CPU_NOTES.put("vdsoGetcpuFieldOffHeap", "vDSO getcpu, off-heap int in a field, critical: **racy**");
        CPU_NOTES.put("vdsoGetcpuPerCallHeapArray", "vDSO getcpu, fresh int[1] per call, critical(true): allocates");
        CPU_NOTES.put("cpuLocatorDefault", "CpuLocator.cpu(), default route");
        CPU_NOTES.put("cpuLocatorVdsoRoute", "CpuLocator.cpu(), route forced to vdso");
        CPU_NOTES.put("cpuLocatorLibcRoute", "CpuLocator.cpu(), route forced to libc");
    }

    private void outParamClock() {
        line("## Out-parameter alternatives: `__vdso_clock_gettime(CLOCK_MONOTONIC)` through FFM");
        line("");
        line("C floor: " + floorCell("vdso.clock_gettime.MONOTONIC") + " ns.");
        line("");
        alternatives("OutParamClockBench.", CLOCK_NOTES, "OutParamClockBench.systemNanoTime", "System.nanoTime()");
    }

    private void outParamCpu() {
        line("## Current CPU: glibc `sched_getcpu` vs vDSO `getcpu` vs CpuLocator");
        line("");
        line("C floor: " + floorCell("libc.sched_getcpu") + ", " + floorCell("vdso.getcpu") + " ns.");
        line("");
        alternatives("OutParamCpuBench.", CPU_NOTES, "OutParamCpuBench.affinityGetCpu", "Affinity.getCpu()");
    }

    private void alternatives(String prefix, Map<String, String> notes, String baseline, String baselineCall) {
        line("| how | ns/op | ratio to " + baselineCall + " | B/op | what it is |");
        line("|---|---:|---:|---:|---|");
        Result b = get(baseline);
        for (Map.Entry<String, String> e : notes.entrySet()) {
            Result r = get(prefix + e.getKey());
            line("| " + e.getKey() + " | " + (r == null ? "failed" : scoreCell(r)) + " | " + ratio(r, b) + " | "
                    + bytesCell(r) + " | " + e.getValue() + " |");
        }
        line("");
    }

    private void floorTable() {
        line("## C floor (ns per call, min and median of 7 rounds)");
        line("");
        if (floors.isEmpty()) {
            line("Not measured" + (floorSkips.isEmpty() ? "." : ": " + String.join("; ", floorSkips)));
            line("");
            return;
        }
        line("| call | min | median |");
        line("|---|---:|---:|");
        floors.forEach((k, v) -> line("| " + k + " | " + fmt(v[0]) + " | " + fmt(v[1]) + " |"));
        if (!floorSkips.isEmpty()) {
            line("");
            line("Not measured: " + String.join("; ", floorSkips) + ".");
        }
        line("");
    }

    // ---- chart

    /**
     * The chart's groups: every FastClockBench method that has a default-route result, with the
     * baseline its target row pairs it with and the floor of the C call behind it, where there are.
     */
    List<Chart.Group> chartGroups() {
        List<Chart.Group> groups = new ArrayList<>();
        for (String m : methods()) {
            Result r = fast(m, "default");
            if (r == null) {
                continue;
            }
            String call = callOf(m);
            List<Chart.Bar> bars = new ArrayList<>();
            bars.add(new Chart.Bar(Chart.FASTCLOCK, call, r.score, r.error));
            TARGETS.stream().filter(t -> t.method.equals(m)).findFirst().ifPresent(t -> {
                Result b = get(t.baseline);
                if (b != null) {
                    bars.add(new Chart.Bar(Chart.BASELINE, t.baselineCall, b.score, b.error));
                }
            });
            String fk = floorKey(m, "default");
            if (fk != null) {
                bars.add(new Chart.Bar(Chart.FLOOR, fk, floors.get(fk)[0], Double.NaN));
            }
            groups.add(new Chart.Group(m, call, bars));
        }
        return groups;
    }

    String chart(String mode) {
        String jdk = String.valueOf(firstRun.getOrDefault("jdkVersion", "?"));
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE);
        return Chart.render("FastClock: what each call costs, beside what you would call instead",
                "JMH " + mode + " run, " + date + ", " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors()
                        + " CPUs, Linux " + floorMeta.getOrDefault("kernel", System.getProperty("os.version"))
                        + ", JDK " + jdk + "; one run: compare bars within it",
                chartGroups());
    }

    /**
     * The call as users write it, {@code FastClock.nanos()} or {@code CpuLocator.cpu()}, found by
     * reflection (which does not initialise the classes) so a new method needs no entry here.
     */
    static String callOf(String method) {
        for (Class<?> c : List.of(FastClock.class, CpuLocator.class)) {
            for (Method m : c.getMethods()) {
                if (m.getName().equals(method) && Modifier.isStatic(m.getModifiers())) {
                    return c.getSimpleName() + "." + method + (m.getParameterCount() == 0 ? "()" : "(…)");
                }
            }
        }
        return "FastClockBench." + method;
    }

    // ---- formatting

    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return "?";
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : v < 1000 ? "%.1f" : "%.0f", v);
    }

    private static String scoreCell(Result r) {
        if (r == null) {
            return "—";
        }
        return fmt(r.score) + (Double.isFinite(r.error) ? " ± " + fmt(r.error) : "");
    }

    private static String bytesCell(Result r) {
        if (r == null || Double.isNaN(r.bytes)) {
            return "—";
        }
        return r.bytes < 0.01 ? "0" : String.format(Locale.ROOT, r.bytes < 10 ? "%.2f" : "%.0f", r.bytes);
    }

    /** a/b with the first-order propagated error: sqrt((ea/a)^2 + (eb/b)^2) relative. */
    private static String ratio(Result a, Result b) {
        if (a == null || b == null || !(b.score > 0)) {
            return "—";
        }
        double q = a.score / b.score;
        String s = String.format(Locale.ROOT, "%.2f", q);
        if (Double.isFinite(a.error) && Double.isFinite(b.error) && a.score > 0) {
            double rel = Math.sqrt(Math.pow(a.error / a.score, 2) + Math.pow(b.error / b.score, 2));
            s += String.format(Locale.ROOT, " ± %.2f", q * rel);
        }
        return s;
    }

    private static String intOf(Object v) {
        double d = Json.number(v);
        return Double.isFinite(d) ? String.valueOf((long) d) : "?";
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no permission: the report says so rather than failing
        }
        return System.getProperty("os.arch");
    }

    private static String readFirstLine(String path) {
        try {
            return Files.readAllLines(Path.of(path)).getFirst().strip();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String safeProvider() {
        try {
            return FastClock.providerName();
        } catch (RuntimeException e) {
            return "? (" + e + ")";
        }
    }

    private static String safeDescribe() {
        try {
            return FastClock.describe();
        } catch (RuntimeException e) {
            return String.valueOf(e);
        }
    }
}
