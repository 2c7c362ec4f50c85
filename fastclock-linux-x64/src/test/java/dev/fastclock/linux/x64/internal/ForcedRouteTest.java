package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A forced route ({@code -Dfastclock.route}) serves every method it can; the others keep their usual
 * route and their plan says why. Planned on the live environment by the production planner, as
 * {@link LinuxX64Provider#backend(Route)} does; and the public {@link Route} maps onto the planner's.
 */
class ForcedRouteTest {

    /** The methods on clock_gettime, which the vsyscall page lacks. */
    private static final Set<Method> ON_CLOCK_GETTIME = EnumSet.of(Method.NANOS, Method.COARSE_NANOS, Method.EPOCH_NANOS,
            Method.COARSE_EPOCH_MILLIS, Method.BOOT_NANOS, Method.RAW_NANOS, Method.TAI_NANOS);

    /** The function the vsyscall page lacks for {@code m}, or null where it serves it. */
    private static String vsyscallLacks(Method m) {
        return switch (m) {
            case RESOLUTION -> "clock_getres";
            case TICKS -> "rdtsc";
            case CLOCK_STATUS -> "adjtimex";
            default -> ON_CLOCK_GETTIME.contains(m) ? "clock_gettime" : null;
        };
    }

    @Test
    void thePublicRoutesAreThePlannersInAnyCase() {
        for (Route r : Route.values()) {
            assertEquals(r.name(), RouteId.valueOf(r.name()).name());
            assertEquals(RouteId.valueOf(r.name()).id(), r.id());
            assertSame(r, Route.of(r.id().toUpperCase(java.util.Locale.ROOT)), "case-insensitive");
            assertSame(r, Route.of(" " + r.id() + " "));
        }
        assertEquals(Route.values().length, RouteId.values().length);
        assertEquals(Route.PROPERTY, RouteId.PROPERTY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Route.of("garbage"));
        assertEquals("-Dfastclock.route=garbage names no route; the routes are vdso, libc, vsyscall, tsc, jdk (in any case)", e.getMessage());
    }

    @Test
    void forcedVsyscallServesItsFunctionsAndTheClocksKeepTheirUsualRoute() {
        Rseq rseq = Rseq.read();
        Optional<String> vsyscall = Routes.vsyscallProblem(Failsafe.live());
        assumeTrue(vsyscall.isEmpty(), () -> "the vsyscall page cannot be called here: " + vsyscall.orElse(""));
        LinuxBackend b = LinuxBackend.eager(Failsafe.live(), Optional.of(RouteId.VSYSCALL));

        assertEquals(Optional.empty(), b.forcedProblem());
        for (Method m : Failsafe.planned()) {
            if (m == Method.IS_SUPPORTED) {
                continue; // follows cpu and node
            }
            Plan p = b.plan(m);
            String fn = vsyscallLacks(m);
            if (fn != null) {
                assertEquals(Failsafe.firstWithout(m, rseq, RouteId.VSYSCALL), Failsafe.routeId(p), m.apiName() + " keeps its usual route");
                String why = m == Method.CLOCK_STATUS ? "the vsyscall route has no adjtimex" : "the vsyscall page has no " + fn;
                assertEquals(new MethodRoute.PassedOver("vsyscall (forced)", why + "; " + m.apiName() + " keeps its usual route"),
                        p.route().passedOver().getFirst());
            } else {
                assertEquals(RouteId.VSYSCALL, Failsafe.routeId(p), m.apiName() + " on the forced vsyscall route");
                assertEquals(List.of(), p.route().passedOver());
            }
        }
        Failsafe.assertPlansConsistent(b);
        assertEquals("forced: -Dfastclock.route=vsyscall", b.notes().getFirst());
        Failsafe.assertSane(b, true, 50);
    }

    @Test
    void forcedJdkServesEveryMethodFromTheJdkWithTheCpuUnknown() {
        Facade b = new Facade(LinuxBackend.eager(Failsafe.live(), Optional.of(RouteId.JDK)));

        assertEquals(Optional.empty(), ((LinuxBackend) b.backend()).forcedProblem());
        for (Method m : Failsafe.planned()) {
            Plan p = b.plan(m);
            assertEquals(RouteId.JDK, b.route(m), m.apiName());
            assertEquals(List.of(), p.route().passedOver(), m.apiName());
            assertNull(p.warning(), m.apiName() + ": forced, nothing to warn of");
        }
        assertFalse(b.isSupported(), "no CPU from the JDK");
        assertEquals(-1, b.cpu());
        assertEquals(-1, b.node());
        Failsafe.assertPlansConsistent(b.backend());
        Failsafe.assertSane(b.backend(), false, 50);
    }

    @Test
    void forcedJdkPlansNothingNativeAndReadsNothing() {
        AtomicInteger touched = new AtomicInteger();
        LinuxEnvironment.ImageReader images = (base, size) -> {
            touched.incrementAndGet();
            throw new AssertionError("the image was read");
        };
        LinuxEnvironment.Files files = new LinuxEnvironment.Files() {
            @Override
            public Optional<String> read(String path) {
                touched.incrementAndGet();
                throw new AssertionError("read " + path);
            }

            @Override
            public List<String> list(String dir) {
                touched.incrementAndGet();
                throw new AssertionError("listed " + dir);
            }
        };
        LinuxEnvironment.Adjtimex adjtimex = t -> {
            touched.incrementAndGet();
            throw new AssertionError("adjtimex was called");
        };
        LinuxEnvironment env = Failsafe.live().withImages(images).withFiles(files).withAdjtimex(adjtimex);

        LinuxBackend b = LinuxBackend.eager(env, Optional.of(RouteId.JDK));
        assertEquals(Optional.empty(), b.forcedProblem());
        for (Method m : Failsafe.planned()) {
            Plan p = b.plan(m);
            if (m != Method.IS_SUPPORTED) {
                assertEquals(Plan.jdk(m, List.of()).route(), p.route(), m.apiName() + ": the catalogue's JDK answer");
                assertSame(m.jdk(), p.reader(), m.apiName());
            }
        }
        Failsafe.assertSane(b, false, 20);
        assertEquals(List.of("forced: -Dfastclock.route=jdk"), b.notes());
        assertEquals(0, touched.get(), "the jdk route opened nothing: no image, no file, no adjtimex");
    }

    @ParameterizedTest
    @EnumSource(value = RouteId.class, names = {"VDSO", "LIBC"})
    void forcedVdsoOrLibcServesEveryMethodButTicks(RouteId route) {
        Rseq rseq = Rseq.read();
        LinuxBackend b = LinuxBackend.eager(Failsafe.live(), Optional.of(route));

        for (Method m : Failsafe.planned()) {
            Plan p = b.plan(m);
            if (m == Method.TICKS) {
                // Neither has a time-stamp counter: ticks keeps its usual route, saying why.
                assertEquals(Failsafe.firstWithout(m, rseq, route), Failsafe.routeId(p));
                assertEquals(route.id() + " (forced)", p.route().passedOver().getFirst().route());
                assertTrue(p.route().passedOver().getFirst().reason().endsWith("; ticks keeps its usual route"), p.route().passedOver().toString());
            } else if (m == Method.CLOCK_STATUS && route == RouteId.VDSO) {
                // The vDSO has no adjtimex: libc's, saying why.
                assertEquals(RouteId.LIBC, Failsafe.routeId(p));
                assertEquals(List.of(new MethodRoute.PassedOver("vdso (forced)", "the vdso route has no adjtimex; clockStatus keeps its usual route")),
                        p.route().passedOver());
            } else {
                assertEquals(route, Failsafe.routeId(p), m.apiName());
                assertEquals(List.of(), p.route().passedOver(), m.apiName());
            }
        }
        assertTrue(new Facade(b).isSupported());
        Failsafe.assertPlansConsistent(b);
        Failsafe.assertSane(b, true, 200);
    }

    @Test
    void forcedTscServesTicksOnlyAndTheRestKeepTheirUsualRoute() {
        Rseq rseq = Rseq.read();
        LinuxBackend lb = LinuxBackend.eager(Failsafe.live(), Optional.of(RouteId.TSC));
        Facade b = new Facade(lb);

        assertEquals(Optional.empty(), lb.forcedProblem(), "forcing the TSC works even where the kernel does not trust it");
        Plan ticks = b.plan(Method.TICKS);
        assertEquals(RouteId.TSC, b.route(Method.TICKS));
        assertEquals(List.of(), ticks.route().passedOver());
        assertEquals(Failsafe.tscTrusted() ? null
                : "-Dfastclock.route=tsc forces the time-stamp counter although the kernel does not trust it: " + TscTrust.live().reason(),
                ticks.warning(), "one warning, only where the kernel does not trust the counter");
        for (Method m : Failsafe.planned()) {
            if (m != Method.TICKS && m != Method.IS_SUPPORTED) {
                Plan p = b.plan(m);
                assertEquals(Failsafe.firstWithout(m, rseq, RouteId.TSC), Failsafe.routeId(p), m.apiName());
                assertEquals("tsc (forced)", p.route().passedOver().getFirst().route(), m.apiName());
                assertNull(p.warning(), m.apiName() + " keeps its usual route: nothing to warn of");
            }
        }
        // The counter counts up, and about as fast as time passes (a GHz-class counter, not a constant).
        long t0 = b.ticks();
        long n0 = System.nanoTime();
        long t1;
        do {
            t1 = b.ticks();
            assertTrue(t1 >= t0, "ticks() went back: " + t0 + " then " + t1);
        } while (System.nanoTime() - n0 < 20_000_000L);
        long elapsed = System.nanoTime() - n0;
        double perNs = (t1 - t0) / (double) elapsed;
        assertTrue(perNs > 0.1 && perNs < 10, "ticks per ns over 20 ms: " + perNs);
        Failsafe.assertPlansConsistent(lb);
        Failsafe.assertSane(lb, true, 50);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void theProvidersForcedBackendIsThePlannedOne(Route route) {
        Optional<String> vsyscall = Routes.vsyscallProblem(Failsafe.live());
        assumeTrue(route != Route.VSYSCALL || vsyscall.isEmpty(),
                () -> "the vsyscall page cannot be called here: " + vsyscall.orElse(""));
        FastClockBackend provided = LinuxX64Provider.backend(route);
        LinuxBackend planned = LinuxBackend.eager(Failsafe.live(), Optional.of(RouteId.valueOf(route.name())));

        for (Method m : Failsafe.planned()) {
            assertEquals(planned.plan(m).route(), provided.plan(m).route(), m.apiName());
        }
        assertEquals("forced: -Dfastclock.route=" + route.id(), provided.notes().getFirst());
        Failsafe.assertPlansConsistent(provided);
        Failsafe.assertSane(provided, route != Route.JDK, 20);
    }
}
