package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fastclock.Report;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routes the Linux provider must take on this machine, read from the report as data
 * ({@link MethodRoute}: method, route, detail, the routes passed over and why), never from its text. Every list
 * here derives from the catalogue ({@link Method}): a method added to it is expected in every report, on the route
 * its clock and unit call for, without touching this class.
 */
final class Routing {

    /** Every method the report lists: the catalogue's planned methods, by API name, in catalogue order. */
    static final List<String> METHODS = Arrays.stream(Method.values()).filter(Method::planned).map(Method::apiName).toList();

    /**
     * The clocks the JDK serves by default although the vDSO has them: HotSpot calls the same vDSO clock_gettime
     * from C, with no FFM transition, for {@code System.nanoTime()} and {@code System.currentTimeMillis()}, and
     * no FFM route was measured faster (the provider's measured order, fastclock-linux-x64's {@code Row}).
     */
    static final Set<Method> MEASURED_JDK_FIRST = Set.of(Method.NANOS, Method.EPOCH_MILLIS);

    private Routing() {
    }

    /**
     * The default route of each method here (vDSO mapped, glibc 2.35+), from its catalogue row: a clock reading on
     * the vDSO (but {@link #MEASURED_JDK_FIRST} on the JDK); {@code ticks} on the TSC where the kernel trusts it,
     * else the JDK; {@code resolutionNanos} on the vDSO's clock_getres; {@code cpu} on libc's rseq-backed
     * sched_getcpu and {@code node} on it plus the kernel's CPU-to-node table, both on the vDSO's getcpu when rseq
     * is off; {@code isSupported} where {@code cpu} is; {@code clockStatus} on libc's adjtimex (the vDSO has none).
     */
    static Map<String, String> defaults(boolean rseqRegistered) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Method method : Method.values()) {
            if (method.planned()) {
                m.put(method.apiName(), defaultRoute(method, rseqRegistered));
            }
        }
        return supportedFollowsCpu(m);
    }

    private static String defaultRoute(Method m, boolean rseq) {
        if (m.clock() != null) {
            return MEASURED_JDK_FIRST.contains(m) ? "jdk" : "vdso";
        }
        return switch (m.unit()) {
            case TICKS -> Machine.tscTrusted() ? "tsc" : "jdk";
            case NANOSECONDS -> "vdso"; // resolutionNanos: clock_getres
            case CPU -> rseq ? "libc" : "vdso";
            case NODE -> rseq && Machine.nodeTable() ? "libc" : "vdso";
            case BOOLEAN -> "(follows cpu)";
            case STATUS -> "libc";
            case MICROSECONDS, MILLISECONDS, SECONDS, TICKS_PER_SECOND -> throw new AssertionError("no default route known for " + m);
        };
    }

    /** {@code isSupported}: on the route of {@code cpu} where {@code cpu} and {@code node} are native, else {@code jdk}. */
    private static Map<String, String> supportedFollowsCpu(Map<String, String> m) {
        String cpu = m.get(Method.CPU.apiName());
        String node = m.get(Method.NODE.apiName());
        m.put(Method.IS_SUPPORTED.apiName(), cpu.equals("jdk") || node.equals("jdk") ? "jdk" : cpu);
        return m;
    }

    /** The routes with {@code -Dfastclock.route=route}: that route wherever it can serve, the default elsewhere. */
    static Map<String, String> forced(Route route) {
        Map<String, String> m = defaults(Machine.rseqRegistered());
        for (Method method : Method.values()) {
            if (method.planned() && serves(route, method)) {
                m.put(method.apiName(), route.id());
            }
        }
        return supportedFollowsCpu(m);
    }

    /** Whether {@code route} can serve {@code method} at all, from the functions each route has. */
    static boolean serves(Route route, Method method) {
        return switch (route) {
            // clock_gettime, clock_getres, getcpu; no counter, no adjtimex
            case VDSO -> method.unit() != Method.Unit.TICKS && method.unit() != Method.Unit.STATUS;
            // the same, and adjtimex
            case LIBC -> method.unit() != Method.Unit.TICKS;
            // gettimeofday (CLOCK_REALTIME to the microsecond, and coarser units of it), time (seconds), getcpu
            case VSYSCALL -> method.clock() == Method.Clock.REALTIME && method.unit().nanos() >= Method.Unit.MICROSECONDS.nanos()
                    || method.unit() == Method.Unit.SECONDS
                    || method.unit() == Method.Unit.CPU || method.unit() == Method.Unit.NODE || method.unit() == Method.Unit.BOOLEAN;
            case TSC -> method.unit() == Method.Unit.TICKS;
            case JDK -> true;
        };
    }

    /** Method to route. */
    static Map<String, String> table(List<MethodRoute> methods) {
        Map<String, String> m = new LinkedHashMap<>();
        for (MethodRoute r : methods) {
            m.putIfAbsent(r.method(), r.route());
        }
        return m;
    }

    /** One method's route, failing if the report does not have it. */
    static MethodRoute method(Report report, String method) {
        return report.method(method).orElseGet(() -> fail("the report has no route for " + method + ":\n" + report));
    }

    /**
     * Asserts the routes are {@code expected}, method by method and in order. One tolerance: {@code ticks} expected
     * on {@code tsc} may be on {@code jdk} when the report says the TSC could not be calibrated (a loaded machine:
     * the calibration gives up rather than hand out readings it cannot convert), which is the provider's
     * documented, safe fallback, not a wrong route.
     */
    static void assertRoutes(Map<String, String> expected, List<MethodRoute> methods, Object context) {
        Map<String, String> actual = table(methods);
        if ("tsc".equals(expected.get("ticks")) && "jdk".equals(actual.get("ticks")) && calibrationFailed(methods)) {
            actual.put("ticks", "tsc");
        }
        assertEquals(expected, actual, () -> "routes per method\n" + context);
        assertEquals(List.copyOf(expected.keySet()), methods.stream().map(MethodRoute::method).toList(),
                () -> "every method once, in order\n" + context);
    }

    /** Asserts the child's report routes every method as {@code expected}. */
    static void assertRoutes(Map<String, String> expected, ChildJvm.Result r) {
        assertRoutes(expected, r.report().methods(), r);
    }

    /** Whether {@code ticks} passed over the TSC because it could not be calibrated. */
    static boolean calibrationFailed(List<MethodRoute> methods) {
        return methods.stream().filter(m -> m.method().equals("ticks")).flatMap(m -> m.passedOver().stream())
                .anyMatch(p -> p.route().startsWith("tsc") && p.reason().contains("cannot calibrate"));
    }

    /** Asserts the child's report routes {@code method} to {@code route}. */
    static void assertRoute(ChildJvm.Result r, String method, String route) {
        assertEquals(route, method(r.report(), method).route(), () -> "route of " + method + "\n" + r);
    }

    /**
     * Asserts the report says why a forced route passed over each method it does not serve ({@code isSupported}
     * follows {@code cpu} and says so in its detail).
     */
    static void assertPassedOverExplained(Route forced, List<MethodRoute> methods, Object context) {
        for (MethodRoute m : methods) {
            if (m.route().equals(forced.id()) || m.method().equals(Method.IS_SUPPORTED.apiName())) {
                continue;
            }
            assertTrue(m.passedOver().stream().anyMatch(p -> p.route().equals(forced.id() + " (forced)")
                            && p.reason().contains(m.method() + " keeps its usual route")),
                    () -> "the report does not say why " + m.method() + " is not on the forced route " + forced.id() + ": " + m
                            + "\n" + context);
        }
    }
}
