package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fastclock.Report;
import dev.fastclock.spi.MethodRoute;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17, "ticks() mixes units": a thread whose first ticks() waited for the provider's choice (or re-entered it)
 * used to get System.nanoTime() and then the TSC, so ticksToNanos of its next difference answered hundreds of
 * seconds for a one-second interval. Each test here starts a child JVM whose 32 threads, released at once, make
 * ticks() their very first FastClock call and time a sleep with it ({@code Probe ticks-race}): every difference,
 * converted with ticksToNanos, must lie within System.nanoTime()'s brackets around its two readings (1% + 0.1 ms),
 * whatever delays the first call: a third-party provider slow to answer {@code priority()}, one slow to
 * {@code create()} that logs meanwhile through a handler reading ticks(), the whole process stopped for 1.5 s while
 * ticks are planned, a CPU quota of 0.2 CPU.
 *
 * <p>On a machine whose kernel does not trust the TSC, ticks are nanoseconds by default and a mixed reading could not
 * be told apart: each case runs by default and with {@code -Dfastclock.route=tsc}, the counter forced, so the units
 * really differ (ticks then count at the TSC's rate, which the test checks).
 */
class TicksUnitsTest {

    static final int THREADS = 32;
    /** The threads' sleeps are staggered from 1 ms to this; any length shows mixed units. */
    static final String MAX_SLEEP_MS = "300";

    private static ChildJvm race(String route, Path... extra) {
        List<String> jvmArgs = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED"));
        if (route.equals("tsc")) {
            jvmArgs.add("-Dfastclock.route=tsc");
        }
        return ChildJvm.probeOnClassPath(extra).jvmArgs(jvmArgs.toArray(String[]::new)).args("ticks-race", Integer.toString(THREADS), MAX_SLEEP_MS);
    }

    /** Every thread's difference converted right, none went back, all checked; with tsc forced, ticks really are the TSC. */
    private static Report assertEveryReadingInTheConvertedUnits(ChildJvm.Result r, String route, String provider) {
        assertEquals(provider, r.value("provider"), r::toString);
        assertEquals(Integer.toString(THREADS), r.value("ticks.checked"), r::toString);
        assertEquals("0", r.value("ticks.back"), () -> "ticks() went back on a thread\n" + r);
        assertEquals("0", r.value("ticks.wrong"), () -> "a ticks() difference whose first reading was the thread's first call was converted wrong\n" + r);
        Report report = r.report();
        MethodRoute ticks = Routing.method(report, "ticks");
        String expected = route.equals("tsc") || Machine.tscTrusted() ? "tsc" : "jdk";
        if (expected.equals("tsc") && !Routing.calibrationFailed(report.methods())) {
            assertEquals("tsc", ticks.route(), r::toString);
            assertNotEquals("1000000000", r.value("ticks.perSecond"), () -> "ticks on the TSC count at its rate, not in nanoseconds\n" + r);
        } else if (expected.equals("jdk")) {
            assertEquals("jdk", ticks.route(), r::toString);
        }
        return report;
    }

    /** A third-party provider whose {@code priority()} takes 1.5 s (the old design's waiters gave up after 1 s). */
    @ParameterizedTest(name = "route {0}")
    @ValueSource(strings = {"default", "tsc"})
    void aProviderSlowToGiveItsPriority(String route) {
        ChildJvm.Result r = race(route, TestProviders.slow()).jvmArgs("-Dtest.slow.priorityMillis=1500").run().assertSuccess();
        assertEveryReadingInTheConvertedUnits(r, route, TestProviders.SLOW);
    }

    /**
     * A provider whose {@code create()} logs through a handler that reads ticks() (a call back from inside the choice,
     * on the choosing thread: the one documented exception, answered by the JDK and counted in the report), then takes
     * 1.5 s.
     */
    @ParameterizedTest(name = "route {0}")
    @ValueSource(strings = {"default", "tsc"})
    void aProviderSlowToCreateThatLogsThroughAHandlerReadingTicks(String route) {
        ChildJvm.Result r = race(route, TestProviders.slow()).jvmArgs("-Dtest.slow.createMillis=1500", "-Dtest.slow.log=true")
                .run().assertSuccess();
        Report report = assertEveryReadingInTheConvertedUnits(r, route, TestProviders.SLOW);
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("ticks: ") && n.contains("call(s) made from inside the choice")
                        && n.contains("answered by the JDK")),
                () -> "the report should count the handler's ticks() call answered by the JDK from inside the choice\n" + r);
    }

    /** The whole process stopped (SIGSTOP) for 1.5 s while ticks are being planned, then continued (SIGCONT). */
    @ParameterizedTest(name = "route {0}")
    @ValueSource(strings = {"default", "tsc"})
    void theProcessStoppedWhileTicksArePlanned(String route) {
        ChildJvm.Result r = race(route, TestProviders.slow()).jvmArgs("-Dtest.slow.stopMillis=1500").run().assertSuccess();
        assertTrue(Long.parseLong(r.value("stopped.gap.ms")) >= 750, () -> "the process was not seen stopped while ticks were planned\n" + r);
        assertEveryReadingInTheConvertedUnits(r, route, TestProviders.SLOW);
    }

    /** The child JVM in a cgroup limited to 0.2 CPU (cpu.max "20000 100000"), with the real Linux provider. */
    @ParameterizedTest(name = "route {0}")
    @ValueSource(strings = {"default", "tsc"})
    void aCpuQuotaOfAFifthOfACpu(String route) {
        try (CpuQuota quota = CpuQuota.limit(20_000, 100_000)) {
            ChildJvm.Result r = race(route).prefix(quota.prefix()).run().assertSuccess();
            assertTrue(r.value("cgroup.self").contains(quota.name()), () -> "the child did not run in " + quota + "\n" + r);
            assertEveryReadingInTheConvertedUnits(r, route, "linux-x64");
        }
    }
}
