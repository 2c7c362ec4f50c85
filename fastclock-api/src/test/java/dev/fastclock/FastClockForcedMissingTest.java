package dev.fastclock;

import dev.fastclock.spi.FastClockProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -Dfastclock.provider} naming a provider that is not there, in a JVM of its own: every
 * FastClock and CpuLocator call fails saying so and listing what was found; describe() does not.
 */
class FastClockForcedMissingTest {

    private static final String EXPECTED =
            "-Dfastclock.provider=linux-x64 names no provider; found: counting, settable, jdk";

    @BeforeAll
    static void forceAMissingProvider() {
        System.setProperty(FastClockProvider.PROVIDER_PROPERTY, "linux-x64");
    }

    @Test
    void everyCallFailsNamingTheMissingProviderAndThoseFound() {
        List<Executable> calls = List.of(
                FastClock::nanos, FastClock::coarseNanos, FastClock::epochNanos, FastClock::epochMicros,
                FastClock::epochMillis, FastClock::coarseEpochMillis, FastClock::epochSeconds,
                () -> FastClock.resolutionNanos(ClockId.MONOTONIC), () -> FastClock.systemUTC().millis(),
                CpuLocator::cpu, CpuLocator::node, CpuLocator::isSupported);
        for (Executable call : calls) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call);
            assertEquals(EXPECTED, e.getMessage());
        }
        assertEquals("none", FastClock.providerName());
        String describe = assertDoesNotThrow(FastClock::describe);
        assertTrue(describe.startsWith("FastClock provider: none\n"), describe);
        assertTrue(describe.contains(EXPECTED), describe);
    }
}
