package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.Route;
import dev.fastclock.linux.x64.VdsoImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vDSO without one of its functions (a heap copy of the live image with one {@code __vdso_*} name
 * renamed in the string table, offsets untouched, so calls still go to the real mapping): only the
 * methods of that function leave the vdso route; every other method stays on it.
 */
class MissingVdsoSymbolFallbackTest {

    /** Each vDSO function and the methods the vdso route serves only through it. */
    enum Missing {
        CLOCK_GETTIME("clock_gettime", EnumSet.of(Method.NANOS, Method.COARSE_NANOS, Method.EPOCH_NANOS, Method.COARSE_EPOCH_MILLIS)),
        CLOCK_GETRES("clock_getres", EnumSet.of(Method.RESOLUTION)),
        GETTIMEOFDAY("gettimeofday", EnumSet.of(Method.EPOCH_MICROS)),
        TIME("time", EnumSet.of(Method.EPOCH_SECONDS)),
        GETCPU("getcpu", EnumSet.of(Method.CPU, Method.NODE));

        final String cName;
        final Set<Method> methods;

        Missing(String cName, Set<Method> methods) {
            this.cName = cName;
            this.methods = methods;
        }

        String symbol() {
            return "__vdso_" + cName;
        }

        /** The same length, the prefix changed so the plain alias (possibly a shared tail) stays. */
        String renamed() {
            return "__vdsX_" + cName;
        }
    }

    private static LinuxEnvironment without(Missing missing) {
        byte[] image = Failsafe.liveImageCopy();
        assertEquals(1, Failsafe.renameString(image, missing.symbol(), missing.renamed()),
                "the string table holds " + missing.symbol() + " once");
        VdsoImage damaged = VdsoImage.parse(MemorySegment.ofArray(image));
        assertTrue(damaged.offsetOf(missing.symbol(), Routes.VDSO_VERSION).isEmpty(), "the copy lacks " + missing.symbol());
        assertEquals(Failsafe.LIVE_VDSO.image().offsetOf(missing.cName, Routes.VDSO_VERSION),
                damaged.offsetOf(missing.cName, Routes.VDSO_VERSION), "the plain alias " + missing.cName + " is untouched");
        return Failsafe.live().withImages(new Failsafe.HeapImages(image));
    }

    @ParameterizedTest
    @EnumSource(Missing.class)
    void onlyTheMissingFunctionsMethodsLeaveTheVdsoRoute(Missing missing) {
        RouteTable t = Routes.vdso(without(missing));

        assertEquals(Optional.empty(), t.unavailableReason(), "the route stays available with four of five functions");
        assertTrue(t.summary().orElseThrow().contains("4 of 5 functions"), t.summary().orElseThrow());
        for (Method m : Method.values()) {
            if (missing.methods.contains(m)) {
                assertTrue(t.served(m).isEmpty(), m.apiName() + " is not served without " + missing.symbol());
                assertEquals("the vDSO exports no " + missing.symbol() + "@LINUX_2.6", t.whyNot(m));
            } else {
                assertTrue(t.served(m).isPresent(), m.apiName() + " is still served without " + missing.symbol());
            }
        }
        if (missing == Missing.CLOCK_GETTIME) {
            assertTrue(t.served(Method.EPOCH_MILLIS).orElseThrow().how().contains("gettimeofday"),
                    "epochMillis is derived from gettimeofday when clock_gettime is missing");
        }
    }

    @ParameterizedTest
    @EnumSource(Missing.class)
    void withTheVdsoForcedTheMissingMethodsKeepTheirUsualRouteAndTheRestStayOnTheVdso(Missing missing) {
        Rseq rseq = Rseq.read();
        Planner.Plan plan = Planner.plan(without(missing), Optional.of(Route.VDSO), rseq);

        assertNull(plan.failure(), "the route is there, just without one function");
        for (Method m : Method.values()) {
            Planner.Choice c = plan.choices().get(m);
            if (missing.methods.contains(m)) {
                Route usual = Failsafe.firstWithout(m, rseq, Route.VDSO);
                assertEquals(usual, c.route(), m.apiName() + " keeps its usual route");
                assertTrue(c.passedOver().getFirst().equals("vdso (forced): the vDSO exports no " + missing.symbol()
                        + "@LINUX_2.6; " + m.apiName() + " keeps its usual route"), c.passedOver().toString());
            } else {
                assertEquals(Route.VDSO, c.route(), m.apiName() + " stays on the forced vdso");
                assertEquals(0, c.passedOver().size(), c.passedOver().toString());
            }
        }
        Failsafe.assertSane(plan.backend(), true, 50);
    }

    @Test
    void withoutGetcpuByDefaultNodeMovesToLibcAndTheClocksStayOnTheVdso() {
        Rseq rseq = Rseq.read();
        Planner.Plan plan = Planner.plan(without(Missing.GETCPU), Optional.empty(), rseq);

        assertEquals(Route.LIBC, plan.choices().get(Method.NODE).route());
        Failsafe.assertPassedOver(plan.choices().get(Method.NODE), Route.VDSO, "the vDSO exports no __vdso_getcpu@LINUX_2.6");
        assertEquals(Route.LIBC, plan.choices().get(Method.CPU).route(),
                "cpu: libc either way (first with rseq, next without)");
        for (Method m : EnumSet.of(Method.COARSE_NANOS, Method.EPOCH_NANOS, Method.EPOCH_MICROS, Method.COARSE_EPOCH_MILLIS,
                Method.EPOCH_SECONDS, Method.RESOLUTION)) {
            assertEquals(Route.VDSO, plan.choices().get(m).route(), m.apiName() + " stays on the vdso");
        }
        assertTrue(Failsafe.describeOf(plan, Method.NODE).contains("passed over: vdso: the vDSO exports no __vdso_getcpu"),
                plan.backend().describeRoutes());
        Failsafe.assertSane(plan.backend(), true, 50);
    }
}
