package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    private static final Set<Method> SERVED = EnumSet.of(Method.EPOCH_MICROS, Method.EPOCH_MILLIS, Method.EPOCH_SECONDS,
            Method.CPU, Method.NODE);

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
        RouteTable t = Routes.vsyscall(env);
        assertEquals(Optional.of(expected), t.unavailableReason());
        for (Method m : Method.values()) {
            assertTrue(t.served(m).isEmpty(), m.apiName() + " has no handle to call");
        }
    }

    @Test
    void forcingTheVsyscallRouteWithoutTheLineFailsInsteadOfCalling() {
        Planner.Plan plan = Planner.plan(withVsyscallLine(null), Optional.of(Route.VSYSCALL), Rseq.read());

        assertNull(plan.backend());
        assertEquals("-Dfastclock.route=vsyscall cannot work here: no [vsyscall] line in /proc/self/maps (vsyscall=none):"
                + " a call would kill the JVM", plan.failure());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--xp", "r-xp"})
    void anExecutableLineAtTheFixedAddressMakesTheRouteAvailable(String perms) {
        LinuxEnvironment env = withVsyscallLine(Failsafe.mapsLine(PAGE, PAGE + 0x1000, perms, "[vsyscall]"));

        assertEquals(Optional.empty(), Routes.vsyscallProblem(env), perms);
        RouteTable t = Routes.vsyscall(env);
        assertEquals(Optional.empty(), t.unavailableReason());
        for (Method m : Method.values()) {
            assertEquals(SERVED.contains(m), t.served(m).isPresent(), m.apiName() + " served by the vsyscall route");
        }
        assertEquals("the vsyscall page has no clock_gettime", t.whyNot(Method.NANOS));
        assertEquals("the vsyscall page has no clock_getres", t.whyNot(Method.RESOLUTION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"---p", "r--p", "rw-p"})
    void aLineThatIsNotExecutableKeepsTheRouteUnavailable(String perms) {
        LinuxEnvironment env = withVsyscallLine(Failsafe.mapsLine(PAGE, PAGE + 0x1000, perms, "[vsyscall]"));

        assertEquals(Optional.of("the [vsyscall] mapping is " + perms + ", not executable"), Routes.vsyscall(env).unavailableReason());
        assertTrue(Planner.plan(env, Optional.of(Route.VSYSCALL), Rseq.read()).failure().contains("not executable"));
    }

    @ParameterizedTest
    @ValueSource(longs = {0xffffffffff700000L, 0xffffffffff500000L, 0x7fff00000000L, 0x1000L})
    void aLineAtAnotherAddressKeepsTheRouteUnavailable(long start) {
        LinuxEnvironment env = withVsyscallLine(Failsafe.mapsLine(start, start + 0x1000, "--xp", "[vsyscall]"));

        String reason = Routes.vsyscall(env).unavailableReason().orElseThrow(
                () -> new AssertionError("a [vsyscall] line at " + Long.toHexString(start) + " was taken for the fixed page"));
        assertTrue(reason.endsWith("is not the fixed page"), reason);
    }

    @Test
    void unreadableMapsKeepTheRouteUnavailable() {
        LinuxEnvironment env = Failsafe.live().withMaps(Optional.empty(), "/proc/self/maps cannot be read (test)");
        assertEquals(Optional.of("cannot prove the vsyscall page is mapped: /proc/self/maps cannot be read (test)"),
                Routes.vsyscall(env).unavailableReason());
    }

    @Test
    void theRealVsyscallPageGivesRightValues() {
        liveMapsWithVsyscall();
        Planner.Plan plan = Planner.plan(Failsafe.live(), Optional.of(Route.VSYSCALL), Rseq.read());
        assertNull(plan.failure());
        for (Method m : SERVED) {
            assertEquals(Route.VSYSCALL, plan.choices().get(m).route(), m.apiName());
        }
        FastClockBackend b = plan.backend();
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
