package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tiny C programs in {@code src/test/c}, compiled with gcc at test time (once per test JVM) into
 * {@link Artifacts#workDir()}. A test that needs one is skipped, saying so, only where gcc is not on PATH; a
 * program that does not compile fails the test.
 */
final class CHelpers {

    private static final Map<String, Path> BUILT = new HashMap<>();

    private CHelpers() {
    }

    /** {@code deny-exec-pages}: runs a command under a seccomp filter that refuses executable anonymous pages (EACCES). */
    static Path denyExecPages() {
        return build("deny-exec-pages");
    }

    /** {@code kernel-clocks PREFIX}: the kernel's clocks read with the clock_gettime system call itself. */
    static Path kernelClocks() {
        return build("kernel-clocks");
    }

    /** {@code clock-status PREFIX}: the kernel's NTP state of the wall clock, from adjtimex(2) with modes = 0. */
    static Path clockStatus() {
        return build("clock-status");
    }

    private static synchronized Path build(String name) {
        Path built = BUILT.get(name);
        if (built != null) {
            return built;
        }
        Path gcc = Machine.onPath("gcc").orElse(null);
        if (gcc == null) {
            abort("gcc is not on PATH: cannot build the C helper src/test/c/" + name + ".c this test needs (install gcc)");
        }
        String dir = System.getProperty("fastclock.tests.cSources");
        assertTrue(dir != null && !dir.isBlank() && !dir.startsWith("${"),
                "system property fastclock.tests.cSources is not set: run these tests through Maven (the pom sets it)");
        Path source = Path.of(dir, name + ".c");
        assertTrue(Files.isRegularFile(source), source + " does not exist");
        Path out = Artifacts.tempDir("c-" + name + "-").resolve(name);
        Path log = out.resolveSibling(name + ".gcc.log");
        List<String> command = List.of(gcc.toString(), "-O2", "-Wall", "-Wextra", "-Werror", "-o", out.toString(), source.toString());
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("gcc did not finish within 60 s: " + command);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                if (output.contains("seccomp.h") && output.contains("No such file")) {
                    abort("the kernel headers (linux/seccomp.h) are not installed: cannot build " + name + ": " + output);
                }
                throw new AssertionError("gcc failed to build " + source + " (exit " + p.exitValue() + "):\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted building " + name, e);
        }
        BUILT.put(name, out);
        return out;
    }
}
