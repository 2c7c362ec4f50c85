package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;
import dev.fastclock.spi.Method;
import dev.fastclock.tests.child.Truth;
import dev.fastclock.tests.probe.Bounds;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * Many threads at once on the static facade: 2x-CPU platform threads and 10,000 virtual threads call every
 * method of the catalogue for a few seconds (a deadline bounds the run; it is never asserted). Per thread, the
 * monotonic clocks and ticks() never go back; every value is right by its catalogue row ({@link Truth}: the fine
 * clocks between the JDK's readings taken just before and after, the coarse ones at most a second behind, boot time
 * not below nanos(), TAI a whole offset of 0 to 60 s above the wall clock); cpu() and node() are ones this machine
 * has; no call throws.
 */
class ThreadsTest {

    static final int PLATFORM_THREADS = 2 * Runtime.getRuntime().availableProcessors();
    static final int VIRTUAL_THREADS = 10_000;
    /** How long the platform threads keep going once they have done their minimum. */
    static final long RUN_NANOS = 2_000_000_000L;
    /**
     * Every method of the catalogue but the clock status (a system call each: it would make the rounds a test of the
     * kernel; {@code ClockStatusTest} covers it). Each reading is checked by its row ({@link Truth#call}: sanity, not
     * precision, for the tick-based readings under this load: a coarse value at most a second behind the fine one).
     */
    static final Method[] METHODS = java.util.Arrays.stream(Method.values()).filter(m -> m != Method.CLOCK_STATUS).toArray(Method[]::new);

    @Test
    void platformAndVirtualThreadsCallEveryMethod() throws InterruptedException {
        long deadline = System.nanoTime() + RUN_NANOS;
        BitSet allowed = Bounds.allowedCpus();
        BitSet nodes = Bounds.onlineNodes();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong rounds = new AtomicLong();

        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < PLATFORM_THREADS + VIRTUAL_THREADS; t++) {
            boolean virtual = t >= PLATFORM_THREADS;
            int min = virtual ? 50 : 10_000;
            int max = virtual ? 2_000 : 50_000_000;
            Runnable body = () -> {
                long[] last = new long[METHODS.length];
                java.util.Arrays.fill(last, Long.MIN_VALUE);
                int i = 0;
                try {
                    for (; i < min || (i < max && System.nanoTime() - deadline < 0); i++) {
                        for (Method m : METHODS) {
                            long v = Truth.call(m);
                            // per thread, the monotonic clocks and the ticks never go back
                            if ((m.clock() != null && !m.clock().wall()) || m == Method.TICKS) {
                                check(v >= last[m.ordinal()], m.apiName() + "() went back from " + last[m.ordinal()] + " to " + v);
                                last[m.ordinal()] = v;
                            }
                        }
                        int cpu = CpuLocator.cpu();
                        int node = CpuLocator.node();
                        check(allowed.get(cpu), "cpu() " + cpu + " not in " + allowed);
                        check(nodes.get(node), "node() " + node + " not in " + nodes);
                        check(CpuLocator.isSupported(), "isSupported() false on the Linux provider");
                        if (virtual && (i & 15) == 15) {
                            Thread.yield(); // let it move to another carrier
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, new AssertionError((virtual ? "virtual" : "platform") + " thread, round " + i, e));
                }
                rounds.addAndGet(i);
            };
            threads.add(virtual ? Thread.ofVirtual().unstarted(body) : Thread.ofPlatform().unstarted(body));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            assertTrue(t.join(ChildJvm.TIMEOUT), "a thread did not finish within " + ChildJvm.TIMEOUT);
        }
        if (failure.get() != null) {
            throw new AssertionError("a thread failed", failure.get());
        }
        assertTrue(rounds.get() >= (long) PLATFORM_THREADS * 10_000 + (long) VIRTUAL_THREADS * 50,
                "every thread did at least its minimum number of rounds: " + rounds.get());
        assertEquals("linux-x64", FastClock.providerName(), "the facade ran on the Linux provider");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
