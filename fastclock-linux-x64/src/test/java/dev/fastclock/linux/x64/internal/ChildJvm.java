package dev.fastclock.linux.x64.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a main class of these tests in a fresh JVM on this one's class path: for what one process
 * cannot vary (glibc's rseq registration, native access denied, a first call not yet made, the
 * provider FastClock chooses).
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Runs {@code main} with {@code jvmArgs} and {@code env} added; fails unless it exits 0.
     *
     * @return its standard output and error, merged
     */
    static String run(Class<?> main, Map<String, String> env, String... jvmArgs) throws IOException, InterruptedException {
        return run(List.of(), main, env, List.of(), jvmArgs);
    }

    /** {@link #run} with the JVM started by {@code prefix} (such as {@code unshare -T ...}). */
    static String runUnder(List<String> prefix, Class<?> main, String... jvmArgs) throws IOException, InterruptedException {
        return run(prefix, main, Map.of(), List.of(), jvmArgs);
    }

    /**
     * {@link #run} with {@link SeamProvider} found by the ServiceLoader (a services file on the child's
     * class path, nowhere else) and forced with {@code -Dfastclock.provider=seam}: the child's main sets
     * its environment.
     */
    static String runWithSeam(Class<?> main, String... jvmArgs) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("fastclock-seam-");
        Path services = dir.resolve("META-INF/services/dev.fastclock.spi.FastClockProvider");
        Files.createDirectories(services.getParent());
        Files.writeString(services, SeamProvider.class.getName() + "\n");
        List<String> args = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED", "-Dfastclock.provider=" + SeamProvider.NAME));
        args.addAll(List.of(jvmArgs));
        try {
            return run(List.of(), main, Map.of(), List.of(dir), args.toArray(String[]::new));
        } finally {
            Files.delete(services);
            Files.delete(services.getParent());
            Files.delete(services.getParent().getParent());
            Files.delete(dir);
        }
    }

    private static String run(List<String> prefix, Class<?> main, Map<String, String> env, List<Path> extraClassPath, String... jvmArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.addAll(List.of(jvmArgs));
        command.add("-cp");
        StringBuilder cp = new StringBuilder();
        for (Path p : extraClassPath) {
            cp.append(p).append(File.pathSeparator);
        }
        command.add(cp + System.getProperty("java.class.path"));
        command.add(main.getName());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), main.getSimpleName() + " " + String.join(" ", jvmArgs) + " " + env + " exited "
                + p.exitValue() + ":\n" + out);
        return out;
    }

    /** The {@code key=value} lines of a child's output; a key seen more than once keeps every value, joined by "\n". */
    static Map<String, String> values(String out) {
        Map<String, String> m = new LinkedHashMap<>();
        out.lines().filter(l -> l.matches("[A-Za-z0-9.]+=.*"))
                .forEach(l -> m.merge(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1), (a, b) -> a + "\n" + b));
        return m;
    }

    /** The values of {@code key}, in order; none where it was not printed. */
    static List<String> lines(Map<String, String> v, String key) {
        return v.containsKey(key) ? List.of(v.get(key).split("\n", -1)) : List.of();
    }
}
