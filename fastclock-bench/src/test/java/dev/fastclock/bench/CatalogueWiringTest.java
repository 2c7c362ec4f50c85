package dev.fastclock.bench;

import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;
import dev.fastclock.spi.Method;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every method of FastClock's catalogue ({@link Method}) is wired into the bench: a row of
 * {@link BenchTable}, a {@link FastClockBench} benchmark, a {@link Jitter} probe, a C floor in
 * {@code floor.c} (or an explicit none). A catalogue row added without them fails here, naming what is
 * missing, instead of being left out of the tables silently. Each test collects every problem first, so
 * one run lists all the wiring a new method still needs.
 */
class CatalogueWiringTest {

    private static final Path FLOOR_C = Path.of("src/main/c/floor.c");

    /** The public {@code @Benchmark} methods of {@code c}, by name. */
    private static Set<String> benchmarks(Class<?> c) {
        return Arrays.stream(c.getMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class))
                .map(java.lang.reflect.Method::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether {@code Class.method} (a class of this package) is a {@code @Benchmark}. */
    private static boolean isBenchmark(String qualified) {
        int dot = qualified.indexOf('.');
        try {
            return dot > 0 && benchmarks(Class.forName("dev.fastclock.bench." + qualified.substring(0, dot)))
                    .contains(qualified.substring(dot + 1));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void none(List<String> problems) {
        assertTrue(problems.isEmpty(), problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
    }

    @Test
    void everyCatalogueMethodHasABenchRowWithABaselineOrNone() {
        List<String> problems = new ArrayList<>();
        List<String> routes = routeParam();
        for (Method m : Method.values()) {
            BenchTable.Row row = BenchTable.of(m);
            if (row == null) {
                problems.add(m + ": no row in BenchTable.ROWS: add row(" + m + ", baseline, its call, target) or none(" + m + ")");
                continue;
            }
            if (!row.benchmark().startsWith("FastClockBench.")) {
                problems.add(m + ": measured by " + row.benchmark() + ", not a FastClockBench method");
            }
            if (!routes.contains(row.route())) {
                problems.add(m + ": route " + row.route() + " is not a value of FastClockBench's route param " + routes);
            }
            if (!row.baseline().none() && !isBenchmark(row.baseline().benchmark())) {
                problems.add(m + ": baseline " + row.baseline().benchmark() + " is no @Benchmark");
            }
            if (row.baseline().none() && !Double.isNaN(row.target())) {
                problems.add(m + ": a target with no baseline");
            }
            if (!(Double.isNaN(row.target()) || row.target() > 0)) {
                problems.add(m + ": target " + row.target());
            }
        }
        none(problems);
    }

    @Test
    void everyCatalogueMethodHasABenchmarkAndEveryBenchmarkIsACatalogueMethod() {
        Set<String> declared = benchmarks(FastClockBench.class);
        Set<String> wanted = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (Method m : Method.values()) {
            BenchTable.Row row = BenchTable.of(m);
            String jmh = row == null ? m.apiName() : row.jmh();
            wanted.add(jmh);
            if (!declared.contains(jmh)) {
                problems.add(m + ": FastClockBench has no @Benchmark " + jmh + "()");
            }
        }
        for (String d : declared) {
            if (!wanted.contains(d)) {
                problems.add("FastClockBench." + d + "() measures no catalogue method (name it as the method, or map it in BenchTable)");
            }
        }
        none(problems);
    }

    /**
     * 0 B/op is the hot reads' target: a method that returns an object (clockStatus) must say in its row
     * that it allocates by design, and a method that returns a primitive must not.
     */
    @Test
    void allocatingByDesignExactlyWhereTheMethodReturnsAnObject() {
        List<String> problems = new ArrayList<>();
        for (Method m : Method.values()) {
            BenchTable.Row row = BenchTable.of(m);
            Class<?> owner = m.owner() == Method.Owner.FAST_CLOCK ? FastClock.class : CpuLocator.class;
            List<java.lang.reflect.Method> api = Arrays.stream(owner.getMethods())
                    .filter(x -> x.getName().equals(m.apiName())).toList();
            if (api.size() != 1) {
                problems.add(m + ": " + api.size() + " methods " + m.qualifiedName() + " in the API");
                continue;
            }
            boolean returnsObject = !api.getFirst().getReturnType().isPrimitive();
            if (row != null && returnsObject != (row.allocates() != null)) {
                problems.add(m + ": returns " + api.getFirst().getReturnType().getSimpleName() + " but its bench row says "
                        + (row.allocates() == null ? "0 B/op (add .allocating(why))" : "allocating by design"));
            }
        }
        none(problems);
    }

    @Test
    void everyCatalogueMethodHasAJitterProbeAndEveryTargetedOneItsOwnLoop() {
        Map<String, Jitter.Probe> probes = Jitter.probes().stream()
                .collect(Collectors.toMap(Jitter.Probe::name, Function.identity()));
        assertEquals(Jitter.probes().size(), probes.size(), "a call recorded twice");
        List<String> problems = new ArrayList<>();
        for (Method m : Method.values()) {
            Jitter.Probe p = probes.get(Jitter.name(m));
            BenchTable.Row row = BenchTable.of(m);
            if (p == null) {
                problems.add(m + ": no Jitter probe " + Jitter.name(m));
            } else if (row != null && !Double.isNaN(row.target()) && !p.inlined()) {
                problems.add(m + ": a hot read with a target, recorded through FastClock.read: give it a loop in Jitter.loops()");
            }
        }
        // each recorded call that has a baseline finds it among the probes
        probes.values().stream().filter(p -> p.baseline() != null && !probes.containsKey(p.baseline()))
                .forEach(p -> problems.add(p.name() + ": its baseline " + p.baseline() + " is not recorded"));
        none(problems);
    }

    @Test
    void everyCatalogueMethodHasAFloorKeyThatFloorCMeasuresOrNone() throws IOException {
        Set<String> keys = floorKeys(Files.readString(FLOOR_C));
        List<String> problems = new ArrayList<>();
        for (Method m : Method.values()) {
            for (String route : List.of("vdso", "libc", "vsyscall")) {
                String k = BenchTable.floorKey(m, route);
                if (k == null) {
                    problems.add(m + " on " + route + ": no floor key: name its C call in BenchTable.floorKey, or NONE");
                } else if (!k.equals(BenchTable.NONE) && !keys.contains(k)) {
                    problems.add(m + " on " + route + ": floor key " + k + " is not one floor.c measures");
                }
            }
        }
        none(problems);
        // the new calls of the third design are measured
        assertTrue(keys.containsAll(List.of("cpu.rdtsc_ordered", "libc.adjtimex")), keys.toString());
    }

    @Test
    void floorCMeasuresEveryClockOfTheCatalogue() throws IOException {
        Map<String, String> clocks = floorClocks(Files.readString(FLOOR_C));
        assertEquals(Arrays.stream(Method.Clock.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(clocks.keySet()), "floor.c's CLOCKS against Method.Clock");
        for (Method.Clock c : Method.Clock.values()) {
            assertEquals(c.cName(), clocks.get(c.name()), "floor.c's id for " + c);
        }
    }

    @Test
    void extraRowsAreBenchmarks() {
        List<String> problems = new ArrayList<>();
        for (BenchTable.Row row : BenchTable.EXTRA) {
            if (row.method() != null) {
                problems.add(row.benchmark() + ": an extra row is not a catalogue method's");
            }
            if (!isBenchmark(row.benchmark())) {
                problems.add(row.benchmark() + " is no @Benchmark");
            }
            if (!row.baseline().none() && !isBenchmark(row.baseline().benchmark())) {
                problems.add(row.benchmark() + ": baseline " + row.baseline().benchmark() + " is no @Benchmark");
            }
            if (row.floor() == null) {
                problems.add(row.benchmark() + ": no floor key (NONE if none)");
            }
        }
        none(problems);
    }

    @Test
    void theParserReadsFloorCsShapes() {
        String c = """
                static const struct { const char *name; int id; } CLOCKS[] = {
                    {"REALTIME", CLOCK_REALTIME},
                    {"TAI", CLOCK_TAI},
                };
                    snprintf(key, sizeof key, "vdso.clock_gettime.%s", CLOCKS[c].name);
                    measure("libc.adjtimex", l_libc_adjtimex, 0);
                """;
        assertEquals(Map.of("REALTIME", "CLOCK_REALTIME", "TAI", "CLOCK_TAI"), floorClocks(c));
        assertEquals(Set.of("vdso.clock_gettime.REALTIME", "vdso.clock_gettime.TAI", "libc.adjtimex"), floorKeys(c));
    }

    private static List<String> routeParam() {
        try {
            return List.of(FastClockBench.class.getField("route").getAnnotation(Param.class).value());
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    /** floor.c's CLOCKS: name -> the C constant. */
    static Map<String, String> floorClocks(String c) {
        int at = c.indexOf("CLOCKS[] = {");
        assertTrue(at >= 0, "floor.c has no CLOCKS[] list");
        String list = c.substring(at, c.indexOf("};", at));
        Map<String, String> clocks = new java.util.LinkedHashMap<>();
        Matcher e = Pattern.compile("\\{\\s*\"(\\w+)\",\\s*(CLOCK_\\w+)\\s*}").matcher(list);
        while (e.find()) {
            clocks.put(e.group(1), e.group(2));
        }
        return clocks;
    }

    /** Every key floor.c can print: its measure("...") literals and the per-clock keys of its CLOCKS loops. */
    static Set<String> floorKeys(String c) {
        Set<String> keys = new TreeSet<>();
        Matcher lit = Pattern.compile("measure\\(\"([\\w.]+)\"").matcher(c);
        while (lit.find()) {
            keys.add(lit.group(1));
        }
        Matcher loop = Pattern.compile("snprintf\\(key, sizeof key, \"([\\w.]+)%s\"").matcher(c);
        while (loop.find()) {
            for (String clock : floorClocks(c).keySet()) {
                keys.add(loop.group(1) + clock);
            }
        }
        return keys;
    }
}
