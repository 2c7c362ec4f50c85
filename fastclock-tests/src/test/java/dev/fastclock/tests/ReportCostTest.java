package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Issue 17: every {@code report()} cost 2-3 ms, not only the first: each re-timed ~70 k vDSO reads and 1,000 system
 * calls for the clocksource verdict. After the first call, a report measures nothing. Seen from outside, with no seam
 * in the code under test: the verdict times the vDSO's {@code clock_gettime} against its
 * {@code CLOCK_PROCESS_CPUTIME_ID}, which the vDSO always passes to the kernel, 500 system calls per measurement; a
 * child JVM run under {@code strace} makes its first call and then {@value #REPORTS} reports (each of which must say
 * the same), and the trace must hold fewer such system calls than two measurements make (HotSpot itself makes none;
 * the old design made {@value #REPORTS} measurements here). (fastclock-linux-x64's own {@code ReportCostTest} counts
 * the measurements through a seam in {@code Clocksource}, and covers reports racing on many threads.)
 */
class ReportCostTest {

    static final int REPORTS = 200;
    /** The system calls one verdict measurement makes: five rounds of 100 (Clocksource.measure). */
    static final int PER_MEASUREMENT = 500;

    @Test
    void reportsAfterTheFirstMeasureNothing() throws IOException {
        Path strace = Machine.onPath("strace").orElse(null);
        if (strace == null) {
            abort("strace is not on PATH: cannot count the child's system calls (install strace)");
        }
        Path trace = Artifacts.tempDir("strace-report-").resolve("trace.txt");
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .prefix(strace.toString(), "-f", "-qq", "-e", "trace=clock_gettime", "-o", trace.toString())
                .jvmArgs("--enable-native-access=ALL-UNNAMED")
                .args("report-cost", Integer.toString(REPORTS))
                .run().assertSuccess();
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals(Integer.toString(REPORTS), r.value("reports.same"), () -> "every report after the first says the same\n" + r);
        List<String> lines;
        try {
            lines = Files.readAllLines(trace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(!lines.isEmpty(), () -> "strace wrote nothing\n" + r);
        long cpuTime = lines.stream().filter(l -> l.contains("CLOCK_PROCESS_CPUTIME_ID")).count();
        assertTrue(cpuTime < 2 * PER_MEASUREMENT, () -> cpuTime + " clock_gettime(CLOCK_PROCESS_CPUTIME_ID) system calls over "
                + (REPORTS + 1) + " reports: the clocksource was measured more than once (" + PER_MEASUREMENT + " a measurement)\n" + r);
        System.out.println("ReportCostTest: " + (REPORTS + 1) + " reports made " + cpuTime + " CLOCK_PROCESS_CPUTIME_ID system calls ("
                + PER_MEASUREMENT + " per clocksource measurement)");
    }
}
