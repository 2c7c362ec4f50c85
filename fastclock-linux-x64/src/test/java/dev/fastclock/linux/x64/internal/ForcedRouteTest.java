package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.MethodRoute;
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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A forced route ({@code -Dfastclock.route}) serves every method it can; the others keep their usual
 * route and their choice says why. Planned on the live environment by the production planner, as
 * {@link LinuxX64Provider#backend(Route)} does.
 */
class ForcedRouteTest {

    /** The methods the vsyscall page cannot serve, and the function each lacks there. */
    private static final Set<Method> ON_CLOCK_GETTIME = EnumSet.of(Method.NANOS, Method.COARSE_NANOS, Method.EPOCH_NANOS,
            Method.COARSE_EPOCH_MILLIS, Method.BOOT_NANOS, Method.RAW_NANOS, Method.TAI_NANOS);

    private static String vsyscallLacks(Method m) {
        return m == Method.RESOLUTION ? "clock_getres" : m == Method.TICKS ? "rdtsc" : ON_CLOCK_GETTIME.contains(m) ? "clock_gettime" : null;
    }

    @Test
    void forcedVsyscallServesItsFunctionsAndTheClocksKeepTheirUsualRoute() {
        Rseq rseq = Rseq.read();
        Optional<String> vsyscall = Routes.vsyscallProblem(Failsafe.live());
        assumeTrue(vsyscall.isEmpty(), () -> "the vsyscall page cannot be called here: " + vsyscall.orElse(""));
        LinuxBackend b = LinuxBackend.eager(Failsafe.live(), Optional.of(Route.VSYSCALL));

        assertEquals(Optional.empty(), b.forcedProblem());
        for (Method m : Method.values()) {
            Planner.Choice c = b.choice(m);
            String fn = vsyscallLacks(m);
            if (fn != null) {
                assertEquals(Failsafe.firstWithout(m, rseq, Route.VSYSCALL), c.route(), m.apiName() + " keeps its usual route");
                assertEquals(new MethodRoute.PassedOver("vsyscall (forced)",
                        "the vsyscall page has no " + fn + "; " + m.apiName() + " keeps its usual route"), c.passedOver().getFirst());
            } else {
                assertEquals(Route.VSYSCALL, c.route(), m.apiName() + " on the forced vsyscall route");
                assertEquals(List.of(), c.passedOver());
            }
        }
        Failsafe.assertReportIsTheChoices(b);
        assertEquals("forced: -Dfastclock.route=vsyscall", b.notes().getFirst());
        Failsafe.assertSane(b, true, 50);
    }

    @Test
    void forcedJdkServesEveryMethodFromTheJdkWithTheCpuUnknown() {
        LinuxBackend b = LinuxBackend.eager(Failsafe.live(), Optional.of(Route.JDK));

        assertEquals(Optional.empty(), b.forcedProblem());
        for (Method m : Method.values()) {
            Planner.Choice c = b.choice(m);
            assertEquals(Route.JDK, c.route(), m.apiName());
            assertTrue(c.call().isJdk(), m.apiName());
            assertEquals(List.of(), c.passedOver(), m.apiName());
        }
        assertFalse(b.isSupported(), "no CPU from the JDK");
        assertEquals(-1, b.cpu());
        assertEquals(-1, b.node());
        Failsafe.assertSane(b, false, 50);
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
        LinuxEnvironment env = Failsafe.live().withImages(images).withFiles(files);

        LinuxBackend b = LinuxBackend.eager(env, Optional.of(Route.JDK));
        assertEquals(Optional.empty(), b.forcedProblem());
        for (Method m : Method.values()) {
            assertEquals(new Planner.Choice(m, Route.JDK, b.choice(m).call(), Routes.jdkHow(m), List.of()), b.choice(m));
            assertTrue(b.choice(m).call().isJdk());
        }
        Failsafe.assertSane(b, false, 20);
        assertEquals(List.of("forced: -Dfastclock.route=jdk"), b.notes());
        assertEquals(0, touched.get(), "the jdk route opened nothing: no image, no file");
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"VDSO", "LIBC"})
    void forcedVdsoOrLibcServesEveryMethodButTicks(Route route) {
        Rseq rseq = Rseq.read();
        LinuxBackend b = LinuxBackend.eager(Failsafe.live(), Optional.of(route));

        for (Method m : Method.values()) {
            Planner.Choice c = b.choice(m);
            if (m == Method.TICKS) {
                // Neither has a time-stamp counter: ticks keeps its usual route, saying why.
                assertEquals(Failsafe.firstWithout(m, rseq, route), c.route());
                assertEquals(route.id() + " (forced)", c.passedOver().getFirst().route());
                assertTrue(c.passedOver().getFirst().reason().endsWith("; ticks keeps its usual route"), c.passedOver().toString());
            } else {
                assertEquals(route, c.route(), m.apiName());
                assertEquals(List.of(), c.passedOver(), m.apiName());
            }
        }
        assertTrue(b.isSupported());
        Failsafe.assertSane(b, true, 200);
    }

    @Test
    void forcedTscServesTicksOnlyAndTheRestKeepTheirUsualRoute() {
        Rseq rseq = Rseq.read();
        LinuxBackend b = LinuxBackend.eager(Failsafe.live(), Optional.of(Route.TSC));

        assertEquals(Optional.empty(), b.forcedProblem(), "forcing the TSC works even where the kernel does not trust it");
        Planner.Choice ticks = b.choice(Method.TICKS);
        assertEquals(Route.TSC, ticks.route());
        assertEquals(List.of(), ticks.passedOver());
        for (Method m : Method.values()) {
            if (m != Method.TICKS) {
                Planner.Choice c = b.choice(m);
                assertEquals(Failsafe.firstWithout(m, rseq, Route.TSC), c.route(), m.apiName());
                assertEquals("tsc (forced)", c.passedOver().getFirst().route(), m.apiName());
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
        Failsafe.assertSane(b, true, 50);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void theProvidersForcedBackendIsThePlannedOne(Route route) {
        Optional<String> vsyscall = Routes.vsyscallProblem(Failsafe.live());
        assumeTrue(route != Route.VSYSCALL || vsyscall.isEmpty(),
                () -> "the vsyscall page cannot be called here: " + vsyscall.orElse(""));
        FastClockBackend provided = LinuxX64Provider.backend(route);
        LinuxBackend planned = LinuxBackend.eager(Failsafe.live(), Optional.of(route));

        assertEquals(planned.routes(), provided.routes());
        assertEquals("forced: -Dfastclock.route=" + route.id(), provided.notes().getFirst());
        Failsafe.assertSane(provided, route != Route.JDK, 20);
    }
}
