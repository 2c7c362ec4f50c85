package dev.fastclock.linux.x64.internal;

import dev.fastclock.FastClock;
import dev.fastclock.Report;
import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17's "a method added to the API but not to the provider is answered silently by the SPI
 * default": here it fails. Every planned method of the catalogue has a Linux {@link Row}
 * ({@link Method#IS_SUPPORTED} excepted, which the planner derives from the CPU and the node); each row's
 * sanity check passes on every route that serves it here, its default route first; and every backend
 * the provider builds, on every route available here, has a plan of its own for every planned method,
 * none left to FastClock's SPI default (the route {@value #SPI_DEFAULT}).
 */
class RowCoverageTest {

    /** The route FastClock's report shows for a method a backend does not plan ({@code dev.fastclock.internal.Active}'s, not exported). */
    static final String SPI_DEFAULT = "spi-default";

    @Test
    void everyPlannedMethodOfTheCatalogueHasARowButIsSupported() {
        List<Method> rowless = new ArrayList<>();
        for (Method m : Method.values()) {
            Row r = Row.of(m);
            if (r != null) {
                assertSame(m, r.method, "the row of " + m.apiName() + " is its own");
                assertTrue(m.planned(), m.apiName() + ": a row for a method that is not planned on its own");
            } else if (m.planned()) {
                rowless.add(m);
            }
        }
        assertEquals(List.of(Method.IS_SUPPORTED), rowless, "planned methods without a Linux row (only isSupported, derived from cpu and node)");
        assertEquals(Failsafe.planned().size() - 1, Row.values().length, "one row per planned method");
        for (Row r : Row.values()) {
            assertEquals(r.name(), r.method.name(), "a row is named as its method");
            assertTrue(!r.ways.isEmpty(), r.apiName() + " has a way");
            assertTrue(r.order(new Rseq(32, 0)).contains(RouteId.JDK) && r.order(new Rseq(0, 0)).contains(RouteId.JDK),
                    r.apiName() + " can fall to the JDK");
        }
    }

    @Test
    void aClockRowReadsItsCatalogueClockInItsUnit() {
        for (Row r : Row.values()) {
            Method.Clock clock = r.method.clock();
            for (Row.Way w : r.ways) {
                if (w.fn() == Fn.CLOCK_GETTIME) {
                    assertNotNull(clock, r.apiName() + " reads clock_gettime: the catalogue gives it a clock");
                    assertEquals(clock.linuxId(), w.arg(), r.apiName() + " asks for " + clock.cName());
                    assertEquals(r.method.unit() == Method.Unit.MILLISECONDS ? Call.NS_TO_MS : Call.RAW, w.post(), r.apiName() + "'s unit");
                    assertTrue(w.note().startsWith(clock.cName()), r.apiName() + ": the report names the clock: " + w.note());
                }
            }
        }
    }

    /** Every route a row can be served on here: its default order, then the rest (the TSC forced, as a test may). */
    private static List<RouteId> routesHere(Row r, Rseq rseq) {
        List<RouteId> out = new ArrayList<>(r.order(rseq));
        for (RouteId id : RouteId.values()) {
            if (!out.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    @Test
    void everyRowsSanityCheckPassesOnEveryRouteThatServesItHereItsDefaultFirst() {
        Rseq rseq = Rseq.read();
        LinuxEnvironment env = Failsafe.live();
        int[] nodes = Routes.nodeTable(env.files());
        TscTrust.Verdict tsc = TscTrust.live();
        List<String> checked = new ArrayList<>();
        for (Row r : Row.values()) {
            if (r == Row.CLOCK_STATUS) {
                continue; // below: not a Call
            }
            boolean defaultChecked = false;
            for (RouteId id : routesHere(r, rseq)) {
                Routes.Fns fns = switch (id) {
                    case VDSO -> Routes.vdso(env);
                    case LIBC -> Routes.libc();
                    case VSYSCALL -> Routes.vsyscall(env);
                    case TSC -> Routes.tsc(tsc, true); // forced: the counter is read wherever the kernel trusts it or not
                    case JDK -> null;
                };
                if (fns == null) {
                    defaultChecked = true; // the JDK's answer needs no check: it is the reference
                    continue;
                }
                Routes.Result res = Routes.serve(fns, r, nodes);
                if (res.served() == null) {
                    continue; // this route has no way for the row here (the reason is tested elsewhere)
                }
                assertEquals(Optional.empty(), r.check(res.served().call()), r.apiName() + " on " + id.id() + ": " + res.served().how());
                checked.add(r.apiName() + "@" + id.id());
                if (!defaultChecked && (id != RouteId.TSC || tsc.trusted())) {
                    defaultChecked = true; // the first available route of the order: the default one
                }
            }
            assertTrue(defaultChecked, r.apiName() + " was checked on its default route");
        }
        // clockStatus: libc's adjtimex, the real call.
        Routes.Fns libc = Routes.libc();
        Long adjtimex = libc.addresses().get(Fn.ADJTIMEX);
        assertNotNull(adjtimex, "libc exports adjtimex");
        assertEquals(Optional.empty(), Row.checkStatus(new StatusCall(StatusCall.libc(adjtimex))), "clockStatus on libc");
        System.out.println("sanity checks passed: " + checked + ", clockStatus@libc");
        assertTrue(checked.size() >= 2 * (Row.values().length - 2), "most rows checked on two routes or more: " + checked);
    }

    /** The routes {@link LinuxX64Provider#backend(Route)} can be built on here. */
    private static List<Route> routesAvailable() {
        List<Route> out = new ArrayList<>();
        for (Route r : Route.values()) {
            if (r != Route.VSYSCALL || Routes.vsyscallProblem(Failsafe.live()).isEmpty()) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void everyBackendPlansEveryPlannedMethodItselfOnEveryRoute() throws ReflectiveOperationException {
        // The tests run on the class path, where the API's internal package can be read by reflection.
        assertEquals(SPI_DEFAULT, Class.forName("dev.fastclock.internal.Active").getField("SPI_DEFAULT_ROUTE").get(null));
        List<String> seen = new ArrayList<>();
        List<FastClockBackend> backends = new ArrayList<>();
        backends.add(LinuxX64Provider.backend());
        List<Route> routes = routesAvailable();
        for (Route r : routes) {
            backends.add(LinuxX64Provider.backend(r));
        }
        backends.add(new LinuxX64Provider().create());
        assertTrue(routes.containsAll(EnumSet.of(Route.VDSO, Route.LIBC, Route.TSC, Route.JDK)), routes.toString());
        for (FastClockBackend b : backends) {
            for (Method m : Failsafe.planned()) {
                Plan p = b.plan(m);
                assertNotNull(p, b + " leaves " + m.apiName() + " to the SPI default");
                assertNotEquals(SPI_DEFAULT, p.route().route(), m.apiName());
                assertEquals(m.apiName(), p.route().method());
                Failsafe.routeId(p); // a route of this provider's
            }
            Failsafe.assertPlansConsistent(b);
            seen.add(b.notes().isEmpty() || !b.notes().getFirst().startsWith("forced: ") ? "default" : b.notes().getFirst());
        }
        System.out.println("every planned method planned by " + seen);
    }

    @Test
    void theConversionsComeWithTicksAndAreNotPlannedOnTheirOwn() {
        for (Method m : Method.values()) {
            if (!m.planned()) {
                assertNull(Row.of(m), m.apiName());
                assertSame(Method.TICKS, m.plannedAs(), m.apiName() + " comes with ticks' plan");
            }
        }
        assertEquals(Set.of(Method.TICKS_TO_NANOS, Method.TICKS_PER_SECOND),
                EnumSet.complementOf(EnumSet.copyOf(Failsafe.planned())), "the catalogue's methods that are not planned on their own");
    }

    @Test
    void theFacadeReportsEveryPlannedMethodAndNoneOnTheSpiDefault() {
        // This JVM's FastClock chose this module's provider (the class path has it): its report lists every
        // planned method of the catalogue, in order, each on a route of this provider's.
        Report r = FastClock.report();
        assertEquals(LinuxX64Provider.NAME, r.provider(), FastClock.describe());
        List<String> names = new ArrayList<>();
        for (MethodRoute m : r.methods()) {
            names.add(m.method());
            assertNotEquals(SPI_DEFAULT, m.route(), m.method() + ": " + FastClock.describe());
            assertTrue(java.util.Arrays.stream(RouteId.values()).anyMatch(id -> id.id().equals(m.route())), m.toString());
        }
        assertEquals(Failsafe.planned().stream().map(Method::apiName).toList(), names);
        for (Method m : Method.values()) {
            FastClock.read(m); // every catalogue method answers through the facade
        }
    }
}
