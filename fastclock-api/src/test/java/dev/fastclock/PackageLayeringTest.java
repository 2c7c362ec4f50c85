package dev.fastclock;

import dev.fastclock.spi.FastClockBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issues 9 and 17, layering: the packages of fastclock-api's main classes depend on each other as
 * module-info describes them, without a cycle, as the JDK's {@code jdeps} reads the compiled classes:
 * {@code spi} (with the catalogue) on no other FastClock package, {@code internal} on {@code spi} only,
 * the API ({@code dev.fastclock}) on both, {@code settable} on the API (and the SPI it implements), and
 * nothing on {@code settable}. And the user's {@link SettableClock} is not an SPI type.
 */
class PackageLayeringTest {

    private static final String ROOT = "dev.fastclock";
    private static final String API = ROOT;
    private static final String SPI = ROOT + ".spi";
    private static final String INTERNAL = ROOT + ".internal";
    private static final String SETTABLE = ROOT + ".settable";
    /** {@code   dev.fastclock.x    -> dev.fastclock.y    module-or-archive} */
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+\\S+.*$");

    /** Package to the FastClock packages it depends on. */
    private static Map<String, Set<String>> graph;
    private static String jdepsOutput;

    @BeforeAll
    static void runJdepsOnTheMainClasses() throws URISyntaxException {
        Path classes = Path.of(FastClock.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.exists(classes), classes::toString);
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "-verbose:package", "-filter:package", classes.toString());
        jdepsOutput = out.toString();
        assertEquals(0, rc, () -> "jdeps failed:\n" + err + jdepsOutput);
        graph = new TreeMap<>();
        for (String line : jdepsOutput.split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (m.matches() && isFastClock(m.group(1))) {
                Set<String> deps = graph.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                if (isFastClock(m.group(2)) && !m.group(2).equals(m.group(1))) {
                    deps.add(m.group(2));
                }
            }
        }
    }

    private static boolean isFastClock(String pkg) {
        return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".");
    }

    private static Set<String> dependenciesOf(String pkg) {
        assertTrue(graph.containsKey(pkg), () -> "jdeps did not list " + pkg + ":\n" + jdepsOutput);
        return graph.get(pkg);
    }

    @Test
    void jdepsSawEveryPackage() {
        assertEquals(Set.of(API, SPI, INTERNAL, SETTABLE), graph.keySet(),
                "a new package needs its place in the layering here:\n" + jdepsOutput);
    }

    @Test
    void spiDependsOnNoOtherFastClockPackage() {
        assertEquals(Set.of(), dependenciesOf(SPI), jdepsOutput);
    }

    @Test
    void internalDependsOnSpiOnly() {
        assertEquals(Set.of(SPI), dependenciesOf(INTERNAL), jdepsOutput);
    }

    @Test
    void theApiDependsOnSpiAndInternal() {
        assertEquals(Set.of(SPI, INTERNAL), dependenciesOf(API), jdepsOutput);
    }

    @Test
    void settableDependsOnTheApiAndTheSpiItImplements() {
        Set<String> deps = dependenciesOf(SETTABLE);
        assertTrue(deps.contains(API), jdepsOutput);
        assertTrue(Set.of(API, SPI).containsAll(deps), jdepsOutput);
    }

    @Test
    void nothingDependsOnSettable() {
        for (String pkg : graph.keySet()) {
            assertFalse(dependenciesOf(pkg).contains(SETTABLE), () -> pkg + " depends on settable, the test provider\n" + jdepsOutput);
        }
    }

    @Test
    void noCycleAmongThePackages() {
        // Depth-first search for a back edge, reporting the cycle it closes.
        Map<String, Integer> state = new TreeMap<>(); // absent: unseen, 1: on the path, 2: done
        for (String start : graph.keySet()) {
            if (state.containsKey(start)) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            List<String> cycle = findCycle(start, state, path);
            assertTrue(cycle.isEmpty(), () -> "package cycle: " + String.join(" -> ", cycle) + "\n" + jdepsOutput);
        }
    }

    private static List<String> findCycle(String pkg, Map<String, Integer> state, Deque<String> path) {
        state.put(pkg, 1);
        path.addLast(pkg);
        for (String dep : graph.getOrDefault(pkg, Set.of())) {
            Integer s = state.get(dep);
            if (s == null) {
                List<String> cycle = findCycle(dep, state, path);
                if (!cycle.isEmpty()) {
                    return cycle;
                }
            } else if (s == 1) {
                List<String> cycle = new ArrayList<>();
                boolean in = false;
                for (String p : path) {
                    in |= p.equals(dep);
                    if (in) {
                        cycle.add(p);
                    }
                }
                cycle.add(dep);
                return cycle;
            }
        }
        path.removeLast();
        state.put(pkg, 2);
        return List.of();
    }

    @Test
    void settableClockIsAUserTypeNotAnSpiType() {
        assertFalse(FastClockBackend.class.isAssignableFrom(SettableClock.class));
        for (Class<?> i : SettableClock.class.getInterfaces()) {
            assertEquals(API, i.getPackageName(), i.toString());
        }
    }

    @Test
    void internalClassesHaveNoPublicFields() throws Exception {
        Path dir = Path.of(FastClock.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("dev/fastclock/internal");
        List<Class<?>> classes = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".class")) {
                    classes.add(Class.forName(INTERNAL + "." + name.substring(0, name.length() - ".class".length()), false,
                            FastClock.class.getClassLoader()));
                }
            }
        }
        assertTrue(classes.contains(dev.fastclock.internal.Active.class), classes::toString);
        for (Class<?> c : classes) {
            for (Field f : c.getDeclaredFields()) {
                boolean constant = Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers())
                        && (f.getType().isPrimitive() || f.getType() == String.class);
                assertTrue(!Modifier.isPublic(f.getModifiers()) || constant, () -> "public field " + f);
            }
        }
    }
}
