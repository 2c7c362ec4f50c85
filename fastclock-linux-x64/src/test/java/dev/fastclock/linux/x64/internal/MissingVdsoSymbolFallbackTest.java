package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.elf.VdsoImage;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
        CLOCK_GETTIME("clock_gettime", EnumSet.of(Method.NANOS, Method.COARSE_NANOS, Method.EPOCH_NANOS, Method.COARSE_EPOCH_MILLIS,
                Method.BOOT_NANOS, Method.RAW_NANOS, Method.TAI_NANOS)),
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
        LinuxEnvironment env = without(missing);
        Routes.Fns t = Routes.vdso(env);
        int[] nodes = Routes.nodeTable(env.files());

        assertNull(t.unavailable(), "the route stays available with four of five functions");
        assertTrue(t.summary().contains("4 of 5 functions"), t.summary());
        assertEquals(Set.of(Fn.valueOf(missing.name())), t.absent().keySet());
        for (Row row : Row.values()) {
            Method m = row.method;
            Routes.Result r = Routes.serve(t, row, nodes);
            if (m == Method.TICKS) {
                assertNull(r.served(), "the vDSO has no time-stamp counter");
            } else if (m == Method.CLOCK_STATUS) {
                assertNull(r.served(), "the vDSO has no adjtimex");
            } else if (missing.methods.contains(m)) {
                assertNull(r.served(), m.apiName() + " is not served without " + missing.symbol());
                assertEquals("the vDSO exports no " + missing.symbol() + "@LINUX_2.6", r.whyNot(), m.apiName());
            } else {
                assertNotNull(r.served(), m.apiName() + " is still served without " + missing.symbol());
            }
        }
        if (missing == Missing.CLOCK_GETTIME) {
            assertTrue(Routes.serve(t, Row.EPOCH_MILLIS, nodes).served().how().contains("gettimeofday"),
                    "epochMillis is derived from gettimeofday when clock_gettime is missing");
        }
    }

    @ParameterizedTest
    @EnumSource(Missing.class)
    void withTheVdsoForcedTheMissingMethodsKeepTheirUsualRouteAndTheRestStayOnTheVdso(Missing missing) {
        Rseq rseq = Rseq.read();
        LinuxBackend b = LinuxBackend.eager(without(missing), Optional.of(RouteId.VDSO));

        assertEquals(Optional.empty(), b.forcedProblem(), "the route is there, just without one function");
        for (Method m : Failsafe.planned()) {
            Plan p = b.plan(m);
            boolean missed = missing.methods.contains(m) || m == Method.IS_SUPPORTED && missing == Missing.GETCPU;
            if (missed && m != Method.IS_SUPPORTED) {
                assertEquals(Failsafe.firstWithout(m, rseq, RouteId.VDSO), Failsafe.routeId(p), m.apiName() + " keeps its usual route");
                assertEquals(new MethodRoute.PassedOver("vdso (forced)", "the vDSO exports no " + missing.symbol()
                        + "@LINUX_2.6; " + m.apiName() + " keeps its usual route"), p.route().passedOver().getFirst());
            } else if (!missed && m != Method.TICKS && m != Method.CLOCK_STATUS) {
                assertEquals(RouteId.VDSO, Failsafe.routeId(p), m.apiName() + " stays on the forced vdso");
                assertEquals(List.of(), p.route().passedOver());
            }
        }
        Failsafe.assertPlansConsistent(b);
        Failsafe.assertSane(b, true, 50);
    }

    @Test
    void withoutGetcpuByDefaultNodeAndCpuAreOnLibcAndTheClocksStayOnTheVdso() {
        Rseq rseq = Rseq.read();
        LinuxBackend b = LinuxBackend.eager(without(Missing.GETCPU), Optional.empty());

        for (Method m : EnumSet.of(Method.CPU, Method.NODE)) {
            Plan p = b.plan(m);
            assertEquals(RouteId.LIBC, Failsafe.routeId(p), m.apiName() + ": libc either way (first with rseq, next without)");
            if (rseq.registered()) {
                assertEquals(List.of(), p.route().passedOver(), m.apiName() + ": libc first, the vdso never tried");
            } else {
                Failsafe.assertPassedOver(p, RouteId.VDSO, "the vDSO exports no __vdso_getcpu@LINUX_2.6");
            }
        }
        for (Method m : EnumSet.of(Method.COARSE_NANOS, Method.EPOCH_NANOS, Method.EPOCH_MICROS, Method.COARSE_EPOCH_MILLIS,
                Method.EPOCH_SECONDS, Method.RESOLUTION, Method.BOOT_NANOS, Method.RAW_NANOS, Method.TAI_NANOS)) {
            assertEquals(RouteId.VDSO, Failsafe.routeId(b.plan(m)), m.apiName() + " stays on the vdso");
        }
        Failsafe.assertPlansConsistent(b);
        Failsafe.assertSane(b, true, 50);
    }
}
