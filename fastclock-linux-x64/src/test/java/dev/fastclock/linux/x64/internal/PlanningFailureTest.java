package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.MethodRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A first call can never break a method: planning that a {@link VirtualMachineError} cuts short (a
 * stack overflow at the stack's edge, out of memory) leaves the method unplanned, answered by the JDK
 * for that call, and the next call plans it; any other failure plans the JDK route for good, with
 * the reason in the choice; a call that re-enters while its planning is under way, on the same
 * thread or another, gets the JDK's answer at once. Injected through the seam the planner reads.
 */
class PlanningFailureTest {

    /** Reads the live vDSO, but first throws what {@code failures} gives, {@code times} times; runs {@code during} on each read. */
    static final class FlakyImages implements LinuxEnvironment.ImageReader {
        final AtomicInteger reads = new AtomicInteger();
        private final Supplier<Throwable> failure;
        private final int times;
        volatile Runnable during = () -> { };

        FlakyImages(Supplier<Throwable> failure, int times) {
            this.failure = failure;
            this.times = times;
        }

        @Override
        public MemorySegment read(long base, long size) {
            int n = reads.incrementAndGet();
            during.run();
            if (n <= times) {
                Throwable t = failure.get();
                if (t instanceof RuntimeException r) {
                    throw r;
                }
                throw (Error) t;
            }
            return Natives.at(base, size);
        }
    }

    private static Supplier<Throwable> error(String kind) {
        return switch (kind) {
            case "StackOverflowError" -> () -> new StackOverflowError("injected (test)");
            case "OutOfMemoryError" -> () -> new OutOfMemoryError("injected (test)");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"StackOverflowError", "OutOfMemoryError"})
    void aVirtualMachineErrorLeavesTheMethodUnplannedAndTheNextCallPlansIt(String kind) {
        FlakyImages images = new FlakyImages(error(kind), 1);
        LinuxBackend b = LinuxBackend.lazy(Failsafe.live().withImages(images), Optional.empty());

        long a = System.nanoTime();
        long v = b.coarseNanos();
        Failsafe.between(a - 50_000_000L, v, System.nanoTime(), "coarseNanos() answered while its planning failed");
        assertEquals(1, images.reads.get(), "the vdso was opened, and the " + kind + " thrown");
        assertNull(b.planner().choice(Method.COARSE_NANOS), "nothing recorded: the method is not failed for good");

        a = System.nanoTime();
        v = b.coarseNanos();
        Failsafe.between(a - 50_000_000L, v, System.nanoTime(), "coarseNanos() on its second call");
        Planner.Choice c = b.planner().choice(Method.COARSE_NANOS);
        assertNotNull(c, "the second call planned it");
        assertEquals(Route.VDSO, c.route(), "and found the vdso as if nothing had happened");
        assertEquals(List.of(), c.passedOver());
        assertEquals(2, images.reads.get(), "the route was opened again, not remembered half-open");

        // Every other method plans normally too, and the report is whole.
        Failsafe.assertReportIsTheChoices(b);
        Failsafe.assertSane(b, true, 20);
    }

    @Test
    void aStackOverflowInTheNodeTableLeavesNodeUnplannedToo() {
        AtomicInteger lists = new AtomicInteger();
        LinuxEnvironment.Files flaky = new LinuxEnvironment.Files() {
            @Override
            public Optional<String> read(String path) {
                return LinuxEnvironment.LIVE_FILES.read(path);
            }

            @Override
            public List<String> list(String dir) {
                if (lists.incrementAndGet() == 1) {
                    throw new StackOverflowError("injected (test)");
                }
                return LinuxEnvironment.LIVE_FILES.list(dir);
            }
        };
        LinuxBackend b = LinuxBackend.lazy(Failsafe.live().withFiles(flaky), Optional.empty());

        int node = b.node();
        assertEquals(-1, node, "the JDK's answer (unknown) while node could not be planned");
        assertNull(b.planner().choice(Method.NODE));
        Failsafe.assertNode(b.node(), "node() on its second call");
        Planner.Choice c = b.planner().choice(Method.NODE);
        assertNotNull(c);
        assertEquals(Failsafe.usualFirst(Method.NODE, Rseq.read()), c.route());
        assertEquals(List.of(), c.passedOver());
        assertEquals(2, lists.get(), "the table was read again");
    }

    /** A call whose handle throws {@code t}, like a downcall made at the stack's edge. */
    private static Call throwing(Method m, Throwable t) {
        MethodHandle h = MethodHandles.insertArguments(MethodHandles.throwException(long.class, t.getClass()), 0, t);
        return new Call(MethodHandles.dropArguments(h, 0, long.class, long.class), m.ways.getFirst().arg(), 0,
                m == Method.NODE ? Call.NODE_OF_PACKED : m.ways.getFirst().post(), m.jdk, null, null);
    }

    @Test
    void aVirtualMachineErrorInAFirstCallIsNoReasonToPassTheRouteOver() {
        // The sanity rule makes the first call: a stack overflow there is the stack's edge, not the
        // route's fault, and must reach the planner (which then leaves the method unplanned), not
        // become "its first call threw" and pass a good route over for good.
        for (Method m : Method.values()) {
            Call soe = throwing(m, new StackOverflowError("injected (test)"));
            assertThrows(StackOverflowError.class, () -> m.check.check(soe), m.apiName());
            Call oome = throwing(m, new OutOfMemoryError("injected (test)"));
            assertThrows(OutOfMemoryError.class, () -> m.check.check(oome), m.apiName());
        }
    }

    @Test
    void aRouteWhoseFirstCallThrowsIsPassedOverWithTheReason() {
        for (Method m : Method.values()) {
            Optional<String> why = m.check.check(throwing(m, new IllegalStateException("injected (test)")));
            assertEquals(Optional.of("its first call threw java.lang.IllegalStateException: injected (test)"), why, m.apiName());
        }
    }

    @Test
    void anyOtherFailurePlansTheJdkForGoodWithTheReason() {
        FlakyImages images = new FlakyImages(() -> new IllegalStateException("injected (test)"), Integer.MAX_VALUE);
        LinuxBackend b = LinuxBackend.lazy(Failsafe.live().withImages(images), Optional.empty());

        long a = System.nanoTime();
        long v = b.coarseNanos();
        Failsafe.between(a - 50_000_000L, v, System.nanoTime(), "coarseNanos() from the JDK");
        Planner.Choice c = b.planner().choice(Method.COARSE_NANOS);
        assertNotNull(c, "a failure that is not the VM's is a plan: the JDK's");
        assertEquals(Route.JDK, c.route());
        assertTrue(c.call().isJdk());
        assertEquals(List.of(new MethodRoute.PassedOver("planning", "failed: java.lang.IllegalStateException: injected (test)")),
                c.passedOver());
        assertEquals(c.passedOver(), Failsafe.reported(b, Method.COARSE_NANOS).passedOver(), "the report says why");

        int reads = images.reads.get();
        for (int i = 0; i < 100; i++) {
            b.coarseNanos();
        }
        assertEquals(reads, images.reads.get(), "for good: later calls do not plan again");
        // A method that needs no vdso is untouched by it.
        assertEquals(Failsafe.usualFirst(Method.EPOCH_MILLIS, Rseq.read()), b.choice(Method.EPOCH_MILLIS).route());
        Failsafe.assertSane(b, true, 20);
    }

    @Test
    void aCallThatReentersWhilePlanningGetsTheJdksAnswer() {
        FlakyImages images = new FlakyImages(() -> new IllegalStateException("never"), 0);
        LinuxBackend b = LinuxBackend.lazy(Failsafe.live().withImages(images), Optional.empty());
        AtomicLong inner = new AtomicLong();
        AtomicInteger depth = new AtomicInteger();
        // As a logger would: the planning's own thread reads the clock it is planning, and another.
        images.during = () -> {
            if (depth.getAndIncrement() == 0) {
                inner.set(b.coarseNanos());
                assertNull(b.planner().choice(Method.COARSE_NANOS), "still planning");
                b.epochNanos();
            }
        };

        long a = System.nanoTime();
        b.coarseNanos();
        Failsafe.between(a - 50_000_000L, inner.get(), System.nanoTime(), "the re-entrant coarseNanos()");
        assertEquals(Route.VDSO, b.planner().choice(Method.COARSE_NANOS).route(), "the outer call planned it");
        assertNull(b.planner().choice(Method.EPOCH_NANOS), "the re-entrant epochNanos() was answered, not planned");
        assertEquals(Route.VDSO, b.choice(Method.EPOCH_NANOS).route(), "and plans at a later call");
    }

    @Test
    void anotherThreadCallingWhilePlanningIsUnderWayIsAnsweredWithoutWaiting() throws Exception {
        FlakyImages images = new FlakyImages(() -> new IllegalStateException("never"), 0);
        LinuxBackend b = LinuxBackend.lazy(Failsafe.live().withImages(images), Optional.empty());
        CountDownLatch planning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        images.during = () -> {
            planning.countDown();
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS), "released");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Long> planner = pool.submit(b::epochNanos);
            assertTrue(planning.await(30, TimeUnit.SECONDS), "the first thread is planning");
            // The planner holds the try-lock and waits: a call from another thread must not wait for it.
            Future<Long> other = pool.submit(() -> {
                long ms = System.currentTimeMillis();
                long v = b.epochNanos();
                Failsafe.between(ms * 1_000_000L, v, System.currentTimeMillis() * 1_000_000L + 999_999L, "epochNanos() meanwhile");
                return b.coarseNanos();
            });
            assertTrue(other.get(30, TimeUnit.SECONDS) > 0, "the other thread was answered while planning was under way");
            assertNull(b.planner().choice(Method.EPOCH_NANOS), "still planning");
            release.countDown();
            assertTrue(planner.get(30, TimeUnit.SECONDS) > 0);
            assertEquals(Route.VDSO, b.planner().choice(Method.EPOCH_NANOS).route());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
