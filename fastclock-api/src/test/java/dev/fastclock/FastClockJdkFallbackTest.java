package dev.fastclock;

import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Method;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The static facade end to end in a JVM of its own where no registered provider is available (the
 * test providers stay disabled, nothing is forced): FastClock serves the JDK's clocks through
 * {@code jdk}. Bounds are taken before and after each read; no timing thresholds.
 */
class FastClockJdkFallbackTest {

    @Test
    void jdkIsChosenAndTheReportListsEveryProviderConsidered() {
        assertNull(System.getProperty(FastClockProvider.PROVIDER_PROPERTY));

        assertEquals("jdk", FastClock.providerName());
        assertSame(FastClock.source(), CpuLocator.source());

        Report report = FastClock.report();
        assertEquals("jdk", report.provider());
        assertTrue(report.forced().isEmpty());
        assertEquals(new Report.Provider("jdk", Integer.MIN_VALUE, "chosen"),
                report.providers().get(report.providers().size() - 1), "jdk last");
        int considered = 0;
        for (FastClockProvider p : ServiceLoader.load(FastClockProvider.class)) {
            Report.Provider expected = new Report.Provider(p.name(), p.priority(),
                    "not available: " + p.unavailableReason().orElseThrow());
            assertTrue(report.providers().contains(expected), () -> "missing " + expected + " in " + report.providers());
            considered++;
        }
        assertEquals(4, considered, "settable (main) and scripted, tally, counting (test) are registered");
        assertEquals(considered + 1, report.providers().size());
        assertEquals(List.of(), report.problems());
        assertEquals(List.of(), report.messages(), "the jdk provider chosen over unavailable providers is nothing to log");
        assertEquals(List.of(), report.notes(), "no hint to add the Linux provider: other providers are registered here");
    }

    @Test
    void everyMethodIsRoutedToTheJdk() {
        Report report = FastClock.report();
        List<MethodRoute> expected = new java.util.ArrayList<>();
        for (Method m : Catalogue.planned()) {
            expected.add(new MethodRoute(m.apiName(), "jdk", m.jdkDetail(), List.of()));
        }
        assertEquals(expected, report.methods(), "one jdk route per planned method, in catalogue order, with the catalogue's detail");
        assertEquals("System.nanoTime()", report.method("nanos").orElseThrow().detail());
        assertTrue(report.method("cpu").orElseThrow().detail().contains("unknown"));
        assertTrue(report.method("noSuchMethod").isEmpty());
    }

    @Test
    void describeRendersTheReport() {
        String describe = FastClock.describe();
        assertEquals(FastClock.report().toString(), describe);
        assertTrue(describe.startsWith("FastClock provider: jdk\nproviders, highest priority first:\n"), describe);
        assertTrue(describe.contains("\n  jdk (priority " + Integer.MIN_VALUE + "): chosen\n"), describe);
        assertTrue(describe.contains("\nroutes:\n  nanos              jdk      System.nanoTime()\n"), describe);
    }

    @Test
    void everyMethodAnswersLikeTheJdk() {
        Answers.assertEveryMethodAnswersLikeTheJdk();
    }
}
