package dev.fastclock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Starts a fresh JVM of the running JDK with this module's main classes (and, unless told otherwise,
 * its test classes) on the class path, runs a test class's {@code main}, waits for it with a bound
 * ({@link Bounded#LIMIT}: a guard against a hang, not a timing assertion; a child that does not exit
 * within it is killed and fails the test) and returns what it did.
 */
final class ChildJvm {

    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final String mainClass;
    private boolean testClasses = true;

    private ChildJvm(String mainClass) {
        this.mainClass = mainClass;
    }

    /** A child that runs {@code mainClass}'s {@code main}. */
    static ChildJvm main(Class<?> mainClass) {
        return new ChildJvm(mainClass.getName());
    }

    /**
     * The main classes only, as a user's application sees fastclock-api (no test provider or logger
     * registered), and a copy of the main class's own class file: it must use nothing else of the tests.
     */
    ChildJvm withoutTestClasses() {
        testClasses = false;
        return this;
    }

    ChildJvm jvmArgs(String... a) {
        jvmArgs.addAll(List.of(a));
        return this;
    }

    ChildJvm args(String... a) {
        args.addAll(List.of(a));
        return this;
    }

    /** Where a class was loaded from: a directory of classes, here. */
    static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** A fresh directory holding only the main class's class file, copied from the test classes. */
    private Path mainClassOnly(Path tests) {
        String file = mainClass.replace('.', '/') + ".class";
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(tests.getParent().resolve("child-jvms")), "main-only");
            Path copy = dir.resolve(file);
            Files.createDirectories(copy.getParent());
            Files.copy(tests.resolve(file), copy);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result run() {
        String executable = ProcessHandle.current().info().command()
                .orElseThrow(() -> new AssertionError("ProcessHandle.current().info().command() is empty: cannot find the running java"));
        List<Path> cp = new ArrayList<>(List.of(codeSource(FastClock.class)));
        Path tests = codeSource(ChildJvm.class);
        if (testClasses) {
            cp.add(tests);
        } else {
            cp.add(mainClassOnly(tests));
        }
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(cp.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        command.add(mainClass);
        command.addAll(args);
        try {
            Path dir = Files.createDirectories(tests.getParent().resolve("child-jvms"));
            Path out = Files.createTempFile(dir, "child", ".out");
            Path err = Files.createTempFile(dir, "child", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            // Options from the environment would change the child's flags and add lines to its stderr.
            pb.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"));
            Process p = pb.start();
            boolean exited;
            try {
                exited = p.waitFor(Bounded.LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
            Result r = new Result(command, exited ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            if (!exited) {
                fail("the child JVM did not exit within " + Bounded.LIMIT + " and was killed: a hang\n" + r);
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + command, e);
        }
    }

    /** What a child did; its {@link #toString()} is the whole story, for assertion messages. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /** The value of the last {@code key=...} line of stdout; fails if there is none. */
        String value(String key) {
            String found = null;
            for (String line : stdout.lines().toList()) {
                if (line.startsWith(key + "=")) {
                    found = line.substring(key.length() + 1);
                }
            }
            if (found == null) {
                fail("no '" + key + "=' line\n" + this);
            }
            return found;
        }

        /** Every value of {@code key=...} lines of stdout, in order. */
        List<String> values(String key) {
            return stdout.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).toList();
        }

        @Override
        public String toString() {
            return "command: " + String.join(" ", command) + "\nexit code: " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr + "---";
        }
    }
}
