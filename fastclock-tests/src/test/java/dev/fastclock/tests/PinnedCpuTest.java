package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fastclock.tests.probe.Bounds;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * cpu() is the CPU the thread runs on, not just some CPU: a child JVM pinned whole to one CPU with
 * {@code taskset -c N} must see N from every platform thread and every virtual thread (which hop between
 * carriers), on each route that can tell the CPU; never -1, not even from a call racing the first call's planning
 * (issue 17: such a call waits for the choice).
 */
class PinnedCpuTest {

    /** Platform threads per child: 2x the CPUs of the machine. */
    static final int PLATFORM_THREADS = 2 * Math.max(2, Runtime.getRuntime().availableProcessors());
    static final int VIRTUAL_THREADS = 1_000;
    static final int CALLS = 2_000;
    /**
     * On the vsyscall route every call traps into the kernel to be emulated: 4 million rounds of cpu() and node() take
     * over 60 s of one CPU here (66 s measured with the second design's jars and the third's alike), so a tenth.
     */
    static final int VSYSCALL_CALLS = 200;

    @ParameterizedTest(name = "taskset -c {0}, route {1}")
    @CsvSource({
            "1, default",
            "0, default",
            "1, vdso",
            "1, libc",
            "0, libc",
            "1, vsyscall",
    })
    void everyThreadSeesThePinnedCpu(int cpu, String route) {
        runPinned(cpu, route, null);
    }

    /**
     * Runs the pinned probe and asserts every answer is {@code cpu}.
     *
     * @param route          a -Dfastclock.route value, or "default" for none
     * @param glibcTunables  GLIBC_TUNABLES for the child, or null
     */
    static ChildJvm.Result runPinned(int cpu, String route, String glibcTunables) {
        Optional<java.nio.file.Path> taskset = Machine.taskset();
        assumeTrue(taskset.isPresent(), "taskset is not on PATH: cannot pin a child JVM to one CPU (install util-linux)");
        BitSet allowed = Machine.allowedCpus();
        assumeTrue(allowed.cardinality() >= 2, "this JVM may run on CPUs " + allowed
                + " only: pinning proves nothing with fewer than 2 CPUs");
        assumeTrue(allowed.get(cpu), "CPU " + cpu + " is not one this JVM may run on (" + allowed + ")");
        if (route.equals("vsyscall")) {
            assumeTrue(Machine.vsyscallExecutable(), "the vsyscall page is not executable here (vsyscall=none): "
                    + Machine.vsyscallLine().orElse("no [vsyscall] line in /proc/self/maps"));
        }
        int calls = route.equals("vsyscall") ? VSYSCALL_CALLS : CALLS;
        List<String> jvmArgs = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED"));
        if (!route.equals("default")) {
            jvmArgs.add("-Dfastclock.route=" + route);
        }
        ChildJvm child = ChildJvm.probeOnClassPath()
                .prefix(taskset.get().toString(), "-c", Integer.toString(cpu))
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .args("pinned", Integer.toString(PLATFORM_THREADS), Integer.toString(VIRTUAL_THREADS), Integer.toString(calls));
        if (glibcTunables != null) {
            child.env("GLIBC_TUNABLES", glibcTunables);
        }
        ChildJvm.Result r = child.run().assertSuccess();
        String only = "{" + cpu + "}";
        assertEquals(only, r.value("allowed"), () -> "taskset did not pin the child\n" + r);
        assertEquals("linux-x64", r.value("provider"), r::toString);
        // While one thread plans cpu() (or node()), a call racing it from another thread waits for the choice (issue 17:
        // the JDK's -1 is not exact, so it is never a stand-in for another thread): -1 never, at start-up or after.
        assertEquals("0", r.value("negative"), () -> "cpu() or node() answered -1 after planning\n" + r);
        assertEquals("0", r.value("startup.negative"), () -> "cpu() or node() answered -1 to a thread racing the first call's planning\n" + r);
        assertEquals(only, r.value("cpus"), () -> "cpu() answered another CPU than the one the JVM is pinned to\n" + r);
        assertEquals(Long.toString((long) (PLATFORM_THREADS + VIRTUAL_THREADS) * calls), r.value("calls"), r::toString);
        if (Bounds.onlineNodes().equals(Bounds.parseList("0"))) {
            assertEquals("{0}", r.value("nodes"), () -> "node() on a single-node machine\n" + r);
        }
        String expectedRoute = !route.equals("default") ? route : glibcTunables == null ? "libc" : "vdso";
        Routing.assertRoute(r, "cpu", expectedRoute);
        // node(): from the CPU and the kernel's CPU-to-node table where libc's rseq gives the CPU, else getcpu.
        String expectedNodeRoute = !route.equals("default") ? route : glibcTunables == null && Machine.nodeTable() ? "libc" : "vdso";
        Routing.assertRoute(r, "node", expectedNodeRoute);
        return r;
    }
}
