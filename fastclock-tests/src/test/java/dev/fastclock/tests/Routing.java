package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fastclock.Report;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.MethodRoute;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes the Linux provider must take on this machine, read from the report as data
 * ({@link MethodRoute}: method, route, detail, the routes passed over and why), never from its text.
 */
final class Routing {

    /** Every method the provider serves, as the report names them, in its order. */
    static final List<String> METHODS = List.of("nanos", "coarseNanos", "epochNanos", "epochMicros", "epochMillis",
            "coarseEpochMillis", "epochSeconds", "resolutionNanos", "bootNanos", "rawNanos", "taiNanos", "ticks", "cpu", "node");

    /** The methods the vsyscall page serves: gettimeofday, time, getcpu and what derives from them. */
    static final List<String> VSYSCALL_METHODS = List.of("epochMicros", "epochMillis", "epochSeconds", "cpu", "node");

    /** The one method the tsc route serves. */
    static final List<String> TSC_METHODS = List.of("ticks");

    private Routing() {
    }

    /**
     * The default route of each method here (vDSO mapped, glibc 2.35+): the vDSO, except where the provider
     * measured another route faster and says why in its code: {@code nanos} and {@code epochMillis} on the JDK
     * (HotSpot calls the same clock_gettime from C, with no FFM transition); {@code cpu} on libc's rseq-backed
     * sched_getcpu and {@code node} on it plus the kernel's CPU-to-node table, both on the vDSO's getcpu when
     * rseq is off; {@code ticks} on the TSC where the kernel trusts it, else the JDK.
     */
    static Map<String, String> defaults(boolean rseqRegistered) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String method : METHODS) {
            m.put(method, "vdso");
        }
        m.put("nanos", "jdk");
        m.put("epochMillis", "jdk");
        m.put("ticks", Machine.tscTrusted() ? "tsc" : "jdk");
        m.put("cpu", rseqRegistered ? "libc" : "vdso");
        m.put("node", rseqRegistered && Machine.nodeTable() ? "libc" : "vdso");
        return m;
    }

    /** The routes with {@code -Dfastclock.route=route}: that route wherever it can serve, the default elsewhere. */
    static Map<String, String> forced(Route route) {
        Map<String, String> m = defaults(Machine.rseqRegistered());
        for (String method : METHODS) {
            if (serves(route, method)) {
                m.put(method, route.id());
            }
        }
        return m;
    }

    /** Whether {@code route} can serve {@code method} at all. */
    static boolean serves(Route route, String method) {
        return switch (route) {
            case VDSO, LIBC -> !TSC_METHODS.contains(method);
            case VSYSCALL -> VSYSCALL_METHODS.contains(method);
            case TSC -> TSC_METHODS.contains(method);
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
     * on {@code tsc} may be on {@code jdk} when the report says the TSC could not be calibrated in the first call's
     * budget (a loaded machine: the calibration gives up rather than hold the call), which is the provider's
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

    /** Asserts the report says why a forced route passed over each method it does not serve. */
    static void assertPassedOverExplained(Route forced, List<MethodRoute> methods, Object context) {
        for (MethodRoute m : methods) {
            if (m.route().equals(forced.id())) {
                continue;
            }
            assertTrue(m.passedOver().stream().anyMatch(p -> p.route().equals(forced.id() + " (forced)")
                            && p.reason().contains(m.method() + " keeps its usual route")),
                    () -> "the report does not say why " + m.method() + " is not on the forced route " + forced.id() + ": " + m
                            + "\n" + context);
        }
    }
}
