package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.Route;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No {@code AT_SYSINFO_EHDR} (a {@code vdso=0} kernel, some sandboxes): the vdso route is unavailable
 * with the reason the environment gives, every method is still served by the next route, and a forced
 * vdso route fails loudly with that reason.
 */
class NoVdsoBaseFallbackTest {

    private static final String REASON = "no AT_SYSINFO_EHDR: a vdso=0 kernel (injected by the test)";

    private static LinuxEnvironment noVdso() {
        return Failsafe.live().withVdsoBase(OptionalLong.empty(), REASON).withImages(Failsafe.neverRead());
    }

    @Test
    void theVdsoRouteIsUnavailableWithTheEnvironmentsReason() {
        Failsafe.HeapImages images = Failsafe.neverRead();
        LinuxEnvironment env = Failsafe.live().withVdsoBase(OptionalLong.empty(), REASON).withImages(images);

        Routes.VdsoFound found = Routes.findVdso(env);
        assertEquals(REASON, found.problem());
        RouteTable t = Routes.vdso(env);
        assertEquals(Optional.of(REASON), t.unavailableReason());
        for (Method m : Method.values()) {
            assertTrue(t.served(m).isEmpty(), m + " is not served by an unavailable route");
            assertEquals(REASON, t.whyNot(m));
        }
        assertEquals(0, images.reads().get(), "with no base nothing is read from memory");
    }

    @Test
    void everyMethodIsServedByTheNextRouteAndTheValuesAreRight() {
        Rseq rseq = Rseq.read();
        Planner.Plan plan = Planner.plan(noVdso(), Optional.empty(), rseq);

        assertNull(plan.failure());
        assertTrue(plan.tables().get(Route.VDSO).unavailableReason().isPresent(), "the vdso route was tried and found unavailable");
        for (Method m : Method.values()) {
            Planner.Choice c = plan.choices().get(m);
            if (Failsafe.usualFirst(m, rseq) == Route.VDSO) {
                assertEquals(Route.LIBC, c.route(), m + " moves from vdso to libc");
                Failsafe.assertPassedOver(c, Route.VDSO, REASON);
                assertTrue(Failsafe.describeOf(plan, m).contains("passed over: vdso: " + REASON),
                        "describe() says why " + m.apiName() + " left the vdso:\n" + plan.backend().describeRoutes());
            } else {
                assertEquals(Failsafe.usualFirst(m, rseq), c.route(), m + " keeps its usual first route");
                assertEquals(0, c.passedOver().size(), m + " passed nothing over: " + c.passedOver());
            }
        }
        assertTrue(plan.backend().isSupported(), "libc still gives the CPU");
        Failsafe.assertSane(plan.backend(), true, 200);
    }

    @Test
    void aForcedVdsoRouteFailsNamingTheReason() {
        Planner.Plan plan = Planner.plan(noVdso(), Optional.of(Route.VDSO), Rseq.read());

        assertNull(plan.backend(), "no backend for a forced route that cannot work");
        assertEquals("-Dfastclock.route=vdso cannot work here: " + REASON, plan.failure());
        assertEquals(Optional.of(REASON), plan.tables().get(Route.VDSO).unavailableReason());
        assertTrue(!plan.tables().containsKey(Route.VSYSCALL), "a failed forced plan opens no other route");
    }
}
