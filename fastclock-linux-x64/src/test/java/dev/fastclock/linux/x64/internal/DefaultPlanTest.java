package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.linux.x64.Route;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default plan on this machine, where every route works: each method on the first route of its
 * measured order (with the cpu rule: libc first only when glibc answers from rseq), nothing passed
 * over, no route opened that no method needed, and describe() listing each method once.
 */
class DefaultPlanTest {

    @Test
    void everyMethodTakesTheFirstRouteOfItsMeasuredOrder() {
        Rseq rseq = Rseq.read();
        Planner.Plan plan = Planner.plan(Failsafe.live(), Optional.empty(), rseq);

        assertNull(plan.failure());
        for (Method m : Method.values()) {
            Planner.Choice c = plan.choices().get(m);
            assertEquals(Failsafe.usualFirst(m, rseq), c.route(), m.apiName());
            assertEquals(List.of(), c.passedOver(), m.apiName() + " passed nothing over");
        }
        assertEquals(rseq.registered() ? Route.LIBC : Route.VDSO, plan.choices().get(Method.CPU).route(),
                "cpu: libc when rseq is registered (" + rseq.describe() + "), else the vDSO");
        assertEquals(Route.JDK, plan.choices().get(Method.NANOS).route(), "System.nanoTime() was measured faster");
        assertEquals(Route.JDK, plan.choices().get(Method.EPOCH_MILLIS).route(), "System.currentTimeMillis() was measured faster");
        for (Method m : EnumSet.of(Method.COARSE_NANOS, Method.EPOCH_NANOS, Method.EPOCH_MICROS, Method.COARSE_EPOCH_MILLIS,
                Method.EPOCH_SECONDS, Method.RESOLUTION, Method.NODE)) {
            assertEquals(Route.VDSO, plan.choices().get(m).route(), m.apiName());
        }
        assertFalse(plan.tables().containsKey(Route.VSYSCALL), "the vsyscall page is never even opened when no method needs it");
        assertTrue(plan.backend().isSupported());
        Failsafe.assertSane(plan.backend(), true, 500);
    }

    @Test
    void theOrderPutsLibcFirstForCpuOnlyWithRseq() {
        assertEquals(Route.LIBC, Planner.order(Method.CPU, new Rseq(32, 0x7c0)).getFirst());
        assertEquals(Route.VDSO, Planner.order(Method.CPU, new Rseq(0, 0)).getFirst(), "rseq off: glibc would call the vDSO itself");
        assertEquals(Route.VDSO, Planner.order(Method.CPU, new Rseq(-1, 0)).getFirst(), "no rseq export: an old glibc");
        Planner.Plan off = Planner.plan(Failsafe.live(), Optional.empty(), new Rseq(0, 0));
        assertEquals(Route.VDSO, off.choices().get(Method.CPU).route(), "with rseq off the planned cpu route is the vDSO");
        assertTrue(off.backend().describeRoutes().contains("rseq: not registered"), off.backend().describeRoutes());
    }

    @Test
    void describeListsEachMethodOnceWithItsRoute() {
        Rseq rseq = Rseq.read();
        Planner.Plan plan = Planner.plan(Failsafe.live(), Optional.empty(), rseq);
        String describe = plan.backend().describeRoutes();

        for (Method m : Method.values()) {
            List<String> lines = describe.lines().filter(l -> l.startsWith(m.apiName() + " ")).toList();
            assertEquals(1, lines.size(), m.apiName() + " once in:\n" + describe);
            assertTrue(lines.getFirst().matches(m.apiName() + " +" + plan.choices().get(m).route().id() + " +\\S.*"),
                    lines.getFirst());
        }
        assertFalse(describe.contains("passed over"), describe);
        assertTrue(describe.contains("vdso: vDSO at 0x" + Long.toHexString(Failsafe.LIVE_VDSO.base())), describe);
        assertTrue(describe.contains("rseq: " + rseq.describe()), describe);
    }

    @Test
    void theProvidersDefaultBackendIsThisPlan() {
        Rseq rseq = Rseq.read();
        String planned = Planner.plan(Failsafe.live(), Optional.empty(), rseq).backend().describeRoutes();
        String provided = LinuxX64Provider.backend().describeRoutes();
        // The stub addresses differ between two plans; the per-method lines do not.
        assertEquals(Method.values().length, methodLines(planned).size(), planned);
        assertEquals(methodLines(planned), methodLines(provided));
    }

    private static List<String> methodLines(String describe) {
        return describe.lines().filter(l -> !l.startsWith(" ") && !l.contains(": ")).toList();
    }
}
