package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fastclock.Report;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.tests.probe.Probe;
import dev.fastclock.tests.probe.ReportLines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Starts a child JVM of the running JDK ({@code ProcessHandle.current().info().command()}), or of another
 * installed one ({@link #java(Path)}), with real flags,
 * environment and an optional command prefix such as {@code taskset -c 1}, waits for it with a timeout
 * (destroying it when that passes), and returns its exit code and output. The only place tests start
 * processes.
 */
final class ChildJvm {

    /** Generous: a child does well under a second of work; a loaded CI machine must not fail it. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final List<String> prefix = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> launch = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private Path javaExecutable;

    private ChildJvm() {
    }

    /** A child that runs {@code mainClass} from these class path entries. */
    static ChildJvm classPath(String mainClass, List<Path> entries) {
        ChildJvm c = new ChildJvm();
        c.launch.addAll(List.of("-cp", join(entries), mainClass));
        return c;
    }

    /** A child that runs {@code module/mainClass} from these module path entries. */
    static ChildJvm modulePath(String module, String mainClass, List<Path> entries) {
        ChildJvm c = new ChildJvm();
        c.launch.addAll(List.of("--module-path", join(entries), "--module", module + "/" + mainClass));
        return c;
    }

    /** The {@link Probe} on the class path with the built API and Linux jars, plus {@code extra} entries. */
    static ChildJvm probeOnClassPath(Path... extra) {
        List<Path> cp = new ArrayList<>(List.of(Artifacts.testClasses(), Artifacts.apiJar(), Artifacts.linuxJar()));
        cp.addAll(Arrays.asList(extra));
        return classPath(Probe.class.getName(), cp);
    }

    /** {@code mainClass} (a test class with a main method) on the class path with the built API and Linux jars. */
    static ChildJvm onClassPath(Class<?> mainClass) {
        return classPath(mainClass.getName(), List.of(Artifacts.testClasses(), Artifacts.apiJar(), Artifacts.linuxJar()));
    }

    /** The {@link Probe}, compiled as module {@value Artifacts#PROBE_MODULE}, on the module path with the built jars. */
    static ChildJvm probeOnModulePath() {
        return modulePath(Artifacts.PROBE_MODULE, Probe.class.getName(),
                List.of(Artifacts.probeModule(), Artifacts.apiJar(), Artifacts.linuxJar()));
    }

    /** Runs this {@code java} executable instead of the running JDK's, e.g. a Java 17 runtime's. */
    ChildJvm java(Path executable) {
        javaExecutable = executable;
        return this;
    }

    /** Runs the JVM under this command, e.g. {@code taskset -c 1}. */
    ChildJvm prefix(String... command) {
        prefix.addAll(List.of(command));
        return this;
    }

    ChildJvm jvmArgs(String... a) {
        jvmArgs.addAll(List.of(a));
        return this;
    }

    ChildJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    ChildJvm args(String... a) {
        args.addAll(List.of(a));
        return this;
    }

    /** Runs it to the end (or kills it at {@link #TIMEOUT}, failing the test) and returns what it did. */
    Result run() {
        return start().finish();
    }

    /**
     * Starts it and returns at once, for a test that acts while the child runs (changes its files, kills it);
     * {@link Running#finish()} or {@link Running#kill()} then waits for it.
     */
    Running start() {
        String executable = javaExecutable != null ? javaExecutable.toString() : ProcessHandle.current().info().command()
                .orElseThrow(() -> new AssertionError("ProcessHandle.current().info().command() is empty: cannot find the running java"));
        List<String> command = new ArrayList<>(prefix);
        command.add(executable);
        command.addAll(jvmArgs);
        command.addAll(launch);
        command.addAll(args);

        int n = RUNS.incrementAndGet();
        Path dir = Artifacts.workDir();
        Path out = dir.resolve("child-" + ProcessHandle.current().pid() + "-" + n + ".out");
        Path err = dir.resolve("child-" + ProcessHandle.current().pid() + "-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        // Options picked up from the environment would change the child's flags and add a line to its stderr.
        pb.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "GLIBC_TUNABLES"));
        pb.environment().putAll(env);
        try {
            return new Running(pb.start(), new LinkedHashMap<>(env), List.copyOf(command), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** A child that is running. */
    static final class Running {

        private final Process process;
        private final Map<String, String> env;
        private final List<String> command;
        private final Path out;
        private final Path err;

        private Running(Process process, Map<String, String> env, List<String> command, Path out, Path err) {
            this.process = process;
            this.env = env;
            this.command = command;
            this.out = out;
            this.err = err;
        }

        /**
         * Waits, up to {@link #TIMEOUT}, until the child has printed {@code line} as a whole line of stdout; fails,
         * with all it printed, if it exits or the time passes first (and then kills it).
         */
        Running awaitLine(String line) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            try {
                while (true) {
                    // Alive before the read: a child that prints the line and exits is not taken for one that did not.
                    boolean alive = process.isAlive();
                    if (Files.readString(out, StandardCharsets.UTF_8).lines().anyMatch(line::equals)) {
                        return this;
                    }
                    if (!alive || System.nanoTime() > deadline) {
                        Result r = kill();
                        fail("the child " + (r.exitCode() == -1 ? "did not print" : "exited before printing") + " '" + line + "'\n" + r);
                    }
                    Thread.sleep(5);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for the child", e);
            }
        }

        /** Waits for it to exit (or kills it at {@link #TIMEOUT}, failing the test) and returns what it did. */
        Result finish() {
            try {
                boolean exited;
                try {
                    exited = process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } finally {
                    if (process.isAlive()) {
                        process.destroyForcibly();
                        process.waitFor(10, TimeUnit.SECONDS);
                    }
                }
                Result r = result(exited ? process.exitValue() : -1);
                if (!exited) {
                    fail("child JVM did not finish within " + TIMEOUT + " and was killed\n" + r);
                }
                return r;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + command, e);
            }
        }

        /** Kills it at once ({@code SIGKILL}: no shutdown hook, no finally block runs) and returns what it did. */
        Result kill() {
            process.destroyForcibly();
            try {
                boolean exited = process.waitFor(10, TimeUnit.SECONDS);
                return result(exited ? process.exitValue() : -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + command, e);
            }
        }

        private Result result(int exitCode) {
            try {
                return new Result(env, command, exitCode, read(out), read(err));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static String join(List<Path> entries) {
        return entries.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    /** What a child did. Its {@link #toString()} is the whole story, for assertion messages. */
    record Result(Map<String, String> env, List<String> command, int exitCode, String stdout, String stderr) {

        /** Asserts the child exited 0 and printed {@code probe=done}. */
        Result assertSuccess() {
            assertEquals(0, exitCode, () -> "exit code\n" + this);
            if (!stdout.lines().anyMatch("probe=done"::equals)) {
                fail("the probe did not finish\n" + this);
            }
            return this;
        }

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

        /**
         * The {@code FastClock.report()} the child printed with {@link ReportLines}, read back into a {@link Report};
         * the last one when it printed several. Fails if it printed none.
         */
        Report report() {
            List<List<String>> facts = new ArrayList<>();
            for (String line : stdout.lines().toList()) {
                String[] f = line.split("\t", -1);
                if (f[0].equals(ReportLines.REPORT) && f.length >= 3 && f[1].equals("provider")) {
                    facts.clear(); // a new report begins
                }
                if (f.length >= 3 && (f[0].equals(ReportLines.REPORT) || f[0].equals(ReportLines.ROUTE) || f[0].equals(ReportLines.PASSED))) {
                    facts.add(List.of(f));
                }
            }
            if (facts.isEmpty()) {
                fail("the child printed no report\n" + this);
            }
            String provider = null;
            Optional<String> forced = Optional.empty();
            List<Report.Provider> providers = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            List<String> messages = new ArrayList<>();
            Map<String, String[]> routes = new LinkedHashMap<>();
            Map<String, List<MethodRoute.PassedOver>> passed = new LinkedHashMap<>();
            for (List<String> f : facts) {
                switch (f.get(0) + " " + (f.get(0).equals(ReportLines.REPORT) ? f.get(1) : "")) {
                    case "report provider" -> provider = f.get(2);
                    case "report forced" -> forced = Optional.of(f.get(2));
                    case "report outcome" -> providers.add(new Report.Provider(f.get(2), Integer.parseInt(f.get(3)), f.get(4)));
                    case "report problem" -> problems.add(f.get(2));
                    case "report note" -> notes.add(f.get(2));
                    case "report message" -> messages.add(f.get(2));
                    case "route " -> routes.put(f.get(1), new String[] {f.get(2), f.get(3)});
                    case "passed " -> passed.computeIfAbsent(f.get(1), k -> new ArrayList<>())
                            .add(new MethodRoute.PassedOver(f.get(2), f.get(3)));
                    default -> fail("unknown report line " + f + "\n" + this);
                }
            }
            assertNotNull(provider, () -> "the report names no provider\n" + this);
            List<MethodRoute> methods = new ArrayList<>();
            routes.forEach((method, r) -> methods.add(new MethodRoute(method, r[0], r[1], passed.getOrDefault(method, List.of()))));
            return new Report(provider, forced, providers, problems, methods, notes, messages);
        }

        /** The {@code FastClock.describe()} text the child printed between the probe's markers (the last, if several). */
        String describe() {
            List<String> lines = stdout.lines().toList();
            int from = lines.lastIndexOf("--- describe ---");
            int to = lines.lastIndexOf("--- end describe ---");
            if (from < 0 || to < from) {
                fail("no describe() output\n" + this);
            }
            return String.join("\n", lines.subList(from + 1, to));
        }

        /** The outcome the report gives {@code provider}; fails if it does not list it. */
        String outcome(String provider) {
            Report r = report();
            return r.providers().stream().filter(p -> p.name().equals(provider)).map(Report.Provider::outcome).findFirst()
                    .orElseGet(() -> fail("the report does not list provider " + provider + "\n" + this));
        }

        @Override
        public String toString() {
            return "command: " + (env.isEmpty() ? "" : env + " ") + String.join(" ", command)
                    + "\nexit code: " + exitCode
                    + "\n--- stdout ---\n" + stdout
                    + "--- stderr ---\n" + stderr
                    + "--- end ---";
        }
    }
}
