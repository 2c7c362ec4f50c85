package dev.fastclock.spi;

import dev.fastclock.ClockId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SystemClockBackend} against the JDK, bounded by JDK reads before and after; no timing thresholds. */
class SystemClockBackendTest {

    private final SystemClockBackend backend = new SystemClockBackend();

    private static void assertBetween(long low, long actual, long high, String what) {
        assertTrue(low <= actual && actual <= high, what + ": expected " + low + " <= " + actual + " <= " + high);
    }

    private static long nanosOf(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void monotonicReadsLieBetweenNanoTimeReads() {
        long before = System.nanoTime();
        long nanos = backend.nanos();
        long coarse = backend.coarseNanos();
        long after = System.nanoTime();
        assertBetween(before, nanos, after, "nanos");
        assertBetween(before, coarse, after, "coarseNanos");
        assertTrue(nanos <= coarse, "coarseNanos, read later, is not behind nanos");
    }

    @Test
    void epochNanosAndMicrosLieBetweenInstantNowReads() {
        Instant before = Instant.now();
        long nanos = backend.epochNanos();
        long micros = backend.epochMicros();
        Instant after = Instant.now();
        assertBetween(nanosOf(before), nanos, nanosOf(after), "epochNanos");
        assertBetween(nanosOf(before) / 1_000, micros, nanosOf(after) / 1_000, "epochMicros");
        assertTrue(nanos / 1_000 <= micros, "epochMicros, read later, is not behind epochNanos");
    }

    @Test
    void millisAndSecondsLieBetweenCurrentTimeMillisReads() {
        long before = System.currentTimeMillis();
        long millis = backend.epochMillis();
        long coarse = backend.coarseEpochMillis();
        long seconds = backend.epochSeconds();
        long after = System.currentTimeMillis();
        assertBetween(before, millis, after, "epochMillis");
        assertBetween(before, coarse, after, "coarseEpochMillis");
        assertBetween(before / 1_000, seconds, after / 1_000, "epochSeconds");
    }

    @Test
    void resolutions() {
        assertEquals(1L, backend.resolutionNanos(ClockId.REALTIME));
        assertEquals(1L, backend.resolutionNanos(ClockId.MONOTONIC));
        assertEquals(1L, backend.resolutionNanos(ClockId.MONOTONIC_COARSE));
        assertEquals(1_000_000L, backend.resolutionNanos(ClockId.REALTIME_COARSE));
        assertThrows(NullPointerException.class, () -> backend.resolutionNanos(null));
    }

    @Test
    void cpuAndNodeAreUnknown() {
        assertEquals(-1, backend.cpu());
        assertEquals(-1, backend.node());
        assertFalse(backend.isSupported());
        assertTrue(backend.describeRoutes().startsWith("every method: jdk"), backend.describeRoutes());
    }

    @Test
    void clockIdsCarryTheirLinuxValues() {
        assertEquals(0, ClockId.REALTIME.linuxId());
        assertEquals(1, ClockId.MONOTONIC.linuxId());
        assertEquals(5, ClockId.REALTIME_COARSE.linuxId());
        assertEquals(6, ClockId.MONOTONIC_COARSE.linuxId());
    }
}
