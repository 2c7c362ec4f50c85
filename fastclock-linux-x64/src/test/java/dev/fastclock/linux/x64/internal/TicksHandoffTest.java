package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.Reader;
import dev.fastclock.spi.TickReader;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 17's cross-thread promise of {@code ticks()}: a reading is never behind a reading the thread
 * has seen, its own or another thread's (as {@code System.nanoTime()}). Two threads pass their readings
 * back and forth for seconds: each publishes its latest reading and, in a loop, loads the other's
 * latest, then reads the counter and compares it with the larger of the two it has seen. With zero
 * tolerance: one reading behind fails the test, and the message gives the counts. Run on the TSC
 * route (forced where the kernel does not trust the counter: {@code lfence; rdtsc} is the read under
 * test either way) with the two threads pinned to CPUs 0 and 1, and unpinned; on the default route;
 * and through the facade in a child JVM with {@code -Dfastclock.route=tsc}.
 *
 * <p>The readings pass with release/acquire (a plain store and load on x86), the cheapest publication
 * there is, so nothing but the read's own ordering keeps a reading from running ahead of the load of
 * the other's: an unordered {@code rdtsc} was measured behind here (issue 17). No timing is asserted:
 * a preempted thread only makes fewer comparisons, never a reading earlier.
 */
class TicksHandoffTest {

    /** How long each of the two long runs lasts. */
    private static final long RUN_NANOS = 10_000_000_000L;
    /** How long the short runs (the default route, the control) last. */
    private static final long SHORT_RUN_NANOS = 1_000_000_000L;

    /** What one thread saw. */
    static final class Side {
        long readings;
        /** Readings in which the other's latest reading had moved since the last one: handoffs seen. */
        long handoffs;
        long behind;
        long worstTicks;
        String worst;
    }

    /** Both sides of a run. */
    record Run(String what, Side[] sides, long nanos) {
        long readings() {
            return sides[0].readings + sides[1].readings;
        }

        long behind() {
            return sides[0].behind + sides[1].behind;
        }

        String summary(TickReader conversion) {
            StringBuilder s = new StringBuilder(what).append(" for ").append(nanos / 1_000_000).append(" ms: ").append(readings())
                    .append(" readings, ").append(behind()).append(" behind a reading their thread had seen");
            for (int p = 0; p < 2; p++) {
                Side d = sides[p];
                s.append("; thread ").append(p).append(": ").append(d.readings).append(" readings, ").append(d.handoffs)
                        .append(" fresh readings of the other's, ").append(d.behind).append(" behind");
                if (d.worst != null) {
                    s.append(" (worst ").append(conversion.toNanos(d.worstTicks)).append(" ns: ").append(d.worst).append(')');
                }
            }
            return s.toString();
        }
    }

    /** The two published readings. */
    private static final class Court {
        final AtomicLong[] latest = {new AtomicLong(Long.MIN_VALUE), new AtomicLong(Long.MIN_VALUE)};
        volatile boolean stop;
    }

    /**
     * Two threads, pinned to CPUs 0 and 1 or not, each reading {@code read} after loading the other's
     * latest reading, for {@code nanos} of wall time. {@code offsetOfThread1} is subtracted from thread
     * 1's readings (the control: a counter offset on one CPU).
     */
    static Run handoff(String what, Reader read, boolean pinned, long nanos, long offsetOfThread1) throws InterruptedException {
        if (pinned) {
            Affinity.assumeCpus(0, 1);
        }
        Court court = new Court();
        Side[] sides = {new Side(), new Side()};
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[2];
        for (int p = 0; p < 2; p++) {
            int me = p;
            threads[p] = new Thread(() -> {
                try {
                    if (pinned) {
                        Affinity.pin(me);
                    }
                    play(court, me, sides[me], read, me == 1 ? offsetOfThread1 : 0);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    court.stop = true;
                }
            }, "ticks-handoff-" + (pinned ? "cpu" : "thread") + p);
        }
        long t0 = System.nanoTime();
        for (Thread t : threads) {
            t.start();
        }
        try {
            while (!court.stop && System.nanoTime() - t0 < nanos) {
                Thread.sleep(50);
            }
        } finally {
            court.stop = true;
            for (Thread t : threads) {
                t.join();
            }
        }
        if (failure.get() != null) {
            if (failure.get() instanceof Error e) {
                throw e;
            }
            throw new AssertionError(what, failure.get());
        }
        return new Run(what + (pinned ? ", pinned to CPUs 0 and 1" : ", unpinned"), sides, System.nanoTime() - t0);
    }

    /** One side: load the other's latest, read, compare with the larger of it and this thread's last, publish. */
    private static void play(Court court, int me, Side side, Reader read, long offset) {
        AtomicLong mine = court.latest[me];
        AtomicLong theirs = court.latest[1 - me];
        long last = Long.MIN_VALUE;
        long lastSeen = Long.MIN_VALUE;
        long readings = 0;
        long handoffs = 0;
        while (!court.stop) {
            long seen = theirs.getAcquire();
            long now = read.read(0) - offset;
            long floor = Math.max(seen, last);
            if (now < floor) {
                side.behind++;
                if (floor - now > side.worstTicks) {
                    side.worstTicks = floor - now;
                    side.worst = "read " + now + " after seeing " + (seen >= last ? "the other's " + seen : "its own " + last);
                }
            }
            if (seen != lastSeen) {
                handoffs++;
                lastSeen = seen;
            }
            readings++;
            mine.setRelease(now);
            last = now;
        }
        side.readings = readings;
        side.handoffs = handoffs;
    }

    private static TickReader forcedTsc() {
        TickReader r = new Facade(LinuxX64Provider.backend(Route.TSC)).tickReader();
        Call c = (Call) r;
        assertSame(Stubs.handle(Stubs.Shape.TSC, true).orElseThrow(), c.handle(), "the tsc route reads with the lfence; rdtsc stub");
        assertTrue(c.tsc() != null, "and converts with its calibrator");
        return r;
    }

    private static void assertNoneBehind(Run run, TickReader conversion) {
        String summary = run.summary(conversion);
        System.out.println(summary);
        assertTrue(run.readings() > 0 && run.sides()[0].handoffs > 1 && run.sides()[1].handoffs > 1,
                "each thread saw the other's readings: " + summary);
        assertEquals(0, run.behind(), summary);
    }

    @Test
    void onTheTscRoutePinnedToTwoCpusNoReadingIsBehindOneItsThreadHasSeen() throws Exception {
        TickReader r = forcedTsc();
        assertNoneBehind(handoff("tsc route (lfence; rdtsc), verdict " + TscTrust.live().reason(), r, true, RUN_NANOS, 0), r);
    }

    @Test
    void onTheTscRouteUnpinnedNoReadingIsBehindOneItsThreadHasSeen() throws Exception {
        TickReader r = forcedTsc();
        assertNoneBehind(handoff("tsc route (lfence; rdtsc), verdict " + TscTrust.live().reason(), r, false, RUN_NANOS, 0), r);
    }

    @Test
    void onTheDefaultRouteNoReadingIsBehindOneItsThreadHasSeen() throws Exception {
        Facade b = new Facade(LinuxX64Provider.backend());
        TscTrust.Verdict v = TscTrust.live();
        assertEquals(v.trusted() ? RouteId.TSC : RouteId.JDK, b.route(Method.TICKS), v.reason());
        TickReader r = b.tickReader();
        assertNoneBehind(handoff("default route (" + b.route(Method.TICKS).id() + ")", r, false, SHORT_RUN_NANOS, 0), r);
    }

    @Test
    void throughTheFacadeWithTheTscForcedInAChildJvm() throws Exception {
        String out = ChildJvm.run(TicksChildMains.Handoff.class, Map.of(), "--enable-native-access=ALL-UNNAMED", "-Dfastclock.route=tsc");
        Map<String, String> v = ChildJvm.values(out);
        System.out.println(v.get("summary"));
        assertEquals("tsc", v.get("route.ticks"), out);
        assertTrue(Long.parseLong(v.get("readings")) > 0, out);
        assertEquals("0", v.get("behind"), v.get("summary"));
    }

    @Test
    void aCounterOffsetOnOneThreadIsCaught() throws Exception {
        // The control: thread 1's readings 10 µs behind thread 0's (quanta #61's firmware left one CPU's
        // counter offset). The same check must see readings behind.
        TickReader r = forcedTsc();
        long offset = 10 * r.perSecond() / 1_000_000;
        boolean pin = Runtime.getRuntime().availableProcessors() >= 2 && (Affinity.allowedMask() & 3) == 3;
        Run run = handoff("offset control", r, pin, SHORT_RUN_NANOS, offset);
        String summary = run.summary(r);
        System.out.println(summary);
        assumeTrue(run.sides()[1].handoffs > 1000, "the threads barely ran together on this loaded machine: " + summary);
        assertTrue(run.sides()[1].behind > 0, "a counter 10 µs behind on one thread is seen: " + summary);
    }
}
