package dev.fastclock.linux.x64;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The diagnostic report on this machine: every section, every vDSO function, every method's route. */
class DoctorTest {

    private static String run(boolean cost) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new Doctor(out).report(cost);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void reportsEverySectionWithoutAFailure() {
        String report = run(false);
        for (String section : List.of("\nsystem\n", "\nvdso\n", "\nvsyscall\n", "\nrseq\n", "\nfastclock\n")) {
            assertTrue(report.contains(section), "missing section " + section.trim() + " in\n" + report);
        }
        assertFalse(report.contains(": failed:"), report);
        assertFalse(report.contains("\ncost\n"), "--no-cost must skip the measurement");
    }

    @Test
    void listsTheVdsoFunctionsAndTheRouteOfEveryMethod() {
        String report = run(false);
        for (String symbol : List.of("__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time", "__vdso_getcpu", "__vdso_clock_getres")) {
            assertTrue(report.lines().anyMatch(l -> l.contains("symbol") && l.contains(symbol) && l.contains("LINUX_2.6")),
                    symbol + " not listed in\n" + report);
        }
        for (String method : List.of("nanos", "coarseNanos", "epochNanos", "epochMicros", "epochMillis", "coarseEpochMillis",
                "epochSeconds", "resolutionNanos", "bootNanos", "rawNanos", "taiNanos", "ticks", "cpu", "node")) {
            assertTrue(report.lines().anyMatch(l -> l.trim().startsWith(method + " ")), method + " has no route line in\n" + report);
        }
        assertTrue(report.contains("FastClock provider: linux-x64"), report);
        assertTrue(report.contains("clocksource"), report);
        String reads = report.lines().filter(l -> l.trim().startsWith("vdso reads ")).findFirst()
                .orElseThrow(() -> new AssertionError("no vdso reads line in\n" + report));
        assertTrue(reads.contains("reads the time in user space") || reads.contains("makes a system call for each read"),
                "the clocksource verdict is measured: " + reads);
        assertTrue(report.contains("mode"), "vsyscall mode line missing");
    }

    @Test
    void measuresEachMethodNextToItsJdkEquivalent() {
        String report = run(true);
        String cost = report.substring(report.indexOf("\ncost\n"));
        for (String method : List.of("nanos", "coarseNanos", "epochNanos", "epochMicros", "epochMillis", "coarseEpochMillis",
                "epochSeconds", "bootNanos", "rawNanos", "taiNanos", "ticks", "cpu", "node")) {
            assertTrue(cost.lines().anyMatch(l -> l.trim().matches(method + " +\\d+\\.\\d.*")), method + " has no cost in\n" + cost);
        }
    }
}
