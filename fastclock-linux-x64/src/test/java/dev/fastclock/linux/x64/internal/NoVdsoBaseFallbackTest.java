package dev.fastclock.linux.x64.internal;

import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import org.junit.jupiter.api.Test;

import java.util.List;
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
        Routes.Fns t = Routes.vdso(env);
        assertEquals(REASON, t.unavailable());
        for (Row m : Row.values()) {
            Routes.Result r = Routes.serve(t, m, null);
            assertNull(r.served(), m + " is not served by an unavailable route");
            assertEquals(REASON, r.whyNot());
        }
        assertEquals(0, images.reads().get(), "with no base nothing is read from memory");
    }

    @Test
    void everyMethodIsServedByTheNextRouteAndTheValuesAreRight() {
        Rseq rseq = Rseq.read();
        LinuxBackend b = LinuxBackend.eager(noVdso(), Optional.empty());

        for (Method m : Failsafe.planned()) {
            Plan p = b.plan(m);
            if (Failsafe.usualFirst(m, rseq) == RouteId.VDSO && m != Method.IS_SUPPORTED) {
                assertEquals(RouteId.LIBC, Failsafe.routeId(p), m + " moves from vdso to libc");
                Failsafe.assertPassedOver(p, RouteId.VDSO, REASON);
                assertEquals(List.of(new MethodRoute.PassedOver("vdso", REASON)), p.route().passedOver(),
                        "the report says why " + m.apiName() + " left the vdso");
            } else if (m != Method.IS_SUPPORTED) {
                assertEquals(Failsafe.usualFirst(m, rseq), Failsafe.routeId(p), m + " keeps its usual first route");
                if (m != Method.TICKS || Failsafe.tscTrusted()) {
                    assertEquals(List.of(), p.route().passedOver(), m + " passed nothing over");
                }
            }
        }
        Failsafe.assertPlansConsistent(b);
        assertTrue(b.notes().stream().noneMatch(n -> n.startsWith("vdso: at ")), "no vDSO found to note: " + b.notes());
        assertTrue(new Facade(b).isSupported(), "libc still gives the CPU");
        assertEquals(RouteId.LIBC, Failsafe.routeId(b.plan(Method.IS_SUPPORTED)));
        Failsafe.assertSane(b, true, 200);
    }

    @Test
    void aForcedVdsoRouteFailsNamingTheReasonAndPlansNothing() {
        Planner p = new Planner(noVdso(), Optional.of(RouteId.VDSO));

        assertEquals(Optional.of("-Dfastclock.route=vdso cannot work here: " + REASON), p.forcedProblem());
        for (Method m : Method.values()) {
            assertNull(p.planned(m), "finding the forced route unavailable plans no method: " + m.apiName());
        }
        assertEquals(Optional.of("-Dfastclock.route=vdso cannot work here: " + REASON),
                LinuxBackend.lazy(noVdso(), Optional.of(RouteId.VDSO)).forcedProblem(), "the backend says the same");
    }

    @Test
    void plannedAnywayAForcedVdsoThatCannotWorkLeavesEachMethodOnItsUsualRouteSayingWhy() {
        // What the provider never builds (it fails loudly instead), but the planner must still answer right.
        Rseq rseq = Rseq.read();
        LinuxBackend b = LinuxBackend.eager(noVdso(), Optional.of(RouteId.VDSO));
        for (Method m : Failsafe.planned()) {
            if (m == Method.IS_SUPPORTED) {
                continue; // follows cpu and node
            }
            Plan p = b.plan(m);
            assertEquals(Failsafe.firstWithout(m, rseq, RouteId.VDSO), Failsafe.routeId(p), m.apiName());
            String why = m == Method.CLOCK_STATUS ? "the vdso route has no adjtimex" : REASON;
            assertEquals(new MethodRoute.PassedOver("vdso (forced)", why + "; " + m.apiName() + " keeps its usual route"),
                    p.route().passedOver().getFirst());
        }
        Failsafe.assertSane(b, true, 20);
    }
}
