package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.MethodRoute;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default plan on this machine, where every route works: each method on the first route of its
 * measured order (with the cpu rule: libc first only when glibc answers from rseq), nothing passed
 * over, no route opened that no method needed, and the report listing each method once, as its
 * choice says. Planned by the production planner, lazily (as the provider does) and eagerly.
 */
class DefaultPlanTest {

    @Test
    void everyMethodTakesTheFirstRouteOfItsMeasuredOrder() {
        Rseq rseq = Rseq.read();
        LinuxBackend b = LinuxBackend.eager(Failsafe.live(), Optional.empty());

        for (Method m : Method.values()) {
            Planner.Choice c = b.choice(m);
            assertEquals(m, c.method());
            assertEquals(Failsafe.usualFirst(m, rseq), c.route(), m.apiName());
            if (m != Method.TICKS || Failsafe.tscTrusted()) {
                assertEquals(List.of(), c.passedOver(), m.apiName() + " passed nothing over");
            }
            assertEquals(c.route() == Route.JDK, c.call().isJdk(), m.apiName() + ": the choice carries its call");
        }
        assertEquals(rseq.registered() ? Route.LIBC : Route.VDSO, b.choice(Method.CPU).route(),
                "cpu: libc when rseq is registered (" + rseq.describe() + "), else the vDSO");
        assertEquals(b.choice(Method.CPU).route(), b.choice(Method.NODE).route(), "node goes where cpu goes");
        assertEquals(Route.JDK, b.choice(Method.NANOS).route(), "System.nanoTime() was measured faster");
        assertEquals(Route.JDK, b.choice(Method.EPOCH_MILLIS).route(), "System.currentTimeMillis() was measured faster");
        for (Method m : EnumSet.of(Method.COARSE_NANOS, Method.EPOCH_NANOS, Method.EPOCH_MICROS, Method.COARSE_EPOCH_MILLIS,
                Method.EPOCH_SECONDS, Method.RESOLUTION, Method.BOOT_NANOS, Method.RAW_NANOS, Method.TAI_NANOS)) {
            assertEquals(Route.VDSO, b.choice(m).route(), m.apiName());
        }
        assertEquals(Failsafe.tscTrusted() ? Route.TSC : Route.JDK, b.choice(Method.TICKS).route(),
                "ticks: the TSC where the kernel trusts it (" + TscTrust.live().reason() + ")");
        assertTrue(b.notes().stream().noneMatch(n -> n.startsWith("vsyscall")),
                "the vsyscall page is never even opened when no method needs it: " + b.notes());
        assertTrue(b.isSupported());
        Failsafe.assertSane(b, true, 500);
    }

    @Test
    void aLazyBackendPlansEachMethodAtItsFirstCallOnly() {
        LinuxBackend b = LinuxBackend.lazy(Failsafe.live(), Optional.empty());
        for (Method m : Method.values()) {
            assertNull(b.planner().choice(m), m.apiName() + " is not planned before its first call");
        }

        long v = b.coarseNanos();
        assertTrue(v > 0, "coarseNanos() = " + v);
        assertNotNull(b.planner().choice(Method.COARSE_NANOS), "coarseNanos is planned by its first call");
        for (Method m : Method.values()) {
            if (m != Method.COARSE_NANOS) {
                assertNull(b.planner().choice(m), m.apiName() + " is still not planned");
            }
        }
        Planner.Choice first = b.planner().choice(Method.COARSE_NANOS);
        b.coarseNanos();
        assertTrue(first == b.planner().choice(Method.COARSE_NANOS), "a second call plans nothing again");
        assertTrue(first.call() == b.coarseNanosSlot().call(), "the slot serves the planned call itself");

        // The same choices as planned eagerly.
        LinuxBackend eager = LinuxBackend.eager(Failsafe.live(), Optional.empty());
        assertEquals(eager.routes(), b.routes(), "lazy and eager plan alike");
    }

    @Test
    void theOrderPutsLibcFirstForCpuAndNodeOnlyWithRseq() {
        for (Method m : EnumSet.of(Method.CPU, Method.NODE)) {
            assertEquals(Route.LIBC, m.order(new Rseq(32, 0x7c0)).getFirst(), m.apiName());
            assertEquals(Route.VDSO, m.order(new Rseq(0, 0)).getFirst(), m.apiName() + ": rseq off, glibc would call the vDSO itself");
            assertEquals(Route.VDSO, m.order(new Rseq(-1, 0)).getFirst(), m.apiName() + ": no rseq export, an old glibc");
            assertTrue(m.needsRseq());
        }
        for (Method m : Method.values()) {
            List<Route> order = m.order(new Rseq(32, 0x7c0));
            assertEquals(Route.JDK, order.stream().filter(r -> r == Route.JDK).findFirst().orElse(null), m.apiName() + " can always fall to the JDK");
            assertEquals(order.size(), order.stream().distinct().count(), m.apiName() + ": no route twice");
            if (m != Method.CPU && m != Method.NODE) {
                assertEquals(order, m.order(new Rseq(0, 0)), m.apiName() + " does not depend on rseq");
                assertTrue(!m.needsRseq(), m.apiName());
            }
        }
    }

    @Test
    void theReportListsEachMethodOnceAsItsChoiceSays() {
        Rseq rseq = Rseq.read();
        LinuxBackend b = LinuxBackend.eager(Failsafe.live(), Optional.empty());

        Failsafe.assertReportIsTheChoices(b);
        for (MethodRoute r : b.routes()) {
            assertTrue(!r.detail().isBlank(), r.method() + " says how");
        }
        List<String> notes = b.notes();
        assertTrue(notes.contains("rseq: " + rseq.describe()), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("vdso: at 0x" + Long.toHexString(Failsafe.LIVE_VDSO.base()) + ", ")),
                notes.toString());
        assertTrue(notes.stream().noneMatch(n -> n.startsWith("forced:")), notes.toString());
    }

    @Test
    void theProvidersDefaultBackendIsThisPlan() {
        LinuxBackend planned = LinuxBackend.eager(Failsafe.live(), Optional.empty());
        FastClockBackend provided = LinuxX64Provider.backend();
        assertEquals(Method.values().length, planned.routes().size());
        assertEquals(planned.routes(), provided.routes());
    }
}
