package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Checks on the per-method route lines of {@code FastClock.describe()}. */
final class Routing {

    /** Every method FastClock and CpuLocator serve, as describe() names them. */
    static final List<String> METHODS = List.of(
            "nanos", "coarseNanos", "epochNanos", "epochMicros", "epochMillis", "coarseEpochMillis", "epochSeconds", "cpu");

    private Routing() {
    }

    /** The route the describe() line of {@code method} names as taken. */
    static void assertRoute(ChildJvm.Result r, String method, String... anyOf) {
        String line = r.describeLineOf(method);
        for (String route : anyOf) {
            if (line.matches(".*\\b" + route + "\\b.*")) {
                return;
            }
        }
        assertTrue(false, () -> method + " should be served by " + String.join(" or ", anyOf) + ", describe() says: " + line + "\n" + r);
    }

    /**
     * The fast path on this machine: issue 3 wants vdso for every method, or libc where the code measured it faster
     * (sched_getcpu from the rseq area).
     */
    static void assertFastPath(ChildJvm.Result r) {
        for (String m : METHODS) {
            assertRoute(r, m, "vdso", "libc");
        }
    }
}
