package dev.fastclock;

import dev.fastclock.spi.FastClockBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SettableClock} as an injected instance (no FastClock static method is called here). */
class SettableClockTest {

    private static void assertReadings(SettableClock c, long nanos, long epochNanos) {
        assertEquals(nanos, c.nanos(), "nanos");
        assertEquals(nanos, c.coarseNanos(), "coarseNanos");
        assertEquals(epochNanos, c.epochNanos(), "epochNanos");
    }

    @Test
    void startsAtZeroTheEpochAndCpuUnknown() {
        SettableClock c = new SettableClock();
        assertReadings(c, 0, 0);
        assertEquals(0, c.epochMillis());
        assertEquals(-1, c.cpu());
        assertEquals(-1, c.node());
        assertFalse(c.isSupported());
    }

    @Test
    void constructorSetsBothReadings() {
        assertReadings(new SettableClock(17, -42), 17, -42);
    }

    @Test
    void advanceByNanosMovesBothReadings() {
        SettableClock c = new SettableClock(100, 1_000);
        assertSame(c, c.advance(25));
        assertReadings(c, 125, 1_025);
        c.advance(0);
        assertReadings(c, 125, 1_025);
    }

    @Test
    void advanceByDurationMovesBothReadings() {
        SettableClock c = new SettableClock(100, 1_000);
        assertSame(c, c.advance(Duration.ofMillis(3).plusNanos(4)));
        assertReadings(c, 3_000_104, 3_001_004);
        c.advance(Duration.ofDays(1));
        assertReadings(c, 86_400_003_000_104L, 86_400_003_001_004L);
    }

    @Test
    void negativeAdvanceThrowsAndChangesNothing() {
        SettableClock c = new SettableClock(100, 1_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.advance(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.advance(Duration.ofNanos(-1)));
        assertThrows(IllegalArgumentException.class, () -> c.advance(Duration.ofSeconds(-5)));
        assertReadings(c, 100, 1_000);
    }

    @Test
    void advanceByTooLongADurationThrowsArithmeticException() {
        SettableClock c = new SettableClock();
        assertThrows(ArithmeticException.class, () -> c.advance(Duration.ofDays(365L * 1_000)));
        assertReadings(c, 0, 0);
    }

    @Test
    void advanceThatWouldOverflowEitherReadingChangesNeither() {
        // The wall clock overflows, the monotonic one would not: both must stay put.
        SettableClock wall = new SettableClock(0, Long.MAX_VALUE - 5);
        assertThrows(ArithmeticException.class, () -> wall.advance(10));
        assertReadings(wall, 0, Long.MAX_VALUE - 5);

        SettableClock mono = new SettableClock(Long.MAX_VALUE - 5, 0);
        assertThrows(ArithmeticException.class, () -> mono.advance(10));
        assertReadings(mono, Long.MAX_VALUE - 5, 0);
    }

    @Test
    void setNanosMovesOnlyTheMonotonicReading() {
        SettableClock c = new SettableClock(100, 1_000);
        assertSame(c, c.setNanos(-5));
        assertReadings(c, -5, 1_000);
    }

    @Test
    void setEpochNanosMovesOnlyTheWallClockAndMayGoBack() {
        SettableClock c = new SettableClock(100, 1_000);
        assertSame(c, c.setEpochNanos(10));
        assertReadings(c, 100, 10);
        c.setEpochNanos(-3_000_000_000L);
        assertReadings(c, 100, -3_000_000_000L);
    }

    @Test
    void setEpochMovesOnlyTheWallClock() {
        SettableClock c = new SettableClock(100, 1_000);
        Instant when = Instant.parse("2024-02-29T12:34:56.789012345Z");
        assertSame(c, c.setEpoch(when));
        assertReadings(c, 100, when.getEpochSecond() * 1_000_000_000L + 789_012_345L);
        assertEquals(when, c.asClock().instant());
    }

    @Test
    void setEpochBefore1970() {
        SettableClock c = new SettableClock();
        c.setEpoch(Instant.parse("1969-12-31T23:59:59.999999999Z"));
        assertEquals(-1, c.epochNanos());
        c.setEpoch(Instant.parse("1969-12-31T23:59:58.5Z"));
        assertEquals(-1_500_000_000L, c.epochNanos());
    }

    @Test
    void setEpochRejectsNullAndInstantsOutOfRange() {
        SettableClock c = new SettableClock(0, 7);
        assertThrows(NullPointerException.class, () -> c.setEpoch(null));
        assertThrows(ArithmeticException.class, () -> c.setEpoch(Instant.MAX));
        assertThrows(ArithmeticException.class, () -> c.setEpoch(Instant.MIN));
        assertThrows(ArithmeticException.class, () -> c.setEpoch(Instant.parse("2262-04-11T23:47:16.854775808Z")));
        assertEquals(7, c.epochNanos());
        c.setEpoch(Instant.parse("2262-04-11T23:47:16.854775807Z"));
        assertEquals(Long.MAX_VALUE, c.epochNanos());
    }

    @ParameterizedTest(name = "epochNanos {0}")
    @CsvSource({
            // epochNanos,            micros,            millis,         seconds
            "0,                       0,                 0,              0",
            "999,                     0,                 0,              0",
            "1000,                    1,                 0,              0",
            "1999999999,              1999999,           1999,           1",
            "-1,                      -1,                -1,             -1",
            "-1000,                   -1,                -1,             -1",
            "-1001,                   -2,                -1,             -1",
            "-999999999,              -1000000,          -1000,          -1",
            "-1000000000,             -1000000,          -1000,          -1",
            "-1000000001,             -1000001,          -1001,          -2",
            "9223372036854775807,     9223372036854775,  9223372036854,  9223372036",
            "-9223372036854775808,    -9223372036854776, -9223372036855, -9223372037",
    })
    void derivedReadingsFloorTowardsMinusInfinity(long epochNanos, long micros, long millis, long seconds) {
        SettableClock c = new SettableClock(0, epochNanos);
        assertEquals(micros, c.epochMicros(), "epochMicros");
        assertEquals(millis, c.epochMillis(), "epochMillis");
        assertEquals(millis, c.coarseEpochMillis(), "coarseEpochMillis");
        assertEquals(seconds, c.epochSeconds(), "epochSeconds");
        assertEquals(millis, c.asClock().millis(), "asClock().millis()");
        assertEquals(millis, c.asClock().instant().toEpochMilli(), "asClock().instant()");
    }

    @Test
    void setCpuValidatesAndTogglesIsSupported() {
        SettableClock c = new SettableClock();
        assertSame(c, c.setCpu(0, -1));
        assertEquals(0, c.cpu());
        assertEquals(-1, c.node());
        assertTrue(c.isSupported(), "CPU 0 is a real CPU");

        c.setCpu(63, 3);
        assertEquals(63, c.cpu());
        assertEquals(3, c.node());
        assertTrue(c.isSupported());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.setCpu(-2, 0));
        assertTrue(e.getMessage().contains("-2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.setCpu(0, -2));
        assertThrows(IllegalArgumentException.class, () -> c.setCpu(Integer.MIN_VALUE, Integer.MIN_VALUE));
        assertEquals(63, c.cpu(), "a rejected setCpu changes nothing");
        assertEquals(3, c.node(), "a rejected setCpu changes nothing");

        c.setCpu(-1, -1);
        assertEquals(-1, c.cpu());
        assertFalse(c.isSupported());
    }

    @Test
    void resolutionIsOneForEveryClockAndNullIsRejected() {
        SettableClock c = new SettableClock();
        for (ClockId id : ClockId.values()) {
            assertEquals(1, c.resolutionNanos(id), id.toString());
        }
        assertThrows(NullPointerException.class, () -> c.resolutionNanos(null));
    }

    @Test
    void asClockIsAUtcViewThatFollowsTheClock() {
        SettableClock c = new SettableClock(0, 1_500_000_000L);
        java.time.Clock view = c.asClock();
        assertEquals(ZoneOffset.UTC, view.getZone());
        assertEquals(1_500L, view.millis());
        c.advance(Duration.ofMillis(250));
        assertEquals(1_750L, view.millis());
        assertEquals(Instant.ofEpochMilli(1_750L), view.instant());
        assertEquals(c.asClock(), view, "views of the same clock are equal");
    }

    @Test
    void ticksFollowNanosOneTickOneNanosecond() {
        SettableClock c = new SettableClock(1_000, 5);
        assertEquals(1_000, c.ticks());
        assertEquals(1_000_000_000L, c.ticksPerSecond());
        long t0 = c.ticks();
        c.advance(Duration.ofMillis(7).plusNanos(3));
        long t1 = c.ticks();
        assertEquals(7_000_003L, t1 - t0, "advance moves the ticks by the same nanoseconds");
        assertEquals(7_000_003L, c.ticksToNanos(t1 - t0));
        for (long t : new long[]{0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(t, c.ticksToNanos(t), "ticksToNanos is the identity");
        }
        c.setNanos(-40);
        assertEquals(-40, c.ticks(), "ticks are the monotonic reading, whatever it is set to");
        c.setEpochNanos(123);
        assertEquals(-40, c.ticks(), "and do not follow the wall clock");
    }

    @Test
    void bootAndRawNanosAreTheMonotonicReadingAndTaiTheWallClock() {
        SettableClock c = new SettableClock(100, 1_000);
        assertEquals(100, c.bootNanos());
        assertEquals(100, c.rawNanos());
        assertEquals(1_000, c.taiNanos());
        c.advance(50);
        assertEquals(150, c.bootNanos());
        assertEquals(150, c.rawNanos());
        assertEquals(1_050, c.taiNanos());
        c.setEpochNanos(-7);
        assertEquals(150, c.bootNanos());
        assertEquals(-7, c.taiNanos());
        c.setNanos(3);
        assertEquals(3, c.bootNanos());
        assertEquals(3, c.rawNanos());
        assertEquals(-7, c.taiNanos());
    }

    @Test
    void isAUserTypeNotABackend() {
        // Issue 9, layering: a user's SettableClock carries no SPI; SettableBackend wraps it for providers.
        assertFalse(FastClockBackend.class.isAssignableFrom(SettableClock.class));
        assertTrue(TimeSource.class.isAssignableFrom(SettableClock.class));
        assertTrue(CpuSource.class.isAssignableFrom(SettableClock.class));
        for (java.lang.reflect.Method m : SettableClock.class.getMethods()) {
            assertFalse(m.getName().equals("describeRoutes") || m.getName().equals("routes") || m.getName().equals("notes"),
                    m.toString());
        }
    }

    @Test
    void clockStatusIsUnknownUntilSetAndReadAtTheClocksTime() {
        SettableClock c = new SettableClock(0, 1_000);
        assertEquals(ClockStatus.unknown(1_000), c.clockStatus());
        ClockStatus set = ClockStatus.of(ClockStatus.TIME_ERROR, ClockStatus.STA_UNSYNC, 5, -1.5, 16_000_000, 16_000_000, 0, 42);
        assertSame(c, c.setClockStatus(set));
        c.advance(500);
        assertEquals(ClockStatus.of(ClockStatus.TIME_ERROR, ClockStatus.STA_UNSYNC, 5, -1.5, 16_000_000, 16_000_000, 0, 1_500), c.clockStatus(),
                "every field as set, read at the clock's epochNanos");
        c.setClockStatus(ClockStatus.unknown(3));
        assertEquals(ClockStatus.unknown(1_500), c.clockStatus());
        c.setClockStatus(set).setClockStatus(null);
        assertEquals(ClockStatus.unknown(1_500), c.clockStatus(), "null is unknown again");
    }

    @Test
    void aTimeSourceWithoutAStatusSaysUnknown() {
        SettableClock wall = new SettableClock(0, 77);
        TimeSource minimal = new TimeSource() {
            @Override public long nanos() { return 1; }
            @Override public long coarseNanos() { return 1; }
            @Override public long epochNanos() { return wall.epochNanos(); }
            @Override public long epochMicros() { return 0; }
            @Override public long epochMillis() { return 0; }
            @Override public long coarseEpochMillis() { return 0; }
            @Override public long epochSeconds() { return 0; }
            @Override public long resolutionNanos(ClockId clock) { return 1; }
        };
        assertEquals(ClockStatus.unknown(77), minimal.clockStatus(), "the default: unknown, read at its epochNanos");
    }

    @Test
    void installedIsTheSameClockEveryTime() {
        assertSame(SettableClock.installed(), SettableClock.installed());
    }

    @Test
    void toStringSaysWhatItIs() {
        SettableClock c = new SettableClock(1, 2).setCpu(3, 4);
        assertEquals("SettableClock[nanos=1, epochNanos=2, cpu=3, node=4]", c.toString());
    }
}
