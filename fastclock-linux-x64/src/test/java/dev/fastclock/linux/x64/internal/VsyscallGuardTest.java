package dev.fastclock.linux.x64.internal;

import dev.fastclock.spi.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The vsyscall page is called only when {@code /proc/self/maps} shows it executable at its fixed
 * address: with {@code vsyscall=none} a call is SIGSEGV and kills the JVM, so every test here that
 * removes or damages the line asserts that the route is never built. Only the real maps (this
 * machine: {@code xonly}) lead to real calls.
 */
class VsyscallGuardTest {

    private static final long PAGE = Routes.VSYSCALL_BASE;
    private static final Set<Row> SERVED = EnumSet.of(Row.EPOCH_MICROS, Row.EPOCH_MILLIS, Row.EPOCH_SECONDS, Row.CPU, Row.NODE);

    private static String liveMapsWithVsyscall() {
        String maps = Failsafe.liveMaps();
        assumeTrue(maps.lines().anyMatch(l -> l.endsWith(" [vsyscall]")),
                "this kernel runs with vsyscall=none, so there is no [vsyscall] line to vary");
        return maps;
    }

    private static LinuxEnvironment withVsyscallLine(String line) {
        String maps = Failsafe.replaceLine(liveMapsWithVsyscall(), "[vsyscall]", line);
        return Failsafe.live().withMaps(Optional.of(maps), "maps with " + (line == null ? "no [vsyscall]" : line) + " (test)");
    }

    @Test
    void noVsyscallLineMeansTheRouteIsNeverBuilt() {
        LinuxEnvironment env = withVsyscallLine(null);

        String expected = "no [vsyscall] line in /proc/self/maps (vsyscall=none): a call would kill the JVM";
        assertEquals(Optional.of(expected), Routes.vsyscallProblem(env));
        Routes.Fns t = Routes.vsyscall(env);
        assertEquals(expected, t.unavailable());
        assertEquals(Map.of(), t.addresses(), "no address to call");
        for (Row m : Row.values()) {
            assertNull(Routes.serve(t, m, null).served(), m.apiName() + " has no call");
        }
    }

    @Test
    void forcingTheVsyscallRouteWithoutTheLineFailsInsteadOfCalling() {
        LinuxBackend b = LinuxBackend.lazy(withVsyscallLine(null), Optional.of(RouteId.VSYSCALL));
        assertEquals(Optional.of("-Dfastclock.route=vsyscall cannot work here: no [vsyscall] line in /proc/self/maps (vsyscall=none):"
                + " a call would kill the JVM"), b.forcedProblem());

        // Planned anyway, no method is on the vsyscall page.
        LinuxBackend planned = LinuxBackend.eager(withVsyscallLine(null), Optional.of(RouteId.VSYSCALL));
        for (Method m : Failsafe.planned()) {
            assertNotEquals(RouteId.VSYSCALL, Failsafe.routeId(planned.plan(m)), m.apiName());
            if (m != Method.IS_SUPPORTED) {
                assertEquals("vsyscall (forced)", planned.plan(m).route().passedOver().getFirst().route(), m.apiName());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--xp", "r-xp"})
    void anExecutableLineAtTheFixedAddressMakesTheRouteAvailable(String perms) {
        LinuxEnvironment env = withVsyscallLine(Failsafe.mapsLine(PAGE, PAGE + 0x1000, perms, "[vsyscall]"));

        assertEquals(Optional.empty(), Routes.vsyscallProblem(env), perms);
        Routes.Fns t = Routes.vsyscall(env);
        assertNull(t.unavailable());
        assertFalse(t.critical(), "a vsyscall call traps into the kernel: never a critical downcall");
        assertEquals(Map.of(Fn.GETTIMEOFDAY, PAGE, Fn.TIME, PAGE + 0x400, Fn.GETCPU, PAGE + 0x800), t.addresses());
        for (Row m : Row.values()) {
            assertEquals(SERVED.contains(m), Routes.serve(t, m, null).served() != null, m.apiName() + " served by the vsyscall route");
        }
        assertEquals("the vsyscall page has no clock_gettime", Routes.serve(t, Row.NANOS, null).whyNot());
        assertEquals("the vsyscall page has no clock_getres", Routes.serve(t, Row.RESOLUTION, null).whyNot());
        assertEquals("the vsyscall page has no rdtsc", Routes.serve(t, Row.TICKS, null).whyNot());
        assertEquals("the vsyscall page has no adjtimex", Routes.serve(t, Row.CLOCK_STATUS, null).whyNot());
    }

    @ParameterizedTest
    @ValueSource(strings = {"---p", "r--p", "rw-p"})
    void aLineThatIsNotExecutableKeepsTheRouteUnavailable(String perms) {
        LinuxEnvironment env = withVsyscallLine(Failsafe.mapsLine(PAGE, PAGE + 0x1000, perms, "[vsyscall]"));

        assertEquals("the [vsyscall] mapping is " + perms + ", not executable", Routes.vsyscall(env).unavailable());
        Optional<String> forced = LinuxBackend.lazy(env, Optional.of(RouteId.VSYSCALL)).forcedProblem();
        assertTrue(forced.isPresent() && forced.get().contains("not executable"), forced.toString());
    }

    @ParameterizedTest
    @ValueSource(longs = {0xffffffffff700000L, 0xffffffffff500000L, 0x7fff00000000L, 0x1000L})
    void aLineAtAnotherAddressKeepsTheRouteUnavailable(long start) {
        LinuxEnvironment env = withVsyscallLine(Failsafe.mapsLine(start, start + 0x1000, "--xp", "[vsyscall]"));

        String reason = Routes.vsyscall(env).unavailable();
        assertNotNull(reason, "a [vsyscall] line at " + Long.toHexString(start) + " was taken for the fixed page");
        assertTrue(reason.endsWith("is not the fixed page"), reason);
    }

    @Test
    void unreadableMapsKeepTheRouteUnavailable() {
        LinuxEnvironment env = Failsafe.live().withMaps(Optional.empty(), "/proc/self/maps cannot be read (test)");
        assertEquals("cannot prove the vsyscall page is mapped: /proc/self/maps cannot be read (test)",
                Routes.vsyscall(env).unavailable());
    }

    @Test
    void theRealVsyscallPageGivesRightValues() {
        liveMapsWithVsyscall();
        Facade b = new Facade(LinuxBackend.eager(Failsafe.live(), Optional.of(RouteId.VSYSCALL)));
        for (Row m : SERVED) {
            assertEquals(RouteId.VSYSCALL, b.route(m.method), m.apiName());
        }
        assertEquals(RouteId.VSYSCALL, b.route(Method.IS_SUPPORTED), "isSupported: cpu and node on the page");
        // The shared stubs, through their plain (not critical) handles: every vsyscall call traps.
        assertSame(Stubs.handle(Stubs.Shape.TIMEVAL, false).orElseThrow(), b.call(Method.EPOCH_MICROS).handle());
        assertSame(Stubs.handle(Stubs.Shape.GETCPU, false).orElseThrow(), b.call(Method.CPU).handle());
        assertEquals(PAGE + 0x800, b.call(Method.NODE).target(), "node: the stub calls the page's getcpu");
        int cpus = Failsafe.cpuLimit();
        // Each call traps into the kernel (~450 ns): a few hundred rounds are plenty.
        for (int i = 0; i < 500; i++) {
            long a = System.currentTimeMillis();
            long us = b.epochMicros();
            long ms = b.epochMillis();
            long c = System.currentTimeMillis();
            Failsafe.between(a * 1_000L, us, c * 1_000L + 999L, "vsyscall gettimeofday µs");
            Failsafe.between(a, ms, c, "vsyscall gettimeofday ms");

            a = System.currentTimeMillis();
            long s = b.epochSeconds();
            c = System.currentTimeMillis();
            Failsafe.between(a / 1_000L - 1, s, c / 1_000L, "vsyscall time()");

            int cpu = b.cpu();
            assertTrue(cpu >= 0 && cpu < cpus, "vsyscall getcpu cpu " + cpu);
            Failsafe.assertNode(b.node(), "vsyscall getcpu node");
        }
    }
}
