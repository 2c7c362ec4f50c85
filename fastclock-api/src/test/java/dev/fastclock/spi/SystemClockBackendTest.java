package dev.fastclock.spi;

import dev.fastclock.ClockId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SystemClockBackend}, the {@code jdk} provider's backend, and the catalogue's JDK answers
 * ({@link Method#jdk()}) it plans, against the JDK, bounded by JDK reads before and after; no timing
 * thresholds.
 */
class SystemClockBackendTest {

    private final SystemClockBackend backend = new SystemClockBackend();

    private static void assertBetween(long low, long actual, long high, String what) {
        assertTrue(low <= actual && actual <= high, what + ": expected " + low + " <= " + actual + " <= " + high);
    }

    private static long nanosOf(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private long read(Method m) {
        return backend.plan(m).reader().read(0);
    }

    @Test
    void everyPlannedMethodIsTheCatalogueJdkAnswerOnTheJdkRoute() {
        for (Method m : Method.values()) {
            if (!m.planned()) {
                continue;
            }
            Plan p = backend.plan(m);
            assertSame(m.jdk(), p.reader(), m.toString());
            assertEquals(new MethodRoute(m.apiName(), Plan.JDK_ROUTE, m.jdkDetail(), List.of()), p.route());
            assertTrue(p.isJdk());
            assertNull(p.warning(), "the jdk provider has nothing to warn about");
            assertFalse(m.jdkDetail().isBlank(), m.toString());
        }
        assertEquals(List.of(), backend.notes());
    }

    @Test
    void monotonicClocksAreNanoTime() {
        for (Method m : Method.values()) {
            if (m.clock() != null && !m.clock().wall()) {
                long before = System.nanoTime();
                long v = read(m);
                long after = System.nanoTime();
                assertBetween(before, v, after, m.toString());
            }
        }
    }

    @Test
    void epochNanosAndMicrosLieBetweenInstantNowReads() {
        Instant before = Instant.now();
        long nanos = read(Method.EPOCH_NANOS);
        long micros = read(Method.EPOCH_MICROS);
        long tai = read(Method.TAI_NANOS);
        Instant after = Instant.now();
        assertBetween(nanosOf(before), nanos, nanosOf(after), "epochNanos");
        assertBetween(nanosOf(before) / 1_000, micros, nanosOf(after) / 1_000, "epochMicros");
        assertBetween(nanosOf(before), tai, nanosOf(after), "taiNanos (a TAI offset of 0)");
    }

    @Test
    void millisAndSecondsLieBetweenCurrentTimeMillisReads() {
        long before = System.currentTimeMillis();
        long millis = read(Method.EPOCH_MILLIS);
        long coarse = read(Method.COARSE_EPOCH_MILLIS);
        long seconds = read(Method.EPOCH_SECONDS);
        long after = System.currentTimeMillis();
        assertBetween(before, millis, after, "epochMillis");
        assertBetween(before, coarse, after, "coarseEpochMillis");
        assertBetween(before / 1_000, seconds, after / 1_000, "epochSeconds");
    }

    @Test
    void ticksAreNanoTimeNanoseconds() {
        TickReader ticks = assertInstanceOf(TickReader.class, backend.plan(Method.TICKS).reader());
        long before = System.nanoTime();
        long t0 = ticks.read(0);
        long t1 = ticks.read(0);
        long after = System.nanoTime();
        assertBetween(before, t0, after, "ticks");
        assertBetween(t0, t1, after, "ticks, read again");
        assertEquals(1_000_000_000L, ticks.perSecond());
        for (long t : new long[]{0, 1, -1, 999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(t, ticks.toNanos(t), "ticksToNanos is the identity");
        }
        assertEquals(1_000_000_000L, Method.TICKS_PER_SECOND.jdk().read(0));
        assertEquals(12_345L, Method.TICKS_TO_NANOS.jdk().read(12_345L));
    }

    @ParameterizedTest
    @EnumSource(ClockId.class)
    void resolutionForEveryClockId(ClockId id) {
        long expected = id == ClockId.REALTIME_COARSE ? 1_000_000L : 1L;
        assertEquals(expected, backend.plan(Method.RESOLUTION).reader().read(id.linuxId()), id.toString());
    }

    @Test
    void cpuAndNodeAreUnknownAndTheStatusToo() {
        assertEquals(-1, read(Method.CPU));
        assertEquals(-1, read(Method.NODE));
        assertEquals(0, read(Method.IS_SUPPORTED));
        StatusReader status = assertInstanceOf(StatusReader.class, backend.plan(Method.CLOCK_STATUS).reader());
        assertEquals(Timex.UNKNOWN, status.timex());
        assertFalse(status.timex().known());
        assertEquals(-1, status.read(0));
    }

    @Test
    void theDetailsSayWhereTheJdkAnswersFromAnotherClock() {
        assertTrue(Method.BOOT_NANOS.jdkDetail().contains("without the time suspended"), Method.BOOT_NANOS.jdkDetail());
        assertTrue(Method.COARSE_NANOS.jdkDetail().contains("no coarse clock"), Method.COARSE_NANOS.jdkDetail());
        assertTrue(Method.TAI_NANOS.jdkDetail().contains("TAI offset of 0"), Method.TAI_NANOS.jdkDetail());
        assertTrue(Method.RAW_NANOS.jdkDetail().contains("with NTP's rate corrections"), Method.RAW_NANOS.jdkDetail());
    }

    @Test
    void clockIdsCarryTheirLinuxValuesAsTheCatalogueDoes() {
        assertEquals(0, ClockId.REALTIME.linuxId());
        assertEquals(1, ClockId.MONOTONIC.linuxId());
        assertEquals(4, ClockId.MONOTONIC_RAW.linuxId());
        assertEquals(5, ClockId.REALTIME_COARSE.linuxId());
        assertEquals(6, ClockId.MONOTONIC_COARSE.linuxId());
        assertEquals(7, ClockId.BOOTTIME.linuxId());
        assertEquals(11, ClockId.TAI.linuxId());
        assertEquals(7, ClockId.values().length, "a new ClockId needs its linuxId checked here");
        for (Method.Clock c : Method.Clock.values()) {
            assertEquals(c.linuxId(), ClockId.valueOf(c.name()).linuxId(), c + ": the catalogue's clock and the API's ClockId agree");
        }
        assertEquals(ClockId.values().length, Method.Clock.values().length, "every ClockId is a catalogue clock");
    }
}
