package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the built artifacts are. The pom hands their paths to the tests as system properties (the
 * {@code dependency:properties} goal), so the child JVMs run exactly the jars Maven built or installed.
 */
final class Artifacts {

    /** The name of the module {@link #probeModule()} builds around the probe. */
    static final String PROBE_MODULE = "dev.fastclock.tests.probe";

    private static Path probeModule;

    private Artifacts() {
    }

    static Path apiJar() {
        return existing("fastclock.tests.apiJar");
    }

    static Path linuxJar() {
        return existing("fastclock.tests.linuxJar");
    }

    static Path integrationsJar() {
        return existing("fastclock.tests.integrationsJar");
    }

    /** Log4j2's API and core jars, the versions fastclock-integrations is built and tested with. */
    static List<Path> log4jJars() {
        return List.of(existing("fastclock.tests.log4jApiJar"), existing("fastclock.tests.log4jCoreJar"));
    }

    /** log4j-jpl: routes the JDK's System.Logger, and so FastClock's own log, into Log4j2. */
    static Path log4jJplJar() {
        return existing("fastclock.tests.log4jJplJar");
    }

    /** The sources of the programs compiled for Java 17 at test time (src/test/java17). */
    static Path java17Sources() {
        return existing("fastclock.tests.java17Sources");
    }

    /** fastclock-integrations' compiled tests (for Java 17), which {@code Java17IntegrationsTest} runs on Java 17. */
    static Path integrationsTestClasses() {
        return existing("fastclock.tests.integrationsTestClasses");
    }

    /** JUnit's console launcher, a jar with the whole JUnit Platform and Jupiter in it. */
    static Path consoleLauncherJar() {
        return existing("fastclock.tests.consoleLauncherJar");
    }

    /** fastclock-integrations' test class path but JUnit: FastClock's API and integrations, Log4j2, Micrometer, OpenTelemetry, Agrona. */
    static List<Path> integrationsClassPath() {
        String value = System.getProperty("fastclock.tests.integrationsClassPath");
        assertTrue(value != null && !value.isBlank() && !value.startsWith("${"),
                "system property fastclock.tests.integrationsClassPath is not set: run these tests through Maven (the pom sets it)");
        return java.util.Arrays.stream(value.split(java.io.File.pathSeparator)).map(Path::of).toList();
    }

    /** The repository's README.md, whose samples {@code ReadmeSamplesTest} compiles and runs. */
    static Path readme() {
        return existing("fastclock.tests.readme");
    }

    static Path testClasses() {
        return existing("fastclock.tests.testClasses");
    }

    static Path workDir() {
        String dir = System.getProperty("fastclock.tests.workDir", "target/child-work");
        try {
            return Files.createDirectories(Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh directory under {@link #workDir()}. */
    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(workDir(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The probe's sources compiled, now, into module {@value #PROBE_MODULE}, which requires {@code dev.fastclock}
     * and nothing else: the Linux provider can only reach it through {@code uses}/{@code provides}.
     */
    static synchronized Path probeModule() {
        if (probeModule == null) {
            Path sources = existing("fastclock.tests.probeSources");
            Path out = tempDir("probe-module-");
            List<Path> files;
            try (Stream<Path> s = Files.list(sources)) {
                files = s.filter(p -> p.toString().endsWith(".java")).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String moduleInfo = "module " + PROBE_MODULE + " {\n    requires dev.fastclock;\n}\n";
            JavaSources.compile(out, List.of("--module-path", apiJar().toString()), files,
                    java.util.Map.of("module-info", moduleInfo));
            probeModule = out;
        }
        return probeModule;
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        assertTrue(value != null && !value.isBlank() && !value.startsWith("${"),
                "system property " + property + " is not set (" + value + "): run these tests through Maven (the pom sets it)");
        Path p = Path.of(value);
        assertTrue(Files.exists(p), property + " = " + p + " does not exist: build the artifacts first");
        return p;
    }
}
