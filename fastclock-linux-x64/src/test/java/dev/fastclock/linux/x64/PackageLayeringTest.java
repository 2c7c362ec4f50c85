package dev.fastclock.linux.x64;

import dev.fastclock.FastClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, layering: this module's packages depend on each other without a cycle, as the JDK's
 * {@code jdeps} reads the compiled classes: the provider's package ({@code dev.fastclock.linux.x64}:
 * the provider, {@link Route}, {@link Doctor}) on {@code internal}, which depends on {@code elf} and
 * {@code bindings} and on FastClock's SPI only (never on the API or the provider's package);
 * {@code elf} on {@code bindings} only; {@code bindings} on nothing of FastClock's.
 */
class PackageLayeringTest {

    private static final String X64 = "dev.fastclock.linux.x64";
    private static final String INTERNAL = X64 + ".internal";
    private static final String ELF = X64 + ".elf";
    private static final String BINDINGS = X64 + ".bindings";
    private static final String API = "dev.fastclock";
    private static final String SPI = API + ".spi";
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+\\S+.*$");

    private static Map<String, Set<String>> graph;
    private static String jdepsOutput;

    @BeforeAll
    static void runJdepsOnTheMainClasses() throws Exception {
        Path classes = Path.of(LinuxX64Provider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path api = Path.of(FastClock.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.exists(classes), classes::toString);
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "-verbose:package", "-filter:package", "--module-path", api.toString(), classes.toString());
        jdepsOutput = out.toString();
        assertEquals(0, rc, () -> "jdeps failed:\n" + err + jdepsOutput);
        graph = new TreeMap<>();
        for (String line : jdepsOutput.split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (m.matches() && m.group(1).startsWith(X64)) {
                Set<String> deps = graph.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                String to = m.group(2);
                if ((to.equals(API) || to.startsWith(API + ".")) && !to.equals(m.group(1))) {
                    deps.add(to);
                }
            }
        }
    }

    @Test
    void jdepsSawEveryPackage() {
        assertEquals(Set.of(X64, INTERNAL, ELF, BINDINGS), graph.keySet(), "a new package needs its place in the layering here:\n" + jdepsOutput);
    }

    @Test
    void eachPackageDependsOnlyOnTheLayersBelowIt() {
        assertEquals(Set.of(), graph.get(BINDINGS), "bindings: " + jdepsOutput);
        assertEquals(Set.of(BINDINGS), graph.get(ELF), "elf: " + jdepsOutput);
        assertEquals(Set.of(BINDINGS, ELF, SPI), graph.get(INTERNAL), "internal: the SPI, never the API or the provider's package\n" + jdepsOutput);
        assertTrue(Set.of(API, SPI, INTERNAL, ELF, BINDINGS).containsAll(graph.get(X64)), "the provider's package: " + jdepsOutput);
        assertTrue(graph.get(X64).contains(INTERNAL), jdepsOutput);
    }

    @Test
    void noPackageDependsOnTheProvidersPackage() {
        // With the sets above this is the no-cycle rule: only the top layer may name dev.fastclock.linux.x64.
        for (Map.Entry<String, Set<String>> e : graph.entrySet()) {
            if (!e.getKey().equals(X64)) {
                assertTrue(!e.getValue().contains(X64), e.getKey() + " depends on " + X64 + ": a cycle\n" + jdepsOutput);
            }
        }
    }
}
