package dev.fastclock.linux.x64.internal;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * In a time namespace the kernel shifts {@code CLOCK_BOOTTIME} and {@code CLOCK_MONOTONIC} each by its own
 * offset, so boot time may read less than monotonic time: the first-call sanity rule of
 * {@code bootNanos} allows for exactly the namespace's offsets ({@link Row#namespaceLead()}), so the vDSO
 * is not passed over there. A child JVM is started with {@code unshare -T} (root and util-linux 2.36+;
 * skipped with the reason elsewhere). {@code fastclock-tests}' TimeNamespaceTest checks the readings
 * against the kernel's system calls in the namespace.
 */
class TimeNamespacePlanTest {

    private static final long DAY_NANOS = 86_400_000_000_000L;

    @Test
    void outsideANamespaceTheLeadIsTheOffsetsFile() throws Exception {
        Path file = Path.of("/proc/self/timens_offsets");
        long expected = 0;
        if (Files.isReadable(file)) {
            long boot = 0;
            long mono = 0;
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                long ns = Long.parseLong(f[1]) * 1_000_000_000L + Long.parseLong(f[2]);
                if (f[0].equals("boottime")) {
                    boot = ns;
                } else if (f[0].equals("monotonic")) {
                    mono = ns;
                }
            }
            expected = boot - mono;
        }
        assertEquals(expected, Row.namespaceLead());
    }

    private static List<String> unshare(long bootDays, long monotonicDays) throws Exception {
        Path unshare = Gcc.onPath("unshare");
        assumeTrue(unshare != null, "unshare is not on PATH: cannot make a time namespace (util-linux)");
        List<String> prefix = List.of(unshare.toString(), "-T", "--boottime", Long.toString(bootDays * 86_400),
                "--monotonic", Long.toString(monotonicDays * 86_400));
        Process probe = new ProcessBuilder(concat(prefix, "true")).redirectErrorStream(true).start();
        String out = new String(probe.getInputStream().readAllBytes());
        assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "cannot make a time namespace here (root and util-linux 2.36+ needed): " + out.strip());
        return prefix;
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.add(b);
        return out;
    }

    @Test
    void bootTimeBehindMonotonicTimeKeepsTheVdso() throws Exception {
        // Monotonic time shifted 30 days past boot time: CLOCK_BOOTTIME reads 30 days less than CLOCK_MONOTONIC.
        Map<String, String> v = ChildJvm.values(ChildJvm.runUnder(unshare(0, 30), ChildMains.NamespacePlan.class,
                "--enable-native-access=ALL-UNNAMED"));
        assertEquals(String.valueOf(-30 * DAY_NANOS), v.get("lead"), v.toString());
        assertEquals("vdso", v.get("route.bootNanos"), "the sanity rule allows for the namespace: " + v);
        assertEquals("[]", v.get("passedOver.bootNanos"), v.toString());
        for (String m : List.of("rawNanos", "coarseNanos")) {
            assertEquals("vdso", v.get("route." + m), v.toString());
            assertEquals("[]", v.get("passedOver." + m), v.toString());
        }
        long d = Long.parseLong(v.get("bootMinusMonotonic"));
        assertTrue(d < -29 * DAY_NANOS, "bootNanos() reads the namespace's boot time: " + d + " ns from System.nanoTime()");
    }

    @Test
    void bootTimeAheadOfMonotonicTimeKeepsTheVdso() throws Exception {
        Map<String, String> v = ChildJvm.values(ChildJvm.runUnder(unshare(7, 3), ChildMains.NamespacePlan.class,
                "--enable-native-access=ALL-UNNAMED"));
        assertEquals(String.valueOf(4 * DAY_NANOS), v.get("lead"), v.toString());
        assertEquals("vdso", v.get("route.bootNanos"), v.toString());
        assertEquals("[]", v.get("passedOver.bootNanos"), v.toString());
        assertTrue(Long.parseLong(v.get("bootMinusMonotonic")) >= 4 * DAY_NANOS, v.toString());
    }
}
