package dev.fastclock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 19: {@link UniqueClock} under two threads calling at once, on this JVM's default provider, checked by
 * {@link UniqueIds#run}.
 */
class UniqueClockThreadsTest {

    @TempDir
    Path dir;

    @Test
    void ofProcessIsOneInstance() {
        assertSame(UniqueClock.ofProcess(), UniqueClock.ofProcess());
        assertEquals("UniqueClock.ofProcess()", UniqueClock.ofProcess().toString());
    }

    @Test
    void ofProcessNanosTwoThreadsTenMillionCallsEachNeverRepeatOrDecrease() throws Exception {
        UniqueClock clock = UniqueClock.ofProcess();
        long[][] ids = UniqueIds.run(10_000_000, clock::epochNanos);
        assertTrue(clock.epochNanos() > max(ids), "a value after both threads finished is above every value they got");
    }

    @Test
    void ofProcessMicrosTwoThreadsNeverRepeatOrDecrease() throws Exception {
        UniqueIds.run(300_000, UniqueClock.ofProcess()::epochMicros);
    }

    @Test
    void ofHostNanosTwoThreadsNeverRepeatOrDecreaseAndKeepTheHostId() throws Exception {
        UniqueClock clock = UniqueClock.ofHost(dir.resolve("ids"), 42);
        long[][] ids = UniqueIds.run(2_000_000, clock::epochNanos);
        for (long[] thread : ids) {
            for (long id : thread) {
                if (UniqueClock.hostIdOf(id) != 42) {
                    fail("host id " + UniqueClock.hostIdOf(id) + " in " + id);
                }
            }
        }
    }

    @Test
    void twoClocksOnOneFileAreOneSequenceWhateverTheirHostIds() throws Exception {
        UniqueClock a = UniqueClock.ofHost(dir.resolve("shared"), 3);
        UniqueClock b = UniqueClock.ofHost(dir.resolve("shared"), 98);
        long[][] ids = UniqueIds.run(1_000_000, () -> Thread.currentThread().getName().endsWith("0") ? a.epochNanos() : b.epochNanos());
        assertTrue(ids[0].length > 0 && UniqueClock.hostIdOf(ids[0][0]) == 3);
        assertTrue(ids[1].length > 0 && UniqueClock.hostIdOf(ids[1][0]) == 98);
    }

    @Test
    void ofHostMicrosTwoThreadsNeverRepeatOrDecrease() throws Exception {
        // 100 µs grain: these run far ahead of the wall clock, as the burst needs
        UniqueIds.run(100_000, UniqueClock.ofHost(dir.resolve("micros"), 7)::epochMicros);
    }

    private static long max(long[][] ids) {
        long m = Long.MIN_VALUE;
        for (long[] thread : ids) {
            m = Math.max(m, thread[thread.length - 1]);
        }
        return m;
    }

    @Test
    void decodesTheTimeAndTheHostId() throws IOException {
        assertEquals(1_700_000_000_123_456_700L, UniqueClock.epochNanosOf(1_700_000_000_123_456_742L));
        assertEquals(42, UniqueClock.hostIdOf(1_700_000_000_123_456_742L));
        assertEquals(1_700_000_000_123_400L, UniqueClock.epochMicrosOf(1_700_000_000_123_442L));
        assertEquals(0, UniqueClock.hostIdOf(0));
        // before 1970 (a settable clock may be there): still the lowest digits of a value counted from the epoch
        assertEquals(-100, UniqueClock.epochNanosOf(-93));
        assertEquals(7, UniqueClock.hostIdOf(-93));

        UniqueClock clock = UniqueClock.ofHost(dir.resolve("decode"), 99);
        long before = FastClock.epochNanos();
        long id = clock.epochNanos();
        assertEquals(99, UniqueClock.hostIdOf(id));
        assertTrue(UniqueClock.epochNanosOf(id) >= before - 99, () -> id + " before " + before);
        long micros = clock.epochMicros();
        assertEquals(99, UniqueClock.hostIdOf(micros));
        assertTrue(UniqueClock.epochMicrosOf(micros) * 1000 > UniqueClock.epochNanosOf(id), "micros reserve above nanos");
    }
}
