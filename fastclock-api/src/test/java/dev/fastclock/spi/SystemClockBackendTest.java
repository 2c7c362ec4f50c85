package dev.fastclock.spi;

import dev.fastclock.ClockId;
import dev.fastclock.testproviders.RouteCoverage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SystemClockBackend}, the {@code jdk} provider's backend, against the JDK, bounded by JDK reads
 * before and after; no timing thresholds.
 */
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
    void bootAndRawNanosAreNanoTimeAndTaiIsEpochNanos() {
        long before = System.nanoTime();
        long boot = backend.bootNanos();
        long raw = backend.rawNanos();
        long after = System.nanoTime();
        assertBetween(before, boot, after, "bootNanos");
        assertBetween(before, raw, after, "rawNanos");
        assertTrue(boot <= raw, "rawNanos, read later, is not behind bootNanos");

        Instant iBefore = Instant.now();
        long tai = backend.taiNanos();
        Instant iAfter = Instant.now();
        assertBetween(nanosOf(iBefore), tai, nanosOf(iAfter), "taiNanos (a TAI offset of 0)");
    }

    @Test
    void ticksAreNanoTimeNanoseconds() {
        long before = System.nanoTime();
        long t0 = backend.ticks();
        long t1 = backend.ticks();
        long after = System.nanoTime();
        assertBetween(before, t0, after, "ticks");
        assertBetween(t0, t1, after, "ticks, read again");
        assertEquals(1_000_000_000L, backend.ticksPerSecond());
        for (long t : new long[]{0, 1, -1, 999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(t, backend.ticksToNanos(t), "ticksToNanos is the identity");
        }
    }

    @ParameterizedTest
    @EnumSource(ClockId.class)
    void resolutionForEveryClockId(ClockId id) {
        long expected = id == ClockId.REALTIME_COARSE ? 1_000_000L : 1L;
        assertEquals(expected, backend.resolutionNanos(id.linuxId()), id.toString());
    }

    @Test
    void cpuAndNodeAreUnknown() {
        assertEquals(-1, backend.cpu());
        assertEquals(-1, backend.node());
        assertFalse(backend.isSupported());
    }

    @Test
    void routesNameEveryMethodOnceAllJdk() {
        List<MethodRoute> routes = backend.routes();
        List<String> methods = routes.stream().map(MethodRoute::method).toList();
        assertEquals(methods.stream().distinct().toList(), methods, "each method once");
        assertEquals(RouteCoverage.expectedMethods(), Set.copyOf(methods), "one route per API method");
        for (MethodRoute r : routes) {
            assertEquals("jdk", r.route(), r.toString());
            assertFalse(r.detail().isBlank(), r.toString());
            assertEquals(List.of(), r.passedOver(), r.toString());
        }
        // Where the JDK answers from another clock, the detail says so.
        assertTrue(detail(routes, "bootNanos").contains("without the time suspended"), detail(routes, "bootNanos"));
        assertTrue(detail(routes, "coarseNanos").contains("no coarse clock"), detail(routes, "coarseNanos"));
        assertTrue(detail(routes, "taiNanos").contains("TAI offset of 0"), detail(routes, "taiNanos"));
        assertEquals(List.of(), backend.notes());
    }

    private static String detail(List<MethodRoute> routes, String method) {
        return routes.stream().filter(r -> r.method().equals(method)).findFirst().orElseThrow().detail();
    }

    @Test
    void clockIdsCarryTheirLinuxValues() {
        assertEquals(0, ClockId.REALTIME.linuxId());
        assertEquals(1, ClockId.MONOTONIC.linuxId());
        assertEquals(4, ClockId.MONOTONIC_RAW.linuxId());
        assertEquals(5, ClockId.REALTIME_COARSE.linuxId());
        assertEquals(6, ClockId.MONOTONIC_COARSE.linuxId());
        assertEquals(7, ClockId.BOOTTIME.linuxId());
        assertEquals(11, ClockId.TAI.linuxId());
        assertEquals(7, ClockId.values().length, "a new ClockId needs its linuxId checked here");
    }
}
