package dev.fastclock;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that every FastClock and CpuLocator method answers as the JDK's clocks do, each reading
 * bracketed by JDK reads taken before and after it (no timing thresholds). For JVMs whose provider
 * reads the JDK's clocks: {@code jdk}, or the test provider {@code tally}.
 */
final class Answers {

    private Answers() {
    }

    static void assertBetween(long low, long actual, long high, String what) {
        assertTrue(low <= actual && actual <= high, what + ": expected " + low + " <= " + actual + " <= " + high);
    }

    static long epochNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Every monotonic method, static and through {@link FastClock#source()}. */
    static void assertMonotonicReadsLikeTheJdk() {
        TimeSource source = FastClock.source();
        long before = System.nanoTime();
        long nanos = FastClock.nanos();
        long coarse = FastClock.coarseNanos();
        long boot = FastClock.bootNanos();
        long raw = FastClock.rawNanos();
        long ticks = FastClock.ticks();
        long sourceNanos = source.nanos();
        long sourceCoarse = source.coarseNanos();
        long sourceBoot = source.bootNanos();
        long sourceRaw = source.rawNanos();
        long sourceTicks = source.ticks();
        long after = System.nanoTime();
        assertBetween(before, nanos, after, "nanos");
        assertBetween(before, coarse, after, "coarseNanos");
        assertBetween(before, boot, after, "bootNanos");
        assertBetween(before, raw, after, "rawNanos");
        assertBetween(before, ticks, after, "ticks");
        assertBetween(before, sourceNanos, after, "source().nanos");
        assertBetween(before, sourceCoarse, after, "source().coarseNanos");
        assertBetween(before, sourceBoot, after, "source().bootNanos");
        assertBetween(before, sourceRaw, after, "source().rawNanos");
        assertBetween(before, sourceTicks, after, "source().ticks");
        assertEquals(1_000_000_000L, FastClock.ticksPerSecond());
        assertEquals(1_000_000_000L, source.ticksPerSecond());
        assertEquals(123_456_789L, FastClock.ticksToNanos(123_456_789L));
        assertEquals(-5L, source.ticksToNanos(-5L));
    }

    /** Every wall-clock method, static, through {@link FastClock#source()} and {@link FastClock#systemUTC()}. */
    static void assertWallClockReadsLikeTheJdk() {
        TimeSource source = FastClock.source();
        long msBefore = System.currentTimeMillis();
        Instant before = Instant.now();
        long epochNanos = FastClock.epochNanos();
        long epochMicros = FastClock.epochMicros();
        long epochMillis = FastClock.epochMillis();
        long coarseMillis = FastClock.coarseEpochMillis();
        long epochSeconds = FastClock.epochSeconds();
        long tai = FastClock.taiNanos();
        long sourceEpochNanos = source.epochNanos();
        long sourceMicros = source.epochMicros();
        long sourceMillis = source.epochMillis();
        long sourceCoarseMillis = source.coarseEpochMillis();
        long sourceSeconds = source.epochSeconds();
        long sourceTai = source.taiNanos();
        Instant utc = FastClock.systemUTC().instant();
        long utcMillis = FastClock.systemUTC().millis();
        Instant after = Instant.now();
        long msAfter = System.currentTimeMillis();

        long nBefore = epochNanos(before);
        long nAfter = epochNanos(after);
        assertBetween(nBefore, epochNanos, nAfter, "epochNanos");
        assertBetween(nBefore / 1_000, epochMicros, nAfter / 1_000, "epochMicros");
        assertBetween(msBefore, epochMillis, msAfter, "epochMillis");
        assertBetween(msBefore, coarseMillis, msAfter, "coarseEpochMillis");
        assertBetween(msBefore / 1_000, epochSeconds, msAfter / 1_000, "epochSeconds");
        assertBetween(nBefore, tai, nAfter, "taiNanos (a TAI offset of 0 on the JDK)");
        assertBetween(nBefore, sourceEpochNanos, nAfter, "source().epochNanos");
        assertBetween(nBefore / 1_000, sourceMicros, nAfter / 1_000, "source().epochMicros");
        assertBetween(msBefore, sourceMillis, msAfter, "source().epochMillis");
        assertBetween(msBefore, sourceCoarseMillis, msAfter, "source().coarseEpochMillis");
        assertBetween(msBefore / 1_000, sourceSeconds, msAfter / 1_000, "source().epochSeconds");
        assertBetween(nBefore, sourceTai, nAfter, "source().taiNanos");
        assertTrue(!utc.isBefore(before) && !utc.isAfter(after), before + " <= " + utc + " <= " + after);
        assertBetween(msBefore, utcMillis, msAfter, "systemUTC().millis");
        assertEquals(ZoneOffset.UTC, FastClock.systemUTC().getZone());
    }

    /** The CPU is unknown to the JDK. */
    static void assertCpuUnknown() {
        assertEquals(-1, CpuLocator.cpu());
        assertEquals(-1, CpuLocator.node());
        assertFalse(CpuLocator.isSupported());
        assertEquals(-1, CpuLocator.source().cpu());
        assertEquals(-1, CpuLocator.source().node());
        assertFalse(CpuLocator.source().isSupported());
    }

    /** The JDK's resolutions: 1 ns, 1 ms for the coarse wall clock. */
    static void assertJdkResolutions() {
        for (ClockId id : ClockId.values()) {
            long expected = id == ClockId.REALTIME_COARSE ? 1_000_000L : 1L;
            assertEquals(expected, FastClock.resolutionNanos(id), id.toString());
            assertEquals(expected, FastClock.source().resolutionNanos(id), "source() " + id);
        }
    }

    /**
     * Calls every FastClock and CpuLocator method once, statically and through the sources, each of
     * which makes exactly one backend call.
     *
     * @return how many backend calls that made
     */
    static int callEveryMethodOnce() {
        TimeSource ts = FastClock.source();
        CpuSource cs = CpuLocator.source();
        List<Runnable> calls = new ArrayList<>(List.of(
                FastClock::nanos, FastClock::coarseNanos, FastClock::epochNanos, FastClock::epochMicros,
                FastClock::epochMillis, FastClock::coarseEpochMillis, FastClock::epochSeconds, FastClock::bootNanos,
                FastClock::rawNanos, FastClock::taiNanos, FastClock::ticks, () -> FastClock.ticksToNanos(5),
                FastClock::ticksPerSecond, () -> FastClock.systemUTC().millis(), () -> FastClock.systemUTC().instant(),
                ts::nanos, ts::coarseNanos, ts::epochNanos, ts::epochMicros, ts::epochMillis, ts::coarseEpochMillis,
                ts::epochSeconds, ts::bootNanos, ts::rawNanos, ts::taiNanos, ts::ticks, () -> ts.ticksToNanos(5),
                ts::ticksPerSecond,
                CpuLocator::cpu, CpuLocator::node, CpuLocator::isSupported, cs::cpu, cs::node, cs::isSupported));
        for (ClockId id : ClockId.values()) {
            calls.add(() -> FastClock.resolutionNanos(id));
            calls.add(() -> ts.resolutionNanos(id));
        }
        for (Runnable r : calls) {
            r.run();
        }
        return calls.size();
    }

    /** All of the above. */
    static void assertEveryMethodAnswersLikeTheJdk() {
        assertMonotonicReadsLikeTheJdk();
        assertWallClockReadsLikeTheJdk();
        assertCpuUnknown();
        assertJdkResolutions();
    }
}
