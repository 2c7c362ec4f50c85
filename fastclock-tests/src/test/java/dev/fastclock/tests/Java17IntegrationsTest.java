package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * fastclock-integrations' own tests (compiled for Java 17) run again on a Java 17-21 runtime ({@link OlderJava}), each
 * class in a JVM of its own with the settable provider, as Surefire runs them on the build's JDK: Log4j2, Micrometer,
 * the OpenTelemetry SDK and Agrona with FastClock's clocks, on 17.
 */
class Java17IntegrationsTest {

    @TestFactory
    Stream<DynamicTest> theIntegrationsTestsPassOnJava17() {
        OlderJava.Search s = OlderJava.find();
        assumeTrue(s.runtime().isPresent(), s::whyNone);
        OlderJava.Runtime runtime = s.runtime().get();
        List<String> classes = testClasses();
        assertFalse(classes.isEmpty(), "no test classes under " + Artifacts.integrationsTestClasses());
        return classes.stream().map(c -> DynamicTest.dynamicTest(c, () -> runOn(runtime, c)));
    }

    private static void runOn(OlderJava.Runtime runtime, String testClass) {
        List<Path> cp = new ArrayList<>(List.of(Artifacts.integrationsTestClasses()));
        cp.addAll(Artifacts.integrationsClassPath());
        ChildJvm.Result r = ChildJvm.classPath("org.junit.platform.console.ConsoleLauncher", List.of(Artifacts.consoleLauncherJar()))
                .java(runtime.java())
                .jvmArgs("-Dfastclock.provider=settable", "-Dfastclock.tests.workDir=" + Artifacts.tempDir("java17-integrations-"))
                .args("execute", "--disable-banner", "--disable-ansi-colors", "--details=summary", "--fail-if-no-tests",
                        "--class-path", cp.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                        "--select-class", testClass)
                .run();
        assertEquals(0, r.exitCode(), () -> testClass + " failed on " + runtime + "\n" + r);
        assertTrue(r.stdout().contains("tests successful"), () -> "no summary from the console launcher\n" + r);
    }

    /** The test classes fastclock-integrations compiled: every top-level {@code *Test.class}. */
    private static List<String> testClasses() {
        Path root = Artifacts.integrationsTestClasses();
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> root.relativize(p).toString())
                    .filter(n -> n.endsWith("Test.class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace(File.separatorChar, '.'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
