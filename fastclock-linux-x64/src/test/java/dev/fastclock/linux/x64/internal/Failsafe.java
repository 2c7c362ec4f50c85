package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.Reader;
import dev.fastclock.spi.StatusReader;
import dev.fastclock.spi.TickReader;
import dev.fastclock.spi.Timex;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Shared inputs and checks for the failure-safety tests: edits of the live maps text, heap copies of
 * the live vDSO image, the route each method is expected on, and value checks of a backend against
 * the JDK, method by method of the catalogue ({@link Method}). Everything reaches the production code
 * through {@link LinuxEnvironment}, the seam production itself uses.
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

    /** The planned methods of the catalogue, in its order: what a backend must plan. */
    static List<Method> planned() {
        List<Method> out = new ArrayList<>();
        for (Method m : Method.values()) {
            if (m.planned()) {
                out.add(m);
            }
        }
        return out;
    }

    /** The route of a plan, as the planner names it; fails for a route the Linux planner does not have. */
    static RouteId routeId(Plan p) {
        for (RouteId r : RouteId.values()) {
            if (r.id().equals(p.route().route())) {
                return r;
            }
        }
        throw new AssertionError("no Linux route is named " + p.route().route() + ": " + p.route());
    }

    /** Whether the kernel trusts the TSC here, by the planner's own rule on the live files. */
    static boolean tscTrusted() {
        return TscTrust.live().trusted();
    }

    /**
     * The route {@code m} takes by default when the routes in {@code gone} are not there: the first of
     * its row's measured order that is not gone and is available here (the TSC only where the kernel
     * trusts it); for {@code isSupported}, the CPU's route where the CPU and the node are both native.
     */
    static RouteId usualWithout(Method m, Rseq rseq, RouteId... gone) {
        if (m == Method.IS_SUPPORTED) {
            RouteId cpu = usualWithout(Method.CPU, rseq, gone);
            RouteId node = usualWithout(Method.NODE, rseq, gone);
            return cpu != RouteId.JDK && node != RouteId.JDK ? cpu : RouteId.JDK;
        }
        Set<RouteId> g = Set.of(gone);
        Row row = Row.of(m);
        assertNotNull(row, m.apiName() + " has a row");
        return row.order(rseq).stream()
                .filter(r -> !g.contains(r))
                .filter(r -> r != RouteId.TSC || tscTrusted())
                .findFirst().orElse(RouteId.JDK);
    }

    /** The route each method takes when every route works: the first of its order available here. */
    static RouteId usualFirst(Method m, Rseq rseq) {
        return usualWithout(m, rseq);
    }

    /** The route a method takes when {@code gone} is not there: the next available one in its order. */
    static RouteId firstWithout(Method m, Rseq rseq, RouteId gone) {
        return usualWithout(m, rseq, gone);
    }

    /**
     * Checks what FastClock relies on in every plan of {@code b}: each planned method has a plan (none
     * is left to the SPI default), named for its method and saying how; a second request gives the same
     * plan (planned once); ticks read with a {@link TickReader} and the clock status with a
     * {@link StatusReader}; a plan on the jdk route reads the JDK's answer.
     */
    static void assertPlansConsistent(FastClockBackend b) {
        for (Method m : planned()) {
            Plan p = b.plan(m);
            assertNotNull(p, m.apiName() + " is planned: a null plan would be answered through the SPI default");
            assertSame(p, b.plan(m), m.apiName() + ": asked again, the same plan (planned once)");
            assertEquals(m.apiName(), p.route().method(), "the route is named for its method");
            assertFalse(p.route().detail().isBlank(), m.apiName() + " says how");
            RouteId r = routeId(p);
            Reader reader = p.reader();
            if (m == Method.TICKS) {
                assertTrue(reader instanceof TickReader, "ticks: " + reader);
            }
            if (m == Method.CLOCK_STATUS) {
                assertTrue(reader instanceof StatusReader, "clockStatus: " + reader);
            }
            if (r == RouteId.JDK) {
                boolean jdk = reader == m.jdk() || (reader instanceof Call c && c.isJdk()) || m == Method.IS_SUPPORTED;
                assertTrue(jdk, m.apiName() + " on the jdk route reads the JDK's answer: " + reader);
            } else if (reader instanceof Call c) {
                assertFalse(c.isJdk(), m.apiName() + " on " + r.id() + " has a native call");
            }
            for (MethodRoute.PassedOver o : p.route().passedOver()) {
                assertFalse(o.route().equals(r.id()) || o.route().equals(r.id() + " (forced)"),
                        m.apiName() + " is on a route it also passed over: " + p.route());
                assertFalse(o.reason().isBlank(), m.apiName() + ": a route passed over says why: " + o);
            }
        }
    }

    /**
     * Checks every value of {@code b} against the JDK over a few hundred rounds, method by method of the
     * catalogue: a wrong clock, a unit error or an error sentinel taken as a value fails here.
     * {@code cpuKnown}: whether cpu() and node() must be real (else -1, the JDK's unknown). The switch
     * has no default: a new catalogue method does not compile here until it has its check.
     */
    static void assertSane(FastClockBackend backend, boolean cpuKnown, int rounds) {
        Facade b = new Facade(backend);
        int cpus = cpuLimit();
        long[] last = new long[Method.values().length];
        java.util.Arrays.fill(last, Long.MIN_VALUE);
        for (int i = 0; i < rounds; i++) {
            for (Method m : Method.values()) {
                boolean checked = switch (m) {
                    case NANOS -> {
                        long a = System.nanoTime();
                        long v = b.nanos();
                        between(a, v, System.nanoTime(), "nanos()");
                        yield true;
                    }
                    case COARSE_NANOS -> {
                        long a = System.nanoTime();
                        long v = b.coarseNanos();
                        between(a - 50_000_000L, v, System.nanoTime(), "coarseNanos() (a coarse clock lags by up to a tick)");
                        yield true;
                    }
                    case EPOCH_NANOS -> {
                        long ms = System.currentTimeMillis();
                        long v = b.epochNanos();
                        between(ms * 1_000_000L, v, System.currentTimeMillis() * 1_000_000L + 999_999L, "epochNanos()");
                        yield true;
                    }
                    case EPOCH_MICROS -> {
                        long ms = System.currentTimeMillis();
                        long v = b.epochMicros();
                        between(ms * 1_000L, v, System.currentTimeMillis() * 1_000L + 999L, "epochMicros()");
                        yield true;
                    }
                    case EPOCH_MILLIS -> {
                        long ms = System.currentTimeMillis();
                        long v = b.epochMillis();
                        between(ms, v, System.currentTimeMillis(), "epochMillis()");
                        yield true;
                    }
                    case COARSE_EPOCH_MILLIS -> {
                        long ms = System.currentTimeMillis();
                        long v = b.coarseEpochMillis();
                        between(ms - 50, v, System.currentTimeMillis(), "coarseEpochMillis() (a coarse clock lags by up to a tick)");
                        yield true;
                    }
                    case EPOCH_SECONDS -> {
                        long ms = System.currentTimeMillis();
                        long v = b.epochSeconds();
                        between(ms / 1_000L - 1, v, System.currentTimeMillis() / 1_000L, "epochSeconds() (time() reads the tick's second)");
                        yield true;
                    }
                    case BOOT_NANOS -> {
                        // CLOCK_BOOTTIME leads CLOCK_MONOTONIC by the time suspended: never behind it, never back.
                        long a = System.nanoTime();
                        long v = b.bootNanos();
                        between(a, v, Long.MAX_VALUE, "bootNanos() (never behind CLOCK_MONOTONIC)");
                        between(last[m.ordinal()], v, Long.MAX_VALUE, "bootNanos() (never goes back)");
                        last[m.ordinal()] = v;
                        yield true;
                    }
                    case RAW_NANOS -> {
                        // CLOCK_MONOTONIC_RAW parts from CLOCK_MONOTONIC by NTP's slew, at most 500 ppm of the uptime.
                        long a = System.nanoTime();
                        long v = b.rawNanos();
                        long c = System.nanoTime();
                        long slack = c / 1_000 + 1_000_000_000L;
                        between(a - slack, v, c + slack, "rawNanos() (CLOCK_MONOTONIC within NTP's slew)");
                        yield true;
                    }
                    case TAI_NANOS -> {
                        // CLOCK_TAI leads CLOCK_REALTIME by the kernel's TAI offset: 0 .. a minute.
                        long ms = System.currentTimeMillis();
                        long v = b.taiNanos();
                        long ms2 = System.currentTimeMillis();
                        between(ms * 1_000_000L, v, (ms2 + 60_000L) * 1_000_000L + 999_999L, "taiNanos() (CLOCK_REALTIME plus 0 .. 60 s)");
                        yield true;
                    }
                    case TICKS -> {
                        long v = b.ticks();
                        between(last[m.ordinal()], v, Long.MAX_VALUE, "ticks() (never goes back on one thread)");
                        last[m.ordinal()] = v;
                        yield true;
                    }
                    case TICKS_TO_NANOS, TICKS_PER_SECOND -> {
                        // Served with ticks: one second of ticks converts to one second.
                        long tps = b.ticksPerSecond();
                        assertTrue(tps >= TscCalibration.MIN_TICKS_PER_SECOND && tps <= TscCalibration.MAX_TICKS_PER_SECOND,
                                "ticksPerSecond() = " + tps);
                        between(999_999_000L, b.ticksToNanos(tps), 1_000_001_000L, "ticksToNanos(ticksPerSecond())");
                        yield true;
                    }
                    case RESOLUTION -> {
                        for (ClockId id : ClockId.values()) {
                            long r = b.resolutionNanos(id.linuxId());
                            between(1, r, 1_000_000_000L, "resolutionNanos(" + id + ")");
                        }
                        yield true;
                    }
                    case CPU -> {
                        int cpu = b.cpu();
                        if (cpuKnown) {
                            assertTrue(cpu >= 0 && cpu < cpus, "cpu() = " + cpu + ", not in [0, " + cpus + ")");
                        } else {
                            assertEquals(-1, cpu, "cpu() unknown");
                        }
                        yield true;
                    }
                    case NODE -> {
                        int node = b.node();
                        if (cpuKnown) {
                            assertNode(node, "node()");
                        } else {
                            assertEquals(-1, node, "node() unknown");
                        }
                        yield true;
                    }
                    case IS_SUPPORTED -> {
                        assertEquals(cpuKnown, b.isSupported(), "isSupported()");
                        yield true;
                    }
                    case CLOCK_STATUS -> {
                        // Not a hot path (a system call): a few rounds say enough.
                        if (i < 3) {
                            Timex t = b.timex();
                            if (b.route(m) == RouteId.JDK) {
                                assertEquals(Timex.UNKNOWN, t, "clockStatus on the jdk route is unknown");
                            } else {
                                assertTrue(t.known(), "clockStatus on " + b.route(m).id() + " is known: " + t);
                                between(0, t.state(), 5, "the clock state (TIME_OK .. TIME_ERROR)");
                                between(0, t.maxError(), Long.MAX_VALUE, "maxerror");
                                between(0, t.estError(), Long.MAX_VALUE, "esterror");
                            }
                        }
                        yield true;
                    }
                };
                assertTrue(checked, m.apiName());
            }
        }
    }

    static void between(long lo, long v, long hi, String what) {
        if (v < lo || v > hi) {
            fail(what + " = " + v + ", outside [" + lo + ", " + hi + "]");
        }
    }

    /** The one passed-over entry of a plan, which must name {@code route} and contain {@code reason}. */
    static void assertPassedOver(Plan p, RouteId route, String reason) {
        List<MethodRoute.PassedOver> passed = p.route().passedOver();
        String m = p.route().method();
        assertEquals(1, passed.size(), m + " passed over exactly one route: " + passed);
        MethodRoute.PassedOver o = passed.getFirst();
        assertTrue(o.route().equals(route.id()) || o.route().equals(route.id() + " (forced)"), m + " passed over " + route.id() + ": " + o);
        assertTrue(o.reason().contains(reason), m + "'s passed-over entry gives the reason \"" + reason + "\": " + o);
    }
}
