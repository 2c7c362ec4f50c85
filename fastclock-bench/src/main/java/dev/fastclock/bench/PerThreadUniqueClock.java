package dev.fastclock.bench;

import dev.fastclock.FastClock;
import dev.fastclock.UniqueClock;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A prototype, measured by {@link UniqueClockBench} and not part of FastClock's API: issue 19's "moonshot", unique
 * ids with no shared write on the hot path.
 *
 * <p>Each thread owns one residue modulo {@value #STRIPES} (its stripe, given once from a counter) and its own
 * last value, in a {@link ThreadLocal}; a call reads the clock, rounds it up to the next value of the thread's
 * stripe and, if that is not above the thread's last value, takes the last value plus {@value #STRIPES}. A plain
 * write to a field only this thread touches: no atomic instruction, no cache line shared with another thread.
 *
 * <p>It keeps: unique across threads (no two threads share a stripe), strictly increasing per thread, never below
 * {@link FastClock#epochNanos()} read inside the call, reads as epoch nanoseconds within {@value #STRIPES} ns plus
 * the thread's own burst. It gives up: order across threads ({@link UniqueClock#ofProcess()} gives a value greater
 * than every value returned before to any thread; here a value can be up to {@value #STRIPES} ns, or one thread's
 * burst lead, below one another thread returned earlier), and each thread's grain is {@value #STRIPES} ns, so a
 * thread calling more often than that runs ahead of the wall clock. A real version would also need to give
 * stripes back when threads end (more than {@value #STRIPES} threads fall back to {@link UniqueClock#ofProcess()}
 * here) and would not suit virtual threads (a thread-local per virtual thread).
 */
final class PerThreadUniqueClock {

    static final int STRIPES = 16;

    private static final AtomicInteger NEXT_STRIPE = new AtomicInteger();
    private static final ThreadLocal<Cell> CELLS = ThreadLocal.withInitial(Cell::new);

    /** A thread's stripe and last value; only that thread reads or writes it. */
    private static final class Cell {
        final int stripe = NEXT_STRIPE.getAndIncrement();
        long last = Long.MIN_VALUE;
    }

    private PerThreadUniqueClock() {
    }

    static long epochNanos() {
        Cell c = CELLS.get();
        if (c.stripe >= STRIPES) {
            return UniqueClock.ofProcess().epochNanos();
        }
        long now = FastClock.epochNanos();
        // The first value of this thread's stripe at or after now.
        long next = now + ((c.stripe - now) & (STRIPES - 1));
        if (next <= c.last) {
            next = c.last + STRIPES;
        }
        c.last = next;
        return next;
    }

    /** The stripe of an id: which thread made it. */
    static int stripeOf(long id) {
        return (int) (id & (STRIPES - 1));
    }
}
