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
    /** The routes a C floor is measured for, in the routes table's floor column. */
    private static final List<String> NATIVE_ROUTES = List.of("vdso", "libc", "vsyscall");
    private static final String FAST = "FastClockBench.";
    /** Below this gc.alloc.rate.norm counts as no allocation: JMH's own bookkeeping shows as ~1e-3 B/op. */
    private static final double ZERO_BYTES = 0.1;

    /** One JMH result: class-qualified method name, params, score and error in ns/op, B/op. */
    private record Result(String name, Map<String, String> params, double score, double error, double bytes) {
    }

    private final Map<String, Result> results = new LinkedHashMap<>();
    private final Map<String, double[]> floors = new LinkedHashMap<>();
    private final Map<String, String> floorMeta = new LinkedHashMap<>();
    private final List<String> floorSkips = new ArrayList<>();
    private Map<String, Object> firstRun = Map.of();
    private final StringBuilder out = new StringBuilder();
    /** The catalogue's rows ({@link BenchTable}), then the extra rows beside it. */
    private final List<BenchTable.Row> rows;

    private Report(List<BenchTable.Row> extra) {
        this.rows = BenchTable.rows(extra);
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

    /** A JMH result file and, if not null, the floor tool's output; the extra rows are {@link BenchTable#EXTRA}. */
    static Report read(Path jmh, Path floor) throws IOException {
        return read(jmh, floor, BenchTable.EXTRA);
    }

    /** Likewise, with {@code extra} rows after the catalogue's in the targets table and the chart. */
    static Report read(Path jmh, Path floor, List<BenchTable.Row> extra) throws IOException {
        Report r = new Report(extra);
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
     * Every FastClockBench method: the catalogue's, in its order, then any other in the results (a
     * method added to the benchmark and not to the catalogue still shows in the tables and the chart).
     */
    private List<String> methods() {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        for (BenchTable.Row t : rows) {
            if (t.method() != null) {
                all.add(t.jmh());
            }
        }
        for (Result r : results.values()) {
            if (r.name.startsWith(FAST)) {
                all.add(r.name.substring(FAST.length()));
            }
        }
        return List.copyOf(all);
    }

    /** The catalogue row benchmarked by FastClockBench's {@code jmh}, or null. */
    private BenchTable.Row catalogueRow(String jmh) {
        for (BenchTable.Row t : rows) {
            if (t.method() != null && t.jmh().equals(jmh)) {
                return t;
            }
        }
        return null;
    }

    private Result fast(String method, String route) {
        return results.get(key(FAST + method, route));
    }

    /** A row's result: with its route param, or without one (a benchmark class that has none). */
    private Result result(BenchTable.Row t) {
        return results.get(key(t.benchmark(), t.route()));
    }

    /** A baseline's result: FastClock's own on the default route, any other benchmark as it is. */
    private Result baseline(BenchTable.Baseline b) {
        if (b.none()) {
            return null;
        }
        return b.benchmark().startsWith(FAST) ? fast(b.benchmark().substring(FAST.length()), Routes.DEFAULT)
                : get(b.benchmark());
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

    // ---- floor mapping: which C call a method makes on each route (BenchTable.floorKey)

    /**
     * The floor key of the C call behind {@code row} on its route, if floor.c measured it: for the
     * {@code default} route the cheaper of the vdso and libc calls (the provider picks per method); null
     * for the jdk route, an unmeasured call or {@link BenchTable#NONE}.
     */
    private String floorKey(BenchTable.Row row, String route) {
        if (row.method() == null) {
            return measured(row.floor());
        }
        if (route.equals(Routes.DEFAULT)) {
            String a = floorKey(row, "vdso");
            String b = floorKey(row, "libc");
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            return floors.get(a)[0] <= floors.get(b)[0] ? a : b;
        }
        return route.equals("jdk") ? null : measured(BenchTable.floorKey(row.method(), route));
    }

    private String measured(String key) {
        return key != null && floors.containsKey(key) ? key : null;
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
        tables();
        line("<details><summary>FastClock.describe() on this machine</summary>");
        line("");
        line("```");
        line(safeDescribe().strip());
        line("```");
        line("</details>");
        return out.toString();
    }

    /** The tables of {@code results.md}, from the results alone (no FastClock call in this JVM): appended, and returned. */
    String tables() {
        int start = out.length();
        targets();
        routes();
        baselines();
        outParamClock();
        outParamCpu();
        floorTable();
        return out.substring(start);
    }

    private void targets() {
        line("## Targets: every catalogue method on its default route");
        line("");
        line("| method | ns/op | baseline | baseline ns/op | ratio | target | met | B/op | C floor ns |");
        line("|---|---:|---|---:|---:|---:|---|---:|---:|");
        List<String> hot = new ArrayList<>();
        List<String> allocating = new ArrayList<>();
        List<String> byDesign = new ArrayList<>();
        for (BenchTable.Row t : rows) {
            Result r = result(t);
            Result b = baseline(t.baseline());
            boolean noTarget = t.baseline().none() || Double.isNaN(t.target());
            String met;
            if (r == null || (b == null && !t.baseline().none())) {
                met = "no data";
            } else if (noTarget) {
                met = "—";
            } else {
                met = r.score / b.score <= t.target() ? "met" : "**not met**";
            }
            String route = t.route() == null || t.route().equals(Routes.DEFAULT) ? "" : " (" + t.route() + " route)";
            String bytes = bytesCell(r);
            if (t.allocates() != null) {
                bytes += " (by design: " + t.allocates() + ")";
                byDesign.add(t.jmh());
            } else if (r != null) {
                hot.add(t.jmh());
                if (!(r.bytes < ZERO_BYTES)) {
                    allocating.add(t.jmh() + " " + bytesCell(r));
                }
            }
            line("| " + t.call() + route + " | " + scoreCell(r) + " | " + (t.baseline().none() ? "—" : t.baseline().call())
                    + " | " + scoreCell(b) + " | " + ratio(r, b) + " | "
                    + (noTarget ? "—" : "≤ " + String.format(Locale.ROOT, "%.2f", t.target())) + " | " + met
                    + " | " + bytes + " | " + floorCell(floorKey(t, t.route() == null ? Routes.DEFAULT : t.route())) + " |");
        }
        for (String m : methods()) {
            Result r = fast(m, Routes.DEFAULT);
            if (catalogueRow(m) == null && r != null) { // a FastClockBench method the catalogue does not list
                hot.add(m);
                if (!(r.bytes < ZERO_BYTES)) {
                    allocating.add(m + " " + bytesCell(r));
                }
            }
        }
        line("| every method above" + (byDesign.isEmpty() ? "" : " but " + String.join(", ", byDesign) + " (allocating by design)")
                + " | | | | | 0 B/op | "
                + (hot.isEmpty() ? "no data" : allocating.isEmpty() ? "met (" + hot.size() + " methods)" : "**not met**: " + String.join(", ", allocating))
                + " | | |");
        line("");
        line("Ratio is the method's ns/op over the baseline's, ± the propagated error; \"met\" compares the ratio itself"
                + " with the target. 0 B/op is the rule for the hot reads; a method marked \"by design\" returns a new object."
                + " The C floor is the cheapest native call behind the method (run.sh's floor tool).");
        line("");
    }

    private void routes() {
        line("## Every method on every route (ns/op; B/op shown where not 0)");
        line("");
        line("`default` is the provider's own choice per method; the others force `-Dfastclock.route` for every method"
                + " that route can serve (methods it cannot serve keep their default route, e.g. `nanos` under `vsyscall`)."
                + " \"failed\" means the route is not available here or the fork threw; see the JMH log; \"not run\": not in this run.");
        line("");
        StringBuilder head = new StringBuilder("| method |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String route : ROUTES) {
            head.append(' ').append(route).append(" |");
            rule.append("---:|");
        }
        line(head + " C floor: " + String.join(" / ", NATIVE_ROUTES) + " |");
        line(rule + "---|");
        // a method or a route with no result at all was not in this run (a subset, or quick's three routes)
        List<String> ranRoutes = ROUTES.stream().filter(route -> methods().stream().anyMatch(m -> fast(m, route) != null)).toList();
        for (String m : methods()) {
            StringBuilder row = new StringBuilder("| " + m + " |");
            boolean ran = ROUTES.stream().anyMatch(route -> fast(m, route) != null);
            for (String route : ROUTES) {
                Result r = fast(m, route);
                String cell = r != null ? scoreCell(r) : ran && ranRoutes.contains(route) ? "failed" : "not run";
                if (r != null && !(r.bytes < ZERO_BYTES)) {
                    cell += " (" + bytesCell(r) + " B)";
                }
                row.append(' ').append(cell).append(" |");
            }
            BenchTable.Row t = catalogueRow(m);
            row.append(' ').append(NATIVE_ROUTES.stream()
                    .map(route -> {
                        String k = t == null ? null : floorKey(t, route);
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
        line("| call | min | median | behind |");
        line("|---|---:|---:|---|");
        floors.forEach((k, v) -> line("| " + k + " | " + fmt(v[0]) + " | " + fmt(v[1]) + " | " + behind(k) + " |"));
        if (!floorSkips.isEmpty()) {
            line("");
            line("Not measured: " + String.join("; ", floorSkips) + ".");
        }
        line("");
    }

    /** The methods (catalogue, then extra rows) whose C call on some route is {@code key}, or "for scale". */
    private String behind(String key) {
        List<String> names = new ArrayList<>();
        for (BenchTable.Row t : rows) {
            List<String> routes = t.method() == null ? List.of(Routes.DEFAULT) : NATIVE_ROUTES;
            if (routes.stream().anyMatch(route -> key.equals(floorKey(t, route)))) {
                names.add(t.method() == null ? t.call() : t.method().apiName());
            }
        }
        return names.isEmpty() ? "for scale" : String.join(", ", names);
    }

    // ---- chart

    /**
     * The chart's groups: every FastClockBench method that has a default-route result (the catalogue's in
     * its order, then any other), then the extra rows that have one, each with the baseline its row pairs
     * it with and the floor of the C call behind it, where there are.
     */
    List<Chart.Group> chartGroups() {
        List<Chart.Group> groups = new ArrayList<>();
        for (String m : methods()) {
            Result r = fast(m, Routes.DEFAULT);
            BenchTable.Row t = catalogueRow(m);
            if (r != null) {
                groups.add(group(m, t == null ? callOf(m) : t.call(), r, t, Routes.DEFAULT));
            }
        }
        for (BenchTable.Row t : rows) {
            Result r = result(t);
            if (t.method() == null && r != null) {
                groups.add(group(t.benchmark(), t.call(), r, t, t.route()));
            }
        }
        return groups;
    }

    private Chart.Group group(String name, String call, Result r, BenchTable.Row t, String route) {
        List<Chart.Bar> bars = new ArrayList<>();
        bars.add(new Chart.Bar(Chart.FASTCLOCK, call, r.score, r.error));
        if (t != null) {
            Result b = baseline(t.baseline());
            if (b != null) {
                bars.add(new Chart.Bar(Chart.BASELINE, t.baseline().call(), b.score, b.error));
            }
            String fk = floorKey(t, route == null ? Routes.DEFAULT : route);
            if (fk != null) {
                bars.add(new Chart.Bar(Chart.FLOOR, fk, floors.get(fk)[0], Double.NaN));
            }
        }
        return new Chart.Group(name, call, bars);
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
