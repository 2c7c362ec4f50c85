package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.Test;

/**
 * Issue 17: no package cycle in any module, and each module's layering, proven on the built jars by {@code jdeps}
 * (the JDK's own class-file dependency analysis, run in this JVM): every package-to-package dependency inside a
 * module, and to FastClock's other modules. fastclock-linux-x64 used to have a cycle ({@code dev.fastclock.linux.x64}
 * and its {@code internal} package used each other); the main code now has none, and this proves it.
 *
 * <ul>
 *   <li>fastclock-api: {@code spi} depends on nothing else of FastClock, {@code internal} on {@code spi}, the API
 *       ({@code dev.fastclock}) on both, {@code settable} on the API (and what is below it);</li>
 *   <li>fastclock-linux-x64: the exported {@code dev.fastclock.linux.x64} on {@code internal}, which depends on
 *       {@code elf}, which depends on {@code bindings}, never back; of the API's module only the exported packages
 *       ({@code dev.fastclock}, {@code dev.fastclock.spi}); {@code internal} only on the SPI;</li>
 *   <li>fastclock-integrations: of FastClock only the API package {@code dev.fastclock}.</li>
 * </ul>
 * A package not placed in its module's layers fails the test: a new package must be given its place.
 */
class LayeringTest {

    /** {@code   from.pkg    -> to.pkg    module-or-jar} */
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+(.+?)\\s*$");

    @Test
    void fastclockApi() {
        Map<String, Set<String>> g = within(packages(Artifacts.apiJar(), List.of()), "dev.fastclock");
        assertLayered("fastclock-api", g, layers("dev.fastclock.spi", "dev.fastclock.internal", "dev.fastclock", "dev.fastclock.settable"));
        assertEquals(Set.of("dev.fastclock.spi"), outside(g, "dev.fastclock.spi", "dev.fastclock."), () -> "spi depends on nothing else: " + g);
    }

    @Test
    void fastclockLinuxX64() {
        Map<String, Set<String>> all = packages(Artifacts.linuxJar(), List.of("--module-path", Artifacts.apiJar().toString()));
        Map<String, Set<String>> g = within(all, "dev.fastclock.linux.x64");
        assertLayered("fastclock-linux-x64", g, layers("dev.fastclock.linux.x64.bindings", "dev.fastclock.linux.x64.elf",
                "dev.fastclock.linux.x64.internal", "dev.fastclock.linux.x64"));
        // Of the API's module, only what it exports; internal only on the SPI.
        for (Map.Entry<String, Set<String>> e : all.entrySet()) {
            for (String to : e.getValue()) {
                if (to.startsWith("dev.fastclock.") && !to.startsWith("dev.fastclock.linux.x64") || to.equals("dev.fastclock")) {
                    assertTrue(to.equals("dev.fastclock") || to.equals("dev.fastclock.spi"),
                            () -> e.getKey() + " depends on " + to + ", which dev.fastclock does not export");
                    if (e.getKey().equals("dev.fastclock.linux.x64.internal")) {
                        assertEquals("dev.fastclock.spi", to, () -> "the provider's internals depend on the SPI only, not " + to);
                    }
                }
            }
        }
    }

    @Test
    void fastclockIntegrations() {
        Map<String, Set<String>> g = packages(Artifacts.integrationsJar(), List.of("--module-path", Artifacts.apiJar().toString(),
                "--ignore-missing-deps"));
        assertLayered("fastclock-integrations", within(g, "dev.fastclock.integrations"), layers("dev.fastclock.integrations"));
        Set<String> fastClock = new TreeSet<>();
        g.values().forEach(tos -> tos.stream().filter(t -> t.equals("dev.fastclock") || t.startsWith("dev.fastclock.")).forEach(fastClock::add));
        fastClock.removeIf(t -> t.startsWith("dev.fastclock.integrations"));
        assertEquals(Set.of("dev.fastclock"), fastClock, "the integrations depend on FastClock's API package only");
    }

    /** {@code jdeps -verbose:package} of {@code jar}: each of its packages to every package it depends on. */
    private static Map<String, Set<String>> packages(Path jar, List<String> options) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-filter:none"));
        args.addAll(options);
        args.add(jar.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        assertEquals(0, rc, () -> "jdeps " + args + " failed:\n" + err + out);
        Map<String, Set<String>> g = new TreeMap<>();
        for (String line : out.toString().lines().toList()) {
            Matcher m = EDGE.matcher(line);
            if (m.matches()) {
                g.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        assertFalse(g.isEmpty(), () -> "jdeps found no package of " + jar + ":\n" + out);
        return g;
    }

    /** The graph restricted to the packages under {@code root} (the package itself or its sub-packages). */
    private static Map<String, Set<String>> within(Map<String, Set<String>> g, String root) {
        Map<String, Set<String>> out = new TreeMap<>();
        g.forEach((from, tos) -> {
            if (under(from, root)) {
                Set<String> kept = new TreeSet<>();
                tos.stream().filter(t -> under(t, root)).forEach(kept::add);
                out.put(from, kept);
            }
        });
        return out;
    }

    /** What {@code from} depends on under {@code prefix} (FastClock's packages). */
    private static Set<String> outside(Map<String, Set<String>> g, String from, String prefix) {
        Set<String> s = new TreeSet<>();
        g.getOrDefault(from, Set.of()).stream().filter(t -> t.startsWith(prefix)).forEach(s::add);
        return s;
    }

    private static boolean under(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    /** Package to its layer, lowest first. */
    private static Map<String, Integer> layers(String... lowestFirst) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < lowestFirst.length; i++) {
            m.put(lowestFirst[i], i);
        }
        return m;
    }

    /**
     * Every package of the module has a layer, depends only on itself and lower layers (so never on a package that
     * depends on it), and no cycle exists (checked on its own, by depth-first search, with the path in the message).
     */
    private static void assertLayered(String module, Map<String, Set<String>> g, Map<String, Integer> layers) {
        for (Map.Entry<String, Set<String>> e : g.entrySet()) {
            String from = e.getKey();
            Integer mine = layers.get(from);
            assertTrue(mine != null, () -> module + ": package " + from + " has no place in the layering " + layers.keySet() + ": " + g);
            for (String to : e.getValue()) {
                Integer theirs = layers.get(to);
                assertTrue(theirs != null, () -> module + ": package " + to + " has no place in the layering " + layers.keySet() + ": " + g);
                assertTrue(to.equals(from) || theirs < mine, () -> module + ": " + from + " depends on " + to + ", a layer not below it: "
                        + layers.keySet() + " (lowest first)\n" + g);
            }
        }
        List<String> cycle = cycle(g);
        assertTrue(cycle.isEmpty(), () -> module + ": a package cycle " + String.join(" -> ", cycle) + "\n" + g);
    }

    /** A cycle of distinct packages, as a path whose last element is its first, or empty. */
    private static List<String> cycle(Map<String, Set<String>> g) {
        Map<String, Integer> state = new TreeMap<>(); // 1 on the path, 2 done
        for (String start : g.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> found = visit(start, g, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String p, Map<String, Set<String>> g, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(p);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> c = new ArrayList<>(path.subList(path.indexOf(p), path.size()));
            c.add(p);
            return c;
        }
        state.put(p, 1);
        path.add(p);
        for (String to : g.getOrDefault(p, Set.of())) {
            if (!to.equals(p)) {
                List<String> c = visit(to, g, state, path);
                if (!c.isEmpty()) {
                    return c;
                }
            }
        }
        path.remove(path.size() - 1);
        state.put(p, 2);
        return List.of();
    }
}
