package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fastclock.linux.x64.Route;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes the Linux provider must take on this machine, and the reading of the per-method route table that
 * {@code FastClock.describe()} and {@code describeRoutes()} print ({@code "  epochMicros        vdso     ..."}).
 */
final class Routing {

    /** Every method the provider serves, as the route table names them. */
    static final List<String> METHODS = List.of("nanos", "coarseNanos", "epochNanos", "epochMicros", "epochMillis",
            "coarseEpochMillis", "epochSeconds", "resolutionNanos", "cpu", "node");

    /** The methods the vsyscall page serves: gettimeofday, time, getcpu and what derives from them. */
    static final List<String> VSYSCALL_METHODS = List.of("epochMicros", "epochMillis", "epochSeconds", "cpu", "node");

    private static final Pattern ROW = Pattern.compile("^\\s*(\\w+)\\s+(vdso|libc|vsyscall|jdk)\\s.*$");

    private Routing() {
    }

    /**
     * The default route of each method here (clocksource tsc, vDSO mapped, glibc with rseq): the vDSO, except where
     * the provider measured another route faster and says why in its code (issue 3): {@code nanos} and
     * {@code epochMillis} on the JDK (HotSpot calls the same clock_gettime from C, with no FFM transition), and
     * {@code cpu} on libc's rseq-backed sched_getcpu, which falls back to the vDSO when rseq is off.
     */
    static Map<String, String> defaults(boolean rseqRegistered) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String method : METHODS) {
            m.put(method, "vdso");
        }
        m.put("nanos", "jdk");
        m.put("epochMillis", "jdk");
        m.put("cpu", rseqRegistered ? "libc" : "vdso");
        return m;
    }

    /** The routes with {@code -Dfastclock.route=route}: that route wherever it can serve, the default elsewhere. */
    static Map<String, String> forced(Route route) {
        Map<String, String> m = defaults(true);
        for (String method : METHODS) {
            if (route != Route.VSYSCALL || VSYSCALL_METHODS.contains(method)) {
                m.put(method, route.id());
            }
        }
        return m;
    }

    /** The route table in a describe text: method to route. */
    static Map<String, String> table(String describe) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : describe.lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (row.matches() && METHODS.contains(row.group(1))) {
                m.putIfAbsent(row.group(1), row.group(2));
            }
        }
        return m;
    }

    /** Asserts the describe text routes every method as {@code expected}. */
    static void assertRoutes(Map<String, String> expected, String describe) {
        assertEquals(expected, table(describe), () -> "routes per method, from:\n" + describe);
    }

    /** Asserts the child's describe() routes every method as {@code expected}. */
    static void assertRoutes(Map<String, String> expected, ChildJvm.Result r) {
        assertEquals(expected, table(r.describe()), () -> "routes per method\n" + r);
    }

    /** Asserts the child's describe() routes {@code method} to {@code route}. */
    static void assertRoute(ChildJvm.Result r, String method, String route) {
        assertEquals(route, table(r.describe()).get(method), () -> "route of " + method + "\n" + r);
    }

    /** Asserts the describe text says why a forced route passed over each method it cannot serve. */
    static void assertPassedOverExplained(Route forced, String describe) {
        for (String method : METHODS) {
            if (!table(describe).get(method).equals(forced.id())) {
                assertTrue(describe.contains("passed over: " + forced.id() + " (forced)") && describe.contains(method + " keeps its usual route"),
                        () -> "describe() does not say why " + method + " is not on the forced route " + forced.id() + ":\n" + describe);
            }
        }
    }
}
