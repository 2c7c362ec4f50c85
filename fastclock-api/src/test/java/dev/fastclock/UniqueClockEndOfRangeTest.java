package dev.fastclock;

import dev.fastclock.settable.SettableClockProvider;
import dev.fastclock.spi.FastClockProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19: {@link UniqueClock#ofProcess()} at the end of a {@code long} (a settable clock set to
 * {@link Long#MAX_VALUE}) refuses to wrap to a negative value. In a JVM of its own (this class), since it
 * leaves the process-wide clock there for good.
 */
class UniqueClockEndOfRangeTest {

    @BeforeAll
    static void installSettable() {
        System.setProperty(FastClockProvider.PROVIDER_PROPERTY, SettableClockProvider.NAME);
    }

    @Test
    void theLastValueIsGivenOnceAndThenTheClockRefusesRatherThanWrap() {
        SettableClock.installed().setEpochNanos(Long.MAX_VALUE);
        UniqueClock unique = UniqueClock.ofProcess();
        assertEquals(Long.MAX_VALUE, unique.epochNanos(), "the wall clock, as always when it is ahead");
        IllegalStateException e = assertThrows(IllegalStateException.class, unique::epochNanos);
        assertTrue(e.getMessage().contains("ofProcess()") && e.getMessage().contains("end of a long"), e::getMessage);
        assertThrows(IllegalStateException.class, unique::epochMicros);

        SettableClock.installed().setEpochNanos(0);
        assertThrows(IllegalStateException.class, unique::epochNanos, "still no greater value to give");
    }
}
