package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A forced route ({@code -Dfastclock.route}) serves every method it can; the others keep their usual
 * route and the plan says why. Planned on the live environment, as {@link LinuxX64Provider#backend(Route)} does.
 */
class ForcedRouteTest {

    private static final Set<Method> NO_CLOCK_GETTIME = EnumSet.of(Method.NANOS, Method.COARSE_NANOS, Method.EPOCH_NANOS,
            Method.COARSE_EPOCH_MILLIS);

    @Test
    void forcedVsyscallServesItsFunctionsAndTheClocksKeepTheirUsualRoute() {
        Rseq rseq = Rseq.read();
        Optional<String> vsyscall = Routes.vsyscallProblem(Failsafe.live());
        assumeTrue(vsyscall.isEmpty(),
                () -> "the vsyscall page cannot be called here: " + vsyscall.orElse(""));
        Planner.Plan plan = Planner.plan(Failsafe.live(), Optional.of(Route.VSYSCALL), rseq);

        assertNull(plan.failure());
        for (Method m : Method.values()) {
            Planner.Choice c = plan.choices().get(m);
            if (NO_CLOCK_GETTIME.contains(m) || m == Method.RESOLUTION) {
                String fn = m == Method.RESOLUTION ? "clock_getres" : "clock_gettime";
                assertEquals(Failsafe.firstWithout(m, rseq, Route.VSYSCALL), c.route(), m.apiName() + " keeps its usual route");
                assertEquals("vsyscall (forced): the vsyscall page has no " + fn + "; " + m.apiName() + " keeps its usual route",
                        c.passedOver().getFirst());
                assertTrue(Failsafe.describeOf(plan, m).contains("passed over: vsyscall (forced): the vsyscall page has no " + fn),
                        plan.backend().describeRoutes());
            } else {
                assertEquals(Route.VSYSCALL, c.route(), m.apiName() + " on the forced vsyscall route");
                assertEquals(0, c.passedOver().size(), c.passedOver().toString());
            }
        }
        assertTrue(plan.backend().describeRoutes().startsWith("forced: -Dfastclock.route=vsyscall\n"),
                plan.backend().describeRoutes());
        Failsafe.assertSane(plan.backend(), true, 50);
    }

    @Test
    void forcedJdkServesEveryMethodFromTheJdkWithTheCpuUnknown() {
        Planner.Plan plan = Planner.plan(Failsafe.live(), Optional.of(Route.JDK), Rseq.read());

        assertNull(plan.failure());
        for (Method m : Method.values()) {
            assertEquals(Route.JDK, plan.choices().get(m).route(), m.apiName());
            assertEquals(0, plan.choices().get(m).passedOver().size(), m.apiName());
        }
        assertFalse(plan.backend().isSupported(), "no CPU from the JDK");
        assertEquals(-1, plan.backend().cpu());
        assertEquals(-1, plan.backend().node());
        assertEquals(Set.of(Route.JDK), plan.tables().keySet(), "forcing the jdk opens no native route");
        Failsafe.assertSane(plan.backend(), false, 50);
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"VDSO", "LIBC"})
    void forcedVdsoOrLibcServesEveryMethod(Route route) {
        Planner.Plan plan = Planner.plan(Failsafe.live(), Optional.of(route), Rseq.read());

        assertNull(plan.failure());
        for (Method m : Method.values()) {
            assertEquals(route, plan.choices().get(m).route(), m.apiName());
            assertEquals(0, plan.choices().get(m).passedOver().size(), m.apiName() + ": " + plan.choices().get(m).passedOver());
        }
        assertTrue(plan.backend().isSupported());
        Failsafe.assertSane(plan.backend(), true, 200);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void theProvidersForcedBackendIsThePlannedOne(Route route) {
        // LinuxX64Provider.backend(route) plans the live environment: same routes, and describe() says it was forced.
        Optional<String> vsyscall = Routes.vsyscallProblem(Failsafe.live());
        assumeTrue(route != Route.VSYSCALL || vsyscall.isEmpty(),
                () -> "the vsyscall page cannot be called here: " + vsyscall.orElse(""));
        FastClockBackend b = LinuxX64Provider.backend(route);
        Map<Method, Route> planned = Failsafe.routes(Planner.plan(Failsafe.live(), Optional.of(route), Rseq.read()));

        String describe = b.describeRoutes();
        assertTrue(describe.startsWith("forced: -Dfastclock.route=" + route.id() + "\n"), describe);
        for (Method m : Method.values()) {
            assertTrue(describe.lines().anyMatch(l -> l.matches(m.apiName() + " +" + planned.get(m).id() + " .*")),
                    m.apiName() + " on " + planned.get(m).id() + " in:\n" + describe);
        }
        Failsafe.assertSane(b, route != Route.JDK, 20);
    }
}
