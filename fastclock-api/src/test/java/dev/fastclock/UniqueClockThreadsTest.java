package dev.fastclock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 19: {@link UniqueClock} under two threads calling at once, on this JVM's default provider. Each thread
 * keeps every value; afterwards each thread's values must strictly increase, the two threads' values must never
 * meet (a merge of the two sorted runs), and each value must be greater than the last value the other thread had
 * published before the call began: the clock is one sequence, not one per thread.
 */
class UniqueClockThreadsTest {

    private static final int THREADS = 2;

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
        long[][] ids = run(10_000_000, clock::epochNanos);
        assertTrue(clock.epochNanos() > max(ids), "a value after both threads finished is above every value they got");
    }

    @Test
    void ofProcessMicrosTwoThreadsNeverRepeatOrDecrease() throws Exception {
        run(300_000, UniqueClock.ofProcess()::epochMicros);
    }

    @Test
    void ofHostNanosTwoThreadsNeverRepeatOrDecreaseAndKeepTheHostId() throws Exception {
        UniqueClock clock = UniqueClock.ofHost(dir.resolve("ids"), 42);
        long[][] ids = run(2_000_000, clock::epochNanos);
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
        long[][] ids = run(1_000_000, () -> Thread.currentThread().getName().endsWith("0") ? a.epochNanos() : b.epochNanos());
        assertTrue(ids[0].length > 0 && UniqueClock.hostIdOf(ids[0][0]) == 3);
        assertTrue(ids[1].length > 0 && UniqueClock.hostIdOf(ids[1][0]) == 98);
    }

    @Test
    void ofHostMicrosTwoThreadsNeverRepeatOrDecrease() throws Exception {
        // 100 µs grain: these run far ahead of the wall clock, as the burst needs
        run(100_000, UniqueClock.ofHost(dir.resolve("micros"), 7)::epochMicros);
    }

    /**
     * {@code THREADS} threads, started together, each making {@code calls} calls; checks every property in the
     * class comment and returns each thread's values.
     */
    private static long[][] run(int calls, LongSupplier clock) throws Exception {
        long[][] ids = new long[THREADS][calls];
        // Each thread's latest value, published after each call (slots 8 apart: no false sharing between them);
        // a value below the other thread's value published before the call would be a decrease.
        AtomicLongArray published = new AtomicLongArray(8 * THREADS);
        long[] violations = new long[THREADS];
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int me = t;
            int other = 8 * ((t + 1) % THREADS);
            threads.add(Thread.ofPlatform().name("unique-" + t).start(() -> {
                try {
                    long[] mine = ids[me];
                    start.await();
                    for (int i = 0; i < calls; i++) {
                        long seen = published.get(other);
                        long id = clock.getAsLong();
                        if (id <= seen && violations[me]++ == 0) {
                            failures.add(new AssertionError("thread " + me + " got " + id + " after the other thread had "
                                    + "published " + seen));
                        }
                        mine[i] = id;
                        published.lazySet(8 * me, id);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            Bounded.join(t);
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " failure(s); " + violations[0] + " + " + violations[1]
                    + " values not above the other thread's last");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        for (int t = 0; t < THREADS; t++) {
            long[] mine = ids[t];
            for (int i = 1; i < mine.length; i++) {
                if (mine[i] <= mine[i - 1]) {
                    fail("thread " + t + ": value " + i + " is " + mine[i] + ", not above the one before, " + mine[i - 1]);
                }
            }
        }
        assertNoCommonValue(ids[0], ids[1]);
        return ids;
    }

    /** Both strictly increasing: one merge finds any value in both. */
    static void assertNoCommonValue(long[] a, long[] b) {
        int i = 0;
        int j = 0;
        long interleavings = 0;
        boolean lastFromA = true;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                fail("both threads got " + a[i] + " (value " + i + " of one, " + j + " of the other)");
            }
            boolean fromA = a[i] < b[j];
            if (fromA != lastFromA) {
                interleavings++;
                lastFromA = fromA;
            }
            if (fromA) {
                i++;
            } else {
                j++;
            }
        }
        // The threads really ran at once (else this test proves nothing about contention).
        assertTrue(interleavings > 1, "the two threads' values never interleaved: they did not run at the same time");
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
