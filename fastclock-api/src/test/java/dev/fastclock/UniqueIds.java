package dev.fastclock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two threads calling a unique clock at once, each keeping every value; afterwards each thread's values must
 * strictly increase, the two threads' values must never meet (a merge of the two sorted runs) and must interleave
 * (the threads really ran together), and each value must be greater than the last value the other thread had
 * published before the call began: the clock is one sequence, not one per thread.
 */
final class UniqueIds {

    static final int THREADS = 2;

    private UniqueIds() {
    }

    /**
     * {@code THREADS} threads, started together, each making {@code calls} calls; checks every property in the
     * class comment and returns each thread's values.
     */
    static long[][] run(int calls, LongSupplier clock) throws Exception {
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

}
