package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.Route;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thread that reads {@code ticks()} while another thread is planning it (reading the TSC verdict,
 * calibrating: milliseconds, under the planner's try-lock) must get a reading in the same unit as
 * every later one: a start taken then and an end taken after the plan is published must convert to
 * the time that passed. The planning thread is held, deterministically, inside its read of
 * {@code /proc/cpuinfo} (through the seam) until the other thread has taken its start.
 *
 * <p>Every other method can answer a call made during planning from the JDK, because the JDK's
 * answer is the same clock. {@code ticks} cannot: the JDK's answer is nanoseconds, the TSC route's
 * is counter ticks, and a difference of the two converts to nonsense.
 */
class TicksDuringPlanningTest {

    /** The live files, with the read of /proc/cpuinfo (under the planner's lock) held until {@code release}. */
    private static final class Held implements LinuxEnvironment.Files {
        final CountDownLatch planning = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Optional<String> read(String path) {
            if (path.equals("/proc/cpuinfo")) {
                planning.countDown();
                try {
                    assertTrue(release.await(30, TimeUnit.SECONDS), "the reader never came");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return LinuxEnvironment.LIVE_FILES.read(path);
        }

        @Override
        public List<String> list(String dir) {
            return LinuxEnvironment.LIVE_FILES.list(dir);
        }
    }

    private static void startDuringPlanningConvertsToTheTimeThatPassed(Optional<Route> forced) throws Exception {
        Held files = new Held();
        LinuxBackend b = LinuxBackend.lazy(Failsafe.live().withFiles(files), forced);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread planner = new Thread(() -> {
            try {
                b.ticks(); // the first call: plans ticks, and is held in the verdict's file read
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "ticks-planner");
        planner.start();
        assertTrue(files.planning.await(30, TimeUnit.SECONDS), "planning began");

        long n0 = System.nanoTime();
        // The reader waits for the plan (its answer must be in the plan's units), so the planner is let
        // go while the reader is inside ticks(): released from a third thread once the reader is in.
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            files.release.countDown();
        }, "release-planner");
        releaser.start();
        long start = b.ticks();             // while the other thread plans
        releaser.join();
        planner.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        Route route = b.choice(Method.TICKS).route();
        long end = b.ticks();               // planned and published
        long n1 = System.nanoTime();
        long elapsed = b.ticksToNanos(end - start);
        String detail = "ticks on " + route.id() + ": start " + start + " (read while another thread planned), end " + end
                + "; ticksToNanos(end - start) = " + elapsed + " ns, while " + (n1 - n0) + " ns passed by System.nanoTime()";
        System.out.println(detail);
        assertTrue(end >= start, "ticks() went back on one thread: " + detail);
        assertTrue(elapsed >= -1_000 && elapsed <= (n1 - n0) + (n1 - n0) / 1_000 + 1_000, detail);
    }

    @Test
    void onTheForcedTscRoute() throws Exception {
        startDuringPlanningConvertsToTheTimeThatPassed(Optional.of(Route.TSC));
    }

    @Test
    void onTheDefaultRoute() throws Exception {
        TscTrust.Verdict v = TscTrust.live();
        startDuringPlanningConvertsToTheTimeThatPassed(Optional.empty());
        LinuxBackend b = LinuxBackend.eager(Failsafe.live(), Optional.empty());
        assertEquals(v.trusted() ? Route.TSC : Route.JDK, b.choice(Method.TICKS).route(), v.reason());
    }
}
