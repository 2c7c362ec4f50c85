package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.MethodRoute;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Shared inputs and checks for the failure-safety tests: edits of the live maps text, heap copies of
 * the live vDSO image, and value checks of a backend against the JDK. Everything reaches the
 * production code through {@link LinuxEnvironment}, the seam production itself uses.
 */
final class Failsafe {

    /** The vDSO as this process really has it (base, proven size, parsed image). */
    static final Routes.VdsoFound LIVE_VDSO;

    static {
        LIVE_VDSO = Routes.findVdso(LinuxEnvironment.live());
    }

    private Failsafe() {
    }

    /** The live environment, with the test skipped (saying why) where this process has no usable vDSO. */
    static LinuxEnvironment live() {
        assumeTrue(LIVE_VDSO.ok(), () -> "this process has no usable vDSO, so there is nothing to damage: " + LIVE_VDSO.problem());
        return LinuxEnvironment.live();
    }

    /** The live maps text. */
    static String liveMaps() {
        return live().maps().orElseThrow(() -> new AssertionError("/proc/self/maps unreadable"));
    }

    /** The live maps text with the line naming {@code name} replaced by {@code replacement} (null: removed). */
    static String replaceLine(String maps, String name, String replacement) {
        List<String> lines = maps.lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(" " + name)), "the live maps have a " + name + " line");
        return lines.stream()
                .map(l -> l.endsWith(" " + name) ? replacement : l)
                .filter(l -> l != null)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** A maps line in the kernel's format. */
    static String mapsLine(long start, long end, String perms, String name) {
        return String.format("%x-%x %s 00000000 00:00 0                          %s", start, end, perms, name);
    }

    /** A heap copy of the live vDSO image, exactly the proven {@code [vdso]} mapping. */
    static byte[] liveImageCopy() {
        live();
        return Natives.at(LIVE_VDSO.base(), LIVE_VDSO.size()).toArray(ValueLayout.JAVA_BYTE);
    }

    /** An image reader that hands out {@code bytes} and counts its calls. */
    record HeapImages(byte[] bytes, AtomicInteger reads) implements LinuxEnvironment.ImageReader {
        HeapImages(byte[] bytes) {
            this(bytes, new AtomicInteger());
        }

        @Override
        public MemorySegment read(long base, long size) {
            reads.incrementAndGet();
            assertEquals(LIVE_VDSO.base(), base, "the image is read at the proven base");
            assertEquals(LIVE_VDSO.size(), size, "the image is read at the proven size");
            return MemorySegment.ofArray(bytes);
        }
    }

    /** An image reader that must never be called: counts the calls and hands out nothing readable. */
    static HeapImages neverRead() {
        return new HeapImages(new byte[0]);
    }

    /**
     * Renames every whole NUL-terminated string {@code from} in {@code image} to {@code to} (same
     * length), returning how many it changed.
     */
    static int renameString(byte[] image, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(StandardCharsets.US_ASCII);
        assertEquals(f.length, t.length, "a rename keeps the length, so no offset moves");
        int count = 0;
        for (int i = 1; i + f.length < image.length; i++) {
            if (image[i - 1] != 0 || image[i + f.length] != 0) {
                continue;
            }
            boolean match = true;
            for (int k = 0; k < f.length && match; k++) {
                match = image[i + k] == f[k];
            }
            if (match) {
                System.arraycopy(t, 0, image, i, t.length);
                count++;
            }
        }
        return count;
    }

    /** Possible CPU ids are below this (from /sys/devices/system/cpu/possible, e.g. {@code 0-1}). */
    static int cpuLimit() {
        try {
            String s = Files.readString(Path.of("/sys/devices/system/cpu/possible")).strip();
            int max = 0;
            for (String part : s.split(",")) {
                String[] r = part.split("-");
                max = Math.max(max, Integer.parseInt(r[r.length - 1]));
            }
            return max + 1;
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** The number of NUMA nodes (/sys/devices/system/node/node*), 1 where the directory is absent. */
    static int nodeCount() {
        Path dir = Path.of("/sys/devices/system/node");
        if (!Files.isDirectory(dir)) {
            return 1;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return (int) Math.max(1, s.filter(p -> p.getFileName().toString().matches("node[0-9]+")).count());
        } catch (IOException e) {
            return 1;
        }
    }

    /** Checks a node value: 0 on a one-node machine, else a node that exists. */
    static void assertNode(int node, String what) {
        int nodes = nodeCount();
        if (nodes == 1) {
            assertEquals(0, node, what + ": this machine has one NUMA node");
        } else {
            assertTrue(node >= 0 && node < nodes, what + " = " + node + ", not in [0, " + nodes + ")");
        }
    }

    /** The route each method took (planning every one). */
    static Map<Method, Route> routes(LinuxBackend b) {
        Map<Method, Route> out = new EnumMap<>(Method.class);
        for (Method m : Method.values()) {
            out.put(m, b.choice(m).route());
        }
        return out;
    }

    /** Whether the kernel trusts the TSC here, by the planner's own rule on the live files. */
    static boolean tscTrusted() {
        return TscTrust.live().trusted();
    }

    /**
     * The route {@code m} takes by default when the routes in {@code gone} are not there: the first
     * of its measured order that is not gone and is available here (the TSC only where the kernel
     * trusts it).
     */
    static Route usualWithout(Method m, Rseq rseq, Route... gone) {
        Set<Route> g = Set.of(gone);
        return m.order(rseq).stream()
                .filter(r -> !g.contains(r))
                .filter(r -> r != Route.TSC || tscTrusted())
                .findFirst().orElse(Route.JDK);
    }

    /** The route each method takes when every route works: the first of its order available here. */
    static Route usualFirst(Method m, Rseq rseq) {
        return usualWithout(m, rseq);
    }

    /** The route a method takes when {@code gone} is not there: the next available one in its order. */
    static Route firstWithout(Method m, Rseq rseq, Route gone) {
        return usualWithout(m, rseq, gone);
    }

    /** The report entry of {@code m} in {@code b.routes()}, which must list it exactly once. */
    static MethodRoute reported(FastClockBackend b, Method m) {
        List<MethodRoute> found = b.routes().stream().filter(r -> r.method().equals(m.apiName())).toList();
        assertEquals(1, found.size(), m.apiName() + " is reported once: " + b.routes());
        return found.getFirst();
    }

    /** Checks that the report of {@code b} says for every method exactly what its choice is. */
    static void assertReportIsTheChoices(LinuxBackend b) {
        List<MethodRoute> routes = b.routes();
        assertEquals(Method.values().length, routes.size(), "one entry per method: " + routes);
        for (Method m : Method.values()) {
            Planner.Choice c = b.choice(m);
            MethodRoute r = routes.get(m.ordinal());
            assertEquals(new MethodRoute(m.apiName(), c.route().id(), c.how(), c.passedOver()), r,
                    m.apiName() + ": the report is the choice");
        }
    }

    /**
     * Checks every value of {@code b} against the JDK over a few hundred rounds: a wrong clock, a
     * unit error or an error sentinel taken as a value fails here. {@code cpuKnown}: whether cpu()
     * and node() must be real (else -1, the JDK's unknown).
     */
    static void assertSane(FastClockBackend b, boolean cpuKnown, int rounds) {
        int cpus = cpuLimit();
        long lastTicks = Long.MIN_VALUE;
        long lastBoot = Long.MIN_VALUE;
        for (int i = 0; i < rounds; i++) {
            long a = System.nanoTime();
            long v = b.nanos();
            long c = System.nanoTime();
            between(a, v, c, "nanos()");

            a = System.nanoTime();
            v = b.coarseNanos();
            c = System.nanoTime();
            between(a - 50_000_000L, v, c, "coarseNanos() (a coarse clock lags by up to a tick)");

            long ms = System.currentTimeMillis();
            v = b.epochNanos();
            long ms2 = System.currentTimeMillis();
            between(ms * 1_000_000L, v, ms2 * 1_000_000L + 999_999L, "epochNanos()");

            ms = System.currentTimeMillis();
            v = b.epochMicros();
            ms2 = System.currentTimeMillis();
            between(ms * 1_000L, v, ms2 * 1_000L + 999L, "epochMicros()");

            ms = System.currentTimeMillis();
            v = b.epochMillis();
            ms2 = System.currentTimeMillis();
            between(ms, v, ms2, "epochMillis()");

            ms = System.currentTimeMillis();
            v = b.coarseEpochMillis();
            ms2 = System.currentTimeMillis();
            between(ms - 50, v, ms2, "coarseEpochMillis() (a coarse clock lags by up to a tick)");

            ms = System.currentTimeMillis();
            v = b.epochSeconds();
            ms2 = System.currentTimeMillis();
            between(ms / 1_000L - 1, v, ms2 / 1_000L, "epochSeconds() (time() reads the tick's second)");

            // CLOCK_BOOTTIME leads CLOCK_MONOTONIC by the time suspended: never behind it, never back.
            a = System.nanoTime();
            v = b.bootNanos();
            between(a, v, Long.MAX_VALUE, "bootNanos() (never behind CLOCK_MONOTONIC)");
            between(lastBoot, v, Long.MAX_VALUE, "bootNanos() (never goes back)");
            lastBoot = v;

            // CLOCK_MONOTONIC_RAW parts from CLOCK_MONOTONIC by NTP's slew, at most 500 ppm of the uptime.
            a = System.nanoTime();
            v = b.rawNanos();
            c = System.nanoTime();
            long slack = c / 1_000 + 1_000_000_000L;
            between(a - slack, v, c + slack, "rawNanos() (CLOCK_MONOTONIC within NTP's slew)");

            // CLOCK_TAI leads CLOCK_REALTIME by the kernel's TAI offset: 0 .. a minute.
            ms = System.currentTimeMillis();
            v = b.taiNanos();
            ms2 = System.currentTimeMillis();
            between(ms * 1_000_000L, v, (ms2 + 60_000L) * 1_000_000L + 999_999L, "taiNanos() (CLOCK_REALTIME plus 0 .. 60 s)");

            v = b.ticks();
            between(lastTicks, v, Long.MAX_VALUE, "ticks() (never goes back on one thread)");
            lastTicks = v;

            int cpu = b.cpu();
            int node = b.node();
            if (cpuKnown) {
                assertTrue(cpu >= 0 && cpu < cpus, "cpu() = " + cpu + ", not in [0, " + cpus + ")");
                assertNode(node, "node()");
            } else {
                assertEquals(-1, cpu, "cpu() unknown");
                assertEquals(-1, node, "node() unknown");
            }
        }
        for (ClockId id : ClockId.values()) {
            long r = b.resolutionNanos(id.linuxId());
            assertTrue(r >= 1 && r <= 1_000_000_000L, "resolutionNanos(" + id + ") = " + r);
        }
    }

    static void between(long lo, long v, long hi, String what) {
        if (v < lo || v > hi) {
            fail(what + " = " + v + ", outside [" + lo + ", " + hi + "]");
        }
    }

    /** The one passed-over entry of a choice, which must name {@code route} and contain {@code reason}. */
    static void assertPassedOver(Planner.Choice c, Route route, String reason) {
        assertEquals(1, c.passedOver().size(), c.method().apiName() + " passed over exactly one route: " + c.passedOver());
        MethodRoute.PassedOver p = c.passedOver().getFirst();
        assertTrue(p.route().equals(route.id()) || p.route().equals(route.id() + " (forced)"),
                c.method().apiName() + " passed over " + route.id() + ": " + p);
        assertTrue(p.reason().contains(reason), c.method().apiName() + "'s passed-over entry gives the reason \"" + reason + "\": " + p);
    }
}
