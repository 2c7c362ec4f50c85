package dev.fastclock.linux.x64.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a main class of these tests in a fresh JVM on this one's class path: for what one process
 * cannot vary (glibc's rseq registration, native access denied, a stub page not yet built).
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
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.addAll(List.of(jvmArgs));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
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
}
