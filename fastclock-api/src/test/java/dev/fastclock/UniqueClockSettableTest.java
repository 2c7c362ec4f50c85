package dev.fastclock;

import dev.fastclock.settable.SettableClockProvider;
import dev.fastclock.spi.FastClockProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19: {@link UniqueClock} driven by the installed {@link SettableClock} ({@code -Dfastclock.provider=settable},
 * set before first use in this class's own JVM), so each value can be predicted exactly: the wall clock when it
 * is ahead, the next free value when it is not (a burst, or the clock set back), and the wall clock again once
 * it overtakes.
 *
 * <p>{@link UniqueClock#ofProcess()} keeps its last value for the life of the JVM, so each test starts its
 * clock above everything the tests before it could have reached.
 */
class UniqueClockSettableTest {

    /** 2030-01-01T00:00:00Z. */
    private static final long BASE = 1_893_456_000_000_000_000L;
    private static final long DAY = 86_400_000_000_000L;
    private static long lastDay = BASE;

    @TempDir
    Path dir;

    @BeforeAll
    static void installSettable() {
        System.setProperty(FastClockProvider.PROVIDER_PROPERTY, SettableClockProvider.NAME);
        assertEquals(SettableClockProvider.NAME, FastClock.providerName());
    }

    /** A day after every day a test before this one used, whatever order the tests run in. */
    private static synchronized long freshDay() {
        lastDay += DAY;
        return lastDay;
    }

    private static SettableClock clock() {
        return SettableClock.installed();
    }

    @Test
    void processNanosFollowTheClockRunAheadOfItInABurstAndNeverGoBackWhenItIsSetBack() {
        long t = freshDay();
        UniqueClock unique = UniqueClock.ofProcess();
        clock().setEpochNanos(t);
        assertEquals(t, unique.epochNanos(), "the wall clock, when it is ahead of the last value");
        assertEquals(t + 1, unique.epochNanos(), "the clock has not moved: the next nanosecond");
        assertEquals(t + 2, unique.epochNanos());

        clock().setEpochNanos(t - 5_000_000_000L);
        assertEquals(t + 3, unique.epochNanos(), "the clock set back 5 s: still the next value, not a repeat");
        clock().advance(4_000_000_000L);
        assertEquals(t + 4, unique.epochNanos(), "still behind the last value");

        clock().setEpochNanos(t + 1_000);
        assertEquals(t + 1_000, unique.epochNanos(), "the clock overtook: its value again, no lead kept");
        clock().advance(1);
        assertEquals(t + 1_001, unique.epochNanos());
    }

    @Test
    void processMicrosReserveTheirMicrosecondAgainstTheNanos() {
        long t = freshDay() + 123_456;
        long micros = (t / 1_000);
        UniqueClock unique = UniqueClock.ofProcess();
        clock().setEpochNanos(t);
        assertEquals(micros, unique.epochMicros());
        assertEquals(micros + 1, unique.epochMicros(), "same microsecond: the next one");
        assertEquals((micros + 2) * 1_000, unique.epochNanos(), "nanos come after the microseconds handed out");
        assertEquals(micros + 3, unique.epochMicros(), "and micros after those nanos");

        clock().setEpochNanos(t - 60_000_000_000L);
        assertEquals(micros + 4, unique.epochMicros(), "set back a minute: no repeat");
        clock().setEpochNanos(t + 10_000_000);
        assertEquals(micros + 10_000, unique.epochMicros(), "overtaken: the clock's microsecond");
    }

    @Test
    void hostNanosAreHundredNanosecondSlotsWithTheHostIdAndSurviveTheClockGoingBack() throws IOException {
        long t = freshDay() + 4_321;
        long slot = t / 100 * 100;
        UniqueClock unique = UniqueClock.ofHost(dir.resolve("host"), 7);
        clock().setEpochNanos(t);
        assertEquals(slot + 7, unique.epochNanos());
        assertEquals(slot + 107, unique.epochNanos(), "same slot: the next 100 ns");
        assertEquals(7, UniqueClock.hostIdOf(slot + 107));
        assertEquals(slot + 100, UniqueClock.epochNanosOf(slot + 107));

        clock().setEpochNanos(t - 3_600_000_000_000L);
        assertEquals(slot + 207, unique.epochNanos(), "the clock set back an hour: no repeat, no decrease");

        clock().setEpochNanos(t + 1_000_050);
        assertEquals(slot + 1_000_007, unique.epochNanos(), "overtaken: the clock's slot");
    }

    @Test
    void hostMicrosAreHundredMicrosecondSlotsWithTheHostId() throws IOException {
        long t = freshDay() + 987_654_321;
        long slot = t / 100_000 * 100; // microseconds, 100 µs grain
        UniqueClock unique = UniqueClock.ofHost(dir.resolve("host-micros"), 42);
        clock().setEpochNanos(t);
        assertEquals(slot + 42, unique.epochMicros());
        assertEquals(slot + 142, unique.epochMicros());
        assertEquals((slot + 200) * 1_000 + 42, unique.epochNanos(), "nanos after the 100 µs reserved");
        assertEquals(slot + 342, unique.epochMicros(), "micros after those nanos");
        assertEquals(slot + 300, UniqueClock.epochMicrosOf(slot + 342));
    }

    @Test
    void theFileKeepsTheLastValueForTheNextProcessAndOtherHostIds() throws IOException {
        long t = freshDay();
        Path file = dir.resolve("kept");
        clock().setEpochNanos(t);
        UniqueClock first = UniqueClock.ofHost(file, 1);
        long last = 0;
        for (int i = 0; i < 1_000; i++) {
            last = first.epochNanos();
        }
        assertEquals(t + 99_900 + 1, last, "a frozen clock: 1000 slots from t");

        // A second mapping of the file, as another process has, with another host id: on from the same word.
        UniqueClock second = UniqueClock.ofHost(file, 2);
        assertEquals(t + 100_000 + 2, second.epochNanos());
        assertEquals(t + 100_100 + 1, first.epochNanos());
    }

    @Test
    void aFrozenClockUnderTwoThreadsGivesEachValueOnceAndLeavesNoGap() throws Exception {
        // Every call but the first finds the clock behind the last value: the path a burst takes, contended.
        long t = freshDay();
        clock().setEpochNanos(t);
        int calls = 2_000_000;
        long[][] ids = UniqueIds.run(calls, UniqueClock.ofProcess()::epochNanos);
        assertEquals(t + 2L * calls - 1, Math.max(ids[0][calls - 1], ids[1][calls - 1]),
                "2 x " + calls + " distinct values from t on, none skipped");
    }

    @Test
    void aFrozenClockUnderTwoThreadsOnAFile() throws Exception {
        long t = freshDay();
        clock().setEpochNanos(t);
        int calls = 1_000_000;
        long[][] ids = UniqueIds.run(calls, UniqueClock.ofHost(dir.resolve("frozen"), 11)::epochNanos);
        assertEquals(t + (2L * calls - 1) * 100 + 11, Math.max(ids[0][calls - 1], ids[1][calls - 1]));
    }

    @Test
    void aValueBeyondTheEndOfALongIsRefusedAndNothingIsWritten() throws IOException {
        UniqueClock unique = UniqueClock.ofHost(dir.resolve("end"), 5);
        clock().setEpochNanos(Long.MAX_VALUE - 10);
        IllegalStateException e = assertThrows(IllegalStateException.class, unique::epochNanos);
        assertTrue(e.getMessage().contains("end of a long"), e::getMessage);
        assertThrows(IllegalStateException.class, unique::epochMicros);

        long t = freshDay();
        clock().setEpochNanos(t);
        assertEquals(t + 5, unique.epochNanos(), "the clock works on once the wall clock is sane again");
    }
}
