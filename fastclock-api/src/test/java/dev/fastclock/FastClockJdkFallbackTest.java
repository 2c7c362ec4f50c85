package dev.fastclock;

import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.SystemClockBackend;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The static facade end to end in a JVM of its own where no registered provider is available (the
 * test providers stay disabled, nothing is forced): FastClock serves the JDK's clocks through
 * {@code jdk}. Bounds are taken before and after each read; no timing thresholds.
 */
class FastClockJdkFallbackTest {

    private static void assertBetween(long low, long actual, long high, String what) {
        assertTrue(low <= actual && actual <= high, what + ": expected " + low + " <= " + actual + " <= " + high);
    }

    private static long epochNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void jdkIsChosenAndDescribeListsEveryProviderConsidered() {
        assertNull(System.getProperty(FastClockProvider.PROVIDER_PROPERTY));

        assertEquals("jdk", FastClock.providerName());
        assertInstanceOf(SystemClockBackend.class, FastClock.source());
        assertSame(FastClock.source(), CpuLocator.source());

        String describe = FastClock.describe();
        assertTrue(describe.startsWith("FastClock provider: jdk\n"), describe);
        assertTrue(describe.contains("  jdk (priority " + Integer.MIN_VALUE + "): chosen"), describe);
        assertTrue(describe.contains("every method: jdk"), describe);
        int considered = 0;
        for (FastClockProvider p : ServiceLoader.load(FastClockProvider.class)) {
            String line = "  " + p.name() + " (priority " + p.priority() + "): not available: "
                    + p.unavailableReason().orElseThrow();
            assertTrue(describe.contains(line), () -> "missing <" + line + "> in\n" + describe);
            considered++;
        }
        assertEquals(2, considered, "settable (main) and counting (test) are registered");
    }

    @Test
    void nanosAndCoarseNanosLieBetweenSystemNanoTimeReads() {
        long before = System.nanoTime();
        long nanos = FastClock.nanos();
        long coarse = FastClock.coarseNanos();
        long after = System.nanoTime();
        assertBetween(before, nanos, after, "nanos");
        assertBetween(before, coarse, after, "coarseNanos");
    }

    @Test
    void wallClockReadsLieBetweenJdkReads() {
        long msBefore = System.currentTimeMillis();
        Instant before = Instant.now();
        long epochNanos = FastClock.epochNanos();
        long epochMicros = FastClock.epochMicros();
        long epochMillis = FastClock.epochMillis();
        long coarseMillis = FastClock.coarseEpochMillis();
        long epochSeconds = FastClock.epochSeconds();
        Instant utc = FastClock.systemUTC().instant();
        Instant after = Instant.now();
        long msAfter = System.currentTimeMillis();

        assertBetween(epochNanos(before), epochNanos, epochNanos(after), "epochNanos");
        assertBetween(epochNanos(before) / 1_000, epochMicros, epochNanos(after) / 1_000, "epochMicros");
        assertBetween(msBefore, epochMillis, msAfter, "epochMillis");
        assertBetween(msBefore, coarseMillis, msAfter, "coarseEpochMillis");
        assertBetween(msBefore / 1_000, epochSeconds, msAfter / 1_000, "epochSeconds");
        assertTrue(!utc.isBefore(before) && !utc.isAfter(after), before + " <= " + utc + " <= " + after);
        assertEquals(ZoneOffset.UTC, FastClock.systemUTC().getZone());
    }

    @Test
    void cpuIsUnknownUnderJdk() {
        assertEquals(-1, CpuLocator.cpu());
        assertEquals(-1, CpuLocator.node());
        assertFalse(CpuLocator.isSupported());
    }

    @Test
    void resolutionsAreAtLeastOneNanosecond() {
        for (ClockId id : ClockId.values()) {
            assertTrue(FastClock.resolutionNanos(id) >= 1, id.toString());
        }
        assertEquals(1_000_000L, FastClock.resolutionNanos(ClockId.REALTIME_COARSE));
    }
}
