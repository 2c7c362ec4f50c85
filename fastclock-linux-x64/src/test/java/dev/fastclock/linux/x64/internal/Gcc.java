package dev.fastclock.linux.x64.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * gcc for the tests that hold this module's numbers and layouts against the C library's headers and
 * calls: a test that needs it is skipped, saying why, only where gcc is not on PATH; a program that
 * does not compile fails the test.
 */
final class Gcc {

    private Gcc() {
    }

    /** gcc on PATH, or the test is skipped saying why. */
    static Path require(String what) {
        Path gcc = onPath("gcc");
        assumeTrue(gcc != null, "gcc is not on PATH: " + what + " cannot be checked here");
        return gcc;
    }

    /** Compiles {@code source} (a file under {@code src/test/c}, or written to {@code dir}) into an executable in {@code dir}. */
    static Path program(Path dir, Path source, String what) throws IOException, InterruptedException {
        Path gcc = require(what);
        Path exe = dir.resolve(source.getFileName().toString().replaceAll("\\.c$", ""));
        run(dir, gcc.toString(), "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror", "-o", exe.toString(), source.toString());
        return exe;
    }

    /** Compiles {@code source} into a shared library in {@code dir}. */
    static Path sharedLibrary(Path dir, Path source, String what) throws IOException, InterruptedException {
        Path gcc = require(what);
        Path lib = dir.resolve("lib" + source.getFileName().toString().replaceAll("\\.c$", "") + ".so");
        run(dir, gcc.toString(), "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-o", lib.toString(),
                source.toString());
        return lib;
    }

    /** A C source of these tests, {@code src/test/c/<name>}. */
    static Path source(String name) {
        Path p = Path.of("src/test/c", name).toAbsolutePath();
        assertTrue(Files.isRegularFile(p), "missing " + p + " (the tests run from the module's directory)");
        return p;
    }

    /** Runs {@code command} in {@code dir}; fails unless it exits 0 within a minute. @return its output */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(c).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }

    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
