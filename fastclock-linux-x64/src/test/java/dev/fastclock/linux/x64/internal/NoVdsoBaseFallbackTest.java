package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.MethodRoute;
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
        for (Method m : Method.values()) {
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

        for (Method m : Method.values()) {
            Planner.Choice c = b.choice(m);
            if (Failsafe.usualFirst(m, rseq) == Route.VDSO) {
                assertEquals(Route.LIBC, c.route(), m + " moves from vdso to libc");
                Failsafe.assertPassedOver(c, Route.VDSO, REASON);
                assertEquals(List.of(new MethodRoute.PassedOver("vdso", REASON)), Failsafe.reported(b, m).passedOver(),
                        "the report says why " + m.apiName() + " left the vdso");
            } else {
                assertEquals(Failsafe.usualFirst(m, rseq), c.route(), m + " keeps its usual first route");
                if (m != Method.TICKS || Failsafe.tscTrusted()) {
                    assertEquals(List.of(), c.passedOver(), m + " passed nothing over");
                }
            }
        }
        Failsafe.assertReportIsTheChoices(b);
        assertTrue(b.notes().stream().noneMatch(n -> n.startsWith("vdso: at ")), "no vDSO found to note: " + b.notes());
        assertTrue(b.isSupported(), "libc still gives the CPU");
        Failsafe.assertSane(b, true, 200);
    }

    @Test
    void aForcedVdsoRouteFailsNamingTheReasonAndPlansNothing() {
        LinuxBackend b = LinuxBackend.lazy(noVdso(), Optional.of(Route.VDSO));

        assertEquals(Optional.of("-Dfastclock.route=vdso cannot work here: " + REASON), b.forcedProblem());
        for (Method m : Method.values()) {
            assertNull(b.planner().choice(m), "finding the forced route unavailable plans no method: " + m.apiName());
        }
    }

    @Test
    void plannedAnywayAForcedVdsoThatCannotWorkLeavesEachMethodOnItsUsualRouteSayingWhy() {
        // What the provider never builds (it fails loudly instead), but the planner must still answer right.
        Rseq rseq = Rseq.read();
        LinuxBackend b = LinuxBackend.eager(noVdso(), Optional.of(Route.VDSO));
        for (Method m : Method.values()) {
            Planner.Choice c = b.choice(m);
            assertEquals(Failsafe.firstWithout(m, rseq, Route.VDSO), c.route(), m.apiName());
            assertEquals(new MethodRoute.PassedOver("vdso (forced)", REASON + "; " + m.apiName() + " keeps its usual route"),
                    c.passedOver().getFirst());
        }
        Failsafe.assertSane(b, true, 20);
    }
}
