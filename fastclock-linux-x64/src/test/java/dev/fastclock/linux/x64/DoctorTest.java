package dev.fastclock.linux.x64;

import dev.fastclock.ClockStatus;
import dev.fastclock.FastClock;
import dev.fastclock.spi.Method;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The diagnostic report on this machine: every section, every vDSO function, every method of the
 * catalogue with its route and its cost, and the clock's state in words.
 */
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
        for (String section : List.of("\nsystem\n", "\nvdso\n", "\nvsyscall\n", "\nrseq\n", "\nclock\n", "\nfastclock\n")) {
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
        for (Method m : Method.values()) {
            if (m.planned()) {
                assertTrue(report.lines().anyMatch(l -> l.trim().startsWith(m.apiName() + " ")), m.apiName() + " has no route line in\n" + report);
            }
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
        for (Method m : Method.values()) {
            if (m == Method.RESOLUTION || m == Method.IS_SUPPORTED || m == Method.CLOCK_STATUS) {
                continue; // not hot-path calls: the doctor does not time them
            }
            assertTrue(cost.lines().anyMatch(l -> l.trim().matches(m.apiName() + " +\\d+\\.\\d.*")), m.apiName() + " has no cost in\n" + cost);
        }
    }

    /** The doctor's row {@code key} in the section {@code section}. */
    private static String row(String report, String section, String key) {
        String body = report.substring(report.indexOf("\n" + section + "\n") + section.length() + 2);
        body = body.substring(0, body.indexOf("\n\n") < 0 ? body.length() : body.indexOf("\n\n"));
        List<String> rows = body.lines().filter(l -> l.startsWith("  " + key + " ")).map(l -> l.substring(17)).toList();
        assertEquals(1, rows.size(), "one " + key + " row in the " + section + " section:\n" + body);
        return rows.getFirst();
    }

    @Test
    void theClockSectionSaysInWordsWhatTheKernelSays() {
        // Branch on the live state (this machine: TIME_ERROR, maxerror 16 s): ClockStatusAgainstCTest
        // checks that state against adjtimex in C, ClockStatusTest every other state and leap case.
        ClockStatus live = FastClock.clockStatus();
        String report = run(false);
        String status = row(report, "clock", "status");
        String leap = row(report, "clock", "leap");
        String adjtimex = row(report, "clock", "adjtimex");
        System.out.println("clock: " + status + " / " + leap + " / " + adjtimex);
        assertTrue(live.known(), "the linux-x64 provider reads adjtimex: " + live);
        if (!live.isSynchronized() && live.maxErrorMicros() >= 16_000_000L) {
            // What this machine says.
            assertTrue(status.startsWith("not synchronized: maxerror 16.0 s, the kernel's worst case"), status);
            assertTrue(status.endsWith("(no time daemon keeps this clock: epochNanos() may be off by any amount)"), status);
        } else if (!live.isSynchronized()) {
            assertTrue(status.startsWith("not synchronized: maxerror ") && !status.contains("worst case"), status);
        } else {
            assertTrue(status.startsWith("synchronized: maxerror ") && status.contains("RTS 25's 100 us"), status);
        }
        assertEquals(live.leap() == ClockStatus.Leap.NONE, leap.equals("none pending"), leap);
        assertTrue(adjtimex.startsWith(live.isSynchronized() ? "synchronized: " : "not synchronized: "), adjtimex);
        assertTrue(adjtimex.contains("(state " + (live.state() == ClockStatus.TIME_ERROR ? "TIME_ERROR" : "TIME_")), adjtimex);
    }
}
