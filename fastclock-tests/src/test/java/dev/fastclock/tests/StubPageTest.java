package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.fastclock.tests.child.ManyBackends;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Native hygiene (issue "Linux provider, second design"), seen from outside with strace: a process makes at most
 * one page executable, shared by every route and every backend, however many {@code backend(Route)} it builds;
 * and where that page cannot be made executable (the seccomp filter of {@code src/test/c/deny-exec-pages.c}), it
 * is tried once and unmapped. HotSpot itself never calls {@code mprotect(..., PROT_READ|PROT_EXEC)} (its code
 * cache is mapped read-write-execute), so every such call in the trace is FastClock's.
 */
class StubPageTest {

    /** {@code PID mprotect(0xADDR, 4096, PROT_READ|PROT_EXEC) = RESULT}. */
    private static final Pattern EXEC = Pattern.compile("mprotect\\((0x[0-9a-f]+), (\\d+), PROT_READ\\|PROT_EXEC\\) += (.*)$");

    private static final String UNFINISHED = " <unfinished ...>";
    private static final Pattern RESUMED = Pattern.compile("<\\.\\.\\. \\w+ resumed>(.*)$");

    private static Path strace;

    @BeforeAll
    static void needsStrace() {
        strace = Machine.onPath("strace").orElse(null);
        if (strace == null) {
            abort("strace is not on PATH: cannot count the pages the child makes executable (install strace)");
        }
    }

    @Test
    void oneExecutablePageServesEveryRouteAndEveryBackend() {
        Path trace = Artifacts.tempDir("strace-").resolve("trace.txt");
        ChildJvm.Result r = ChildJvm.onClassPath(ManyBackends.class)
                .prefix(strace.toString(), "-f", "-qq", "-e", "trace=mprotect,munmap", "-o", trace.toString())
                .jvmArgs("--enable-native-access=ALL-UNNAMED")
                .run().assertSuccess();
        List<String> exec = execCalls(trace, r);
        assertTrue(Integer.parseInt(r.value("backends")) >= 9, r::toString);
        assertEquals(1, exec.size(), () -> "pages made executable, expected exactly one for the process: " + exec + "\n" + r);
        assertTrue(exec.get(0).endsWith("= 0"), () -> exec + "\n" + r);
    }

    @Test
    void aPageThatCannotBeMadeExecutableIsTriedOnceAndUnmapped() {
        Path deny = CHelpers.denyExecPages();
        Path trace = Artifacts.tempDir("strace-").resolve("trace.txt");
        ChildJvm.Result r = ChildJvm.onClassPath(ManyBackends.class)
                .prefix(strace.toString(), "-f", "-qq", "-e", "trace=mprotect,munmap", "-o", trace.toString(), deny.toString())
                .jvmArgs("--enable-native-access=ALL-UNNAMED")
                .run().assertSuccess();
        List<String> exec = execCalls(trace, r);
        assertEquals(1, exec.size(), () -> "attempts to make a page executable, expected exactly one: " + exec + "\n" + r);
        Matcher m = EXEC.matcher(exec.get(0));
        assertTrue(m.find() && m.group(3).startsWith("-1 EACCES"), () -> "the filter did not refuse it: " + exec + "\n" + r);
        String munmap = "munmap(" + m.group(1) + ", " + m.group(2) + ")";
        List<String> lines = read(trace);
        int tried = indexOf(lines, exec.get(0));
        assertTrue(lines.subList(tried, lines.size()).stream().anyMatch(l -> l.contains(munmap) && l.endsWith("= 0")),
                () -> "the page that could not be made executable was not unmapped (" + munmap + "):\n" + String.join("\n", lines));
    }

    private static List<String> execCalls(Path trace, ChildJvm.Result r) {
        List<String> lines = read(trace);
        assertTrue(!lines.isEmpty(), () -> "strace wrote nothing to " + trace + "\n" + r);
        return lines.stream().filter(l -> EXEC.matcher(l).find()).toList();
    }

    private static int indexOf(List<String> lines, String line) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(line)) {
                return i;
            }
        }
        return 0;
    }

    /**
     * The trace's lines, each call whole: strace splits a call another thread interrupted into
     * {@code PID name(args <unfinished ...>} and a later {@code PID <... name resumed>rest}, joined here.
     */
    private static List<String> read(Path trace) {
        List<String> raw;
        try {
            raw = Files.readAllLines(trace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> out = new ArrayList<>();
        Map<String, Integer> open = new HashMap<>();
        for (String line : raw) {
            String pid = line.split(" ", 2)[0];
            Matcher resumed = RESUMED.matcher(line);
            if (line.endsWith(UNFINISHED)) {
                open.put(pid, out.size());
                out.add(line.substring(0, line.length() - UNFINISHED.length()));
            } else if (resumed.find() && open.containsKey(pid)) {
                int at = open.remove(pid);
                out.set(at, out.get(at) + resumed.group(1));
            } else {
                out.add(line);
            }
        }
        return out;
    }
}
