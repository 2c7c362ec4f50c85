package dev.fastclock;

import dev.fastclock.spi.FastClockProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -Dfastclock.provider} naming a provider that is not there, in a JVM of its own: every
 * FastClock and CpuLocator call fails saying so and listing what was found; report(), describe() and
 * providerName() do not.
 */
class FastClockForcedMissingTest {

    private static final String EXPECTED =
            "-Dfastclock.provider=linux-x64 names no provider; found: scripted, tally, counting, settable, jdk";

    @BeforeAll
    static void forceAMissingProvider() {
        System.setProperty(FastClockProvider.PROVIDER_PROPERTY, "linux-x64");
    }

    @Test
    void everyCallFailsNamingTheMissingProviderAndThoseFound() {
        TimeSource ts = FastClock.source();
        CpuSource cs = CpuLocator.source();
        List<Executable> calls = new ArrayList<>(List.of(
                FastClock::nanos, FastClock::coarseNanos, FastClock::epochNanos, FastClock::epochMicros,
                FastClock::epochMillis, FastClock::coarseEpochMillis, FastClock::epochSeconds,
                FastClock::bootNanos, FastClock::rawNanos, FastClock::taiNanos, FastClock::ticks,
                () -> FastClock.ticksToNanos(1), FastClock::ticksPerSecond,
                () -> FastClock.systemUTC().millis(), () -> FastClock.systemUTC().instant(),
                ts::nanos, ts::coarseNanos, ts::epochNanos, ts::epochMicros, ts::epochMillis, ts::coarseEpochMillis,
                ts::epochSeconds, ts::bootNanos, ts::rawNanos, ts::taiNanos, ts::ticks, () -> ts.ticksToNanos(1),
                ts::ticksPerSecond,
                CpuLocator::cpu, CpuLocator::node, CpuLocator::isSupported, cs::cpu, cs::node, cs::isSupported));
        for (ClockId id : ClockId.values()) {
            calls.add(() -> FastClock.resolutionNanos(id));
            calls.add(() -> ts.resolutionNanos(id));
        }
        for (Executable call : calls) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call);
            assertEquals(EXPECTED, e.getMessage());
        }
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
        assertEquals(List.of(), report.methods(), "no route serves anything");
        assertEquals(List.of("every method throws IllegalStateException: " + EXPECTED), report.notes());

        String describe = assertDoesNotThrow(FastClock::describe);
        assertTrue(describe.startsWith("FastClock provider: none\nforced: -Dfastclock.provider=linux-x64\n"), describe);
        assertTrue(describe.contains("  " + EXPECTED + "\n"), describe);
    }
}
