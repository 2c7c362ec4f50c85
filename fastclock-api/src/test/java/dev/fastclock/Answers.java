package dev.fastclock;

import dev.fastclock.spi.Method;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that every FastClock and CpuLocator method answers as the JDK's clocks do, each reading
 * bracketed by JDK reads taken before and after it (no timing thresholds), for every row of the
 * catalogue. For JVMs whose provider reads the JDK's clocks: {@code jdk}, or the test provider
 * {@code tally}.
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

    /** The JDK's wall clock now, in {@code unit} (floored, as the JDK's answers are). */
    private static long jdkWall(Method.Unit unit) {
        return Math.floorDiv(epochNanos(Instant.now()), unit.nanos());
    }

    /**
     * {@code read} answers {@code m} as the JDK does: a monotonic clock or ticks between two
     * {@code System.nanoTime()} reads, a wall clock between two {@code Instant.now()} reads in the row's
     * unit, the rest the JDK's fixed answers (CPU unknown, not supported, status unknown, 1 ns, 10^9).
     */
    static void assertAnswersLikeTheJdk(Method m, LongSupplier read, String how) {
        String what = how + " " + m.qualifiedName();
        if (m == Method.TICKS || m.clock() != null && !m.clock().wall()) {
            long before = System.nanoTime();
            long v = read.getAsLong();
            long after = System.nanoTime();
            assertBetween(before, v, after, what);
        } else if (m.clock() != null) {
            long before = jdkWall(m.unit());
            long v = read.getAsLong();
            long after = jdkWall(m.unit());
            assertBetween(before, v, after, what);
        } else {
            long expected = switch (m) {
                case TICKS_TO_NANOS, TICKS_PER_SECOND -> 1_000_000_000L; // ticksToNanos(ticksPerSecond()): the identity
                case RESOLUTION -> 1; // of MONOTONIC
                case CPU, NODE, CLOCK_STATUS -> -1; // unknown
                case IS_SUPPORTED -> 0;
                default -> throw new AssertionError("a catalogue row Answers does not know: " + m);
            };
            assertEquals(expected, read.getAsLong(), what);
        }
    }

    /** Every row, through {@link FastClock#read}, the static method itself and {@link FastClock#source()}. */
    static void assertEveryRowReadsLikeTheJdk() {
        for (Method m : Method.values()) {
            assertAnswersLikeTheJdk(m, () -> FastClock.read(m), "FastClock.read");
            assertAnswersLikeTheJdk(m, () -> Catalogue.callStatic(m), "static");
            assertAnswersLikeTheJdk(m, () -> Catalogue.callSource(m), "source()");
        }
    }

    /** The wall clock through {@link FastClock#systemUTC()}. */
    static void assertSystemUtcReadsLikeTheJdk() {
        long msBefore = System.currentTimeMillis();
        Instant before = Instant.now();
        Instant utc = FastClock.systemUTC().instant();
        long utcMillis = FastClock.systemUTC().millis();
        Instant after = Instant.now();
        long msAfter = System.currentTimeMillis();
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

    /** The JDK cannot tell the kernel's clock state. */
    static void assertClockStatusUnknown() {
        long before = epochNanos(Instant.now());
        ClockStatus s = FastClock.clockStatus();
        long after = epochNanos(Instant.now());
        assertFalse(s.known(), s::toString);
        assertFalse(s.isSynchronized(), s::toString);
        assertEquals(ClockStatus.unknown(s.readAtEpochNanos()), s);
        assertBetween(before, s.readAtEpochNanos(), after, "clockStatus().readAtEpochNanos()");
        assertEquals(ClockStatus.unknown(0).state(), FastClock.source().clockStatus().state());
    }

    /**
     * Calls every catalogue row once through {@link FastClock#read}, once through the sources, every
     * clock's resolution both ways and {@link FastClock#systemUTC()}'s two readings.
     *
     * @return how many reader calls the chosen backend saw for them: one each, but two for
     *         {@code ticksToNanos(ticksPerSecond())} and for {@code clockStatus()} (the status, then
     *         {@code epochNanos()} for its time)
     */
    static int callEveryMethodOnce() {
        int calls = 0;
        for (Method m : Method.values()) {
            int each = m == Method.TICKS_TO_NANOS || m == Method.CLOCK_STATUS ? 2 : 1;
            FastClock.read(m);
            Catalogue.callSource(m);
            calls += 2 * each;
        }
        for (ClockId id : ClockId.values()) {
            FastClock.resolutionNanos(id);
            FastClock.source().resolutionNanos(id);
            calls += 2;
        }
        FastClock.systemUTC().millis();
        FastClock.systemUTC().instant();
        return calls + 2;
    }

    /** All of the above. */
    static void assertEveryMethodAnswersLikeTheJdk() {
        assertEveryRowReadsLikeTheJdk();
        assertSystemUtcReadsLikeTheJdk();
        assertCpuUnknown();
        assertJdkResolutions();
        assertClockStatusUnknown();
    }
}
