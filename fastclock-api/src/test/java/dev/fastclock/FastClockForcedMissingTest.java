package dev.fastclock;

import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.testproviders.ReadingLoggerFinder;
import dev.fastclock.testproviders.ReadingLoggerFinder.Entry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -Dfastclock.provider} naming a provider that is not there, in a JVM of its own: every
 * FastClock and CpuLocator call fails saying so and naming the providers there are; report(),
 * describe() and providerName() do not. The bad value is one log line with no stack trace.
 */
class FastClockForcedMissingTest {

    private static final String EXPECTED = "-Dfastclock.provider=linux-x64 names no provider (names are matched ignoring case); the providers found here:"
            + " scripted, tally, counting, settable, jdk";

    @BeforeAll
    static void forceAMissingProvider() {
        System.setProperty(FastClockProvider.PROVIDER_PROPERTY, "linux-x64");
        System.setProperty(ReadingLoggerFinder.MODE_PROPERTY, ReadingLoggerFinder.READS);
    }

    @Test
    void everyCallFailsNamingTheMissingProviderAndThoseFound() {
        for (Method m : Method.values()) {
            for (int round = 0; round < 2; round++) { // the first call plans, the second reads the holder
                assertEquals(EXPECTED, assertThrows(IllegalStateException.class, () -> FastClock.read(m), m::toString).getMessage());
                assertEquals(EXPECTED, assertThrows(IllegalStateException.class, () -> Catalogue.callSource(m), m::toString).getMessage());
            }
        }
        for (ClockId id : ClockId.values()) {
            assertEquals(EXPECTED, assertThrows(IllegalStateException.class, () -> FastClock.resolutionNanos(id)).getMessage());
        }
        assertThrows(IllegalStateException.class, () -> FastClock.systemUTC().millis());
        assertThrows(IllegalStateException.class, () -> FastClock.systemUTC().instant());
    }

    @Test
    void theReportSaysWhyAndDoesNotThrow() {
        assertEquals("none", FastClock.providerName());
        Report report = assertDoesNotThrow(FastClock::report);
        assertEquals("none", report.provider());
        assertEquals(Optional.of("linux-x64"), report.forced());
        assertEquals(List.of(EXPECTED), report.problems());
        assertEquals(5, report.providers().size());
        for (Report.Provider p : report.providers()) {
            assertEquals("not tried: linux-x64 was forced", p.outcome(), p.toString());
        }
        assertEquals(Catalogue.plannedNames(), report.methods().stream().map(MethodRoute::method).toList());
        for (MethodRoute m : report.methods()) {
            assertEquals(new MethodRoute(m.method(), "none", "throws IllegalStateException: " + EXPECTED, List.of()), m);
        }
        assertEquals(List.of("every method throws IllegalStateException: " + EXPECTED), report.notes());

        String describe = assertDoesNotThrow(FastClock::describe);
        assertTrue(describe.startsWith("FastClock provider: none\nforced: -Dfastclock.provider=linux-x64\n"), describe);
        assertTrue(describe.contains("  " + EXPECTED + "\n"), describe);
    }

    @Test
    void theBadValueIsOneLogLineWithoutStackTrace() {
        FastClock.report();
        String line = "FastClock: " + EXPECTED + "; every call throws IllegalStateException";
        assertEquals(List.of("WARNING " + line), FastClock.report().messages());
        List<Entry> logged = ReadingLoggerFinder.entries().stream().filter(e -> e.logger().equals("dev.fastclock")).toList();
        assertEquals(1, logged.size(), logged::toString);
        assertEquals(System.Logger.Level.WARNING, logged.get(0).level());
        assertEquals(line, logged.get(0).message());
        assertNull(logged.get(0).thrown(), "an expected condition: no stack trace");
    }
}
