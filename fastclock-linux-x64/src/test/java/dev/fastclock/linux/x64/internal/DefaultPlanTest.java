package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default plan on this machine, where every route works: each method on the first route of its
 * measured order (with the cpu rule: libc first only when glibc answers from rseq), nothing passed
 * over, no route opened that no method needed, each plan made once and only when asked for. Planned by
 * the production planner, lazily (as the provider does) and eagerly.
 */
class DefaultPlanTest {

    @Test
    void everyMethodTakesTheFirstRouteOfItsMeasuredOrder() {
        Rseq rseq = Rseq.read();
        Facade b = new Facade(LinuxBackend.eager(Failsafe.live(), Optional.empty()));

        for (Method m : Failsafe.planned()) {
            Plan p = b.plan(m);
            assertEquals(m.apiName(), p.route().method());
            assertEquals(Failsafe.usualFirst(m, rseq), b.route(m), m.apiName());
            if (m != Method.TICKS || Failsafe.tscTrusted()) {
                assertEquals(List.of(), p.route().passedOver(), m.apiName() + " passed nothing over");
            }
            assertEquals(null, p.warning(), m.apiName() + ": nothing to warn of on its usual route");
        }
        assertEquals(rseq.registered() ? RouteId.LIBC : RouteId.VDSO, b.route(Method.CPU),
                "cpu: libc when rseq is registered (" + rseq.describe() + "), else the vDSO");
        assertEquals(b.route(Method.CPU), b.route(Method.NODE), "node goes where cpu goes");
        assertEquals(b.route(Method.CPU), b.route(Method.IS_SUPPORTED), "isSupported follows cpu and node");
        assertEquals(RouteId.JDK, b.route(Method.NANOS), "System.nanoTime() was measured faster");
        assertEquals(RouteId.JDK, b.route(Method.EPOCH_MILLIS), "System.currentTimeMillis() was measured faster");
        for (Method m : EnumSet.of(Method.COARSE_NANOS, Method.EPOCH_NANOS, Method.EPOCH_MICROS, Method.COARSE_EPOCH_MILLIS,
                Method.EPOCH_SECONDS, Method.RESOLUTION, Method.BOOT_NANOS, Method.RAW_NANOS, Method.TAI_NANOS)) {
            assertEquals(RouteId.VDSO, b.route(m), m.apiName());
        }
        assertEquals(RouteId.LIBC, b.route(Method.CLOCK_STATUS), "clockStatus: libc's adjtimex (the vDSO has none)");
        assertEquals(Failsafe.tscTrusted() ? RouteId.TSC : RouteId.JDK, b.route(Method.TICKS),
                "ticks: the TSC where the kernel trusts it (" + TscTrust.live().reason() + ")");
        assertTrue(b.backend().notes().stream().noneMatch(n -> n.startsWith("vsyscall")),
                "the vsyscall page is never even opened when no method needs it: " + b.backend().notes());
        assertTrue(b.isSupported());
        Failsafe.assertPlansConsistent(b.backend());
        Failsafe.assertSane(b.backend(), true, 500);
    }

    @Test
    void aLazyPlannerPlansEachMethodWhenAskedAndOnlyThen() {
        Planner p = new Planner(Failsafe.live(), Optional.empty());
        for (Method m : Method.values()) {
            assertNull(p.planned(m), m.apiName() + " is not planned before it is asked for");
        }
        assertTrue(p.notes().isEmpty(), "notes plan nothing and find nothing opened: " + p.notes());
        for (Method m : Method.values()) {
            assertNull(p.planned(m), m.apiName() + ": notes() planned nothing");
        }

        Plan coarse = p.plan(Method.COARSE_NANOS);
        assertNotNull(coarse);
        assertSame(coarse, p.planned(Method.COARSE_NANOS));
        for (Method m : Method.values()) {
            if (m != Method.COARSE_NANOS) {
                assertNull(p.planned(m), m.apiName() + " is still not planned");
            }
        }
        assertSame(coarse, p.plan(Method.COARSE_NANOS), "asked again, nothing is planned again");

        // isSupported rests on cpu and node: planning it plans them, and nothing else.
        Plan supported = p.plan(Method.IS_SUPPORTED);
        assertNotNull(p.planned(Method.CPU));
        assertNotNull(p.planned(Method.NODE));
        assertEquals("true: cpu on " + p.planned(Method.CPU).route().route() + ", node on " + p.planned(Method.NODE).route().route(),
                supported.route().detail());
        for (Method m : EnumSet.complementOf(EnumSet.of(Method.COARSE_NANOS, Method.IS_SUPPORTED, Method.CPU, Method.NODE))) {
            assertNull(p.planned(m), m.apiName() + " is still not planned");
        }

        // The conversions have no plan of their own: they come with ticks'.
        for (Method m : EnumSet.of(Method.TICKS_TO_NANOS, Method.TICKS_PER_SECOND)) {
            assertNull(Row.of(m), m.apiName() + " has no row");
        }

        // The same plans as made eagerly.
        LinuxBackend eager = LinuxBackend.eager(Failsafe.live(), Optional.empty());
        for (Method m : Failsafe.planned()) {
            assertEquals(eager.plan(m).route(), p.plan(m).route(), "lazy and eager plan " + m.apiName() + " alike");
        }
    }

    @Test
    void aLazyBackendOpensARouteOnlyForAMethodThatNeedsIt() {
        Failsafe.HeapImages images = new Failsafe.HeapImages(Failsafe.liveImageCopy());
        LinuxBackend b = LinuxBackend.lazy(Failsafe.live().withImages(images), Optional.empty());
        assertEquals(0, images.reads().get(), "building the backend reads nothing");
        b.notes();
        assertEquals(0, images.reads().get(), "its notes read nothing");
        assertEquals(RouteId.JDK, Failsafe.routeId(b.plan(Method.NANOS)));
        assertEquals(0, images.reads().get(), "nanos is the JDK's: the vDSO is not opened for it");
        assertEquals(RouteId.VDSO, Failsafe.routeId(b.plan(Method.COARSE_NANOS)));
        assertEquals(1, images.reads().get(), "coarseNanos opened the vDSO");
        assertEquals(RouteId.VDSO, Failsafe.routeId(b.plan(Method.EPOCH_NANOS)));
        assertEquals(1, images.reads().get(), "and the next vdso method finds it open");
        assertTrue(b.notes().stream().anyMatch(n -> n.startsWith("vdso: at ")), "the notes now show it: " + b.notes());
    }

    @Test
    void theOrderPutsLibcFirstForCpuAndNodeOnlyWithRseq() {
        for (Row m : EnumSet.of(Row.CPU, Row.NODE)) {
            assertEquals(RouteId.LIBC, m.order(new Rseq(32, 0x7c0)).getFirst(), m.apiName());
            assertEquals(RouteId.VDSO, m.order(new Rseq(0, 0)).getFirst(), m.apiName() + ": rseq off, glibc would call the vDSO itself");
            assertEquals(RouteId.VDSO, m.order(new Rseq(-1, 0)).getFirst(), m.apiName() + ": no rseq export, an old glibc");
            assertTrue(m.needsRseq());
        }
        for (Row m : Row.values()) {
            List<RouteId> order = m.order(new Rseq(32, 0x7c0));
            assertTrue(order.contains(RouteId.JDK), m.apiName() + " can always fall to the JDK");
            assertEquals(order.size(), order.stream().distinct().count(), m.apiName() + ": no route twice");
            if (m != Row.CPU && m != Row.NODE) {
                assertEquals(order, m.order(new Rseq(0, 0)), m.apiName() + " does not depend on rseq");
                assertTrue(!m.needsRseq(), m.apiName());
            }
        }
    }

    @Test
    void theNotesSayWhatWasFoundAndNothingIsForced() {
        Rseq rseq = Rseq.read();
        LinuxBackend b = LinuxBackend.eager(Failsafe.live(), Optional.empty());

        List<String> notes = b.notes();
        assertTrue(notes.contains("rseq: " + rseq.describe()), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("vdso: at 0x" + Long.toHexString(Failsafe.LIVE_VDSO.base()) + ", ")),
                notes.toString());
        assertTrue(notes.stream().noneMatch(n -> n.startsWith("forced:")), notes.toString());
        for (Method m : Failsafe.planned()) {
            MethodRoute r = b.plan(m).route();
            assertTrue(!r.detail().isBlank(), r.method() + " says how");
        }
    }

    @Test
    void theProvidersDefaultBackendIsThisPlan() {
        LinuxBackend planned = LinuxBackend.eager(Failsafe.live(), Optional.empty());
        FastClockBackend provided = LinuxX64Provider.backend();
        for (Method m : Failsafe.planned()) {
            assertEquals(planned.plan(m).route(), provided.plan(m).route(), m.apiName());
        }
        Failsafe.assertPlansConsistent(provided);
    }
}
