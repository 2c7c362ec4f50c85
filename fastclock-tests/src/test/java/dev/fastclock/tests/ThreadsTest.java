package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;
import dev.fastclock.tests.probe.Bounds;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * Many threads at once on the static facade: 2x-CPU platform threads and 10,000 virtual threads call every
 * method for a few seconds (a deadline bounds the run; it is never asserted). Per thread, nanos(), coarseNanos(),
 * bootNanos(), rawNanos() and ticks() never go back; every fine value lies between the JDK's readings taken just
 * before and after it, every coarse one at most a second behind, bootNanos() not below nanos(), taiNanos() a whole
 * TAI offset of 0 to 60 s from epochNanos(); cpu() and node() are ones this machine has; no call throws.
 */
class ThreadsTest {

    static final int PLATFORM_THREADS = 2 * Runtime.getRuntime().availableProcessors();
    static final int VIRTUAL_THREADS = 10_000;
    /** How long the platform threads keep going once they have done their minimum. */
    static final long RUN_NANOS = 2_000_000_000L;
    /**
     * Sanity, not precision, for the tick-based readings under this load: a coarse value is at most this far
     * behind the fine one (the contracts prove "within one tick" where the kernel's tick is not starved).
     */
    static final long COARSE_SANITY_NANOS = 1_000_000_000L;

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
                long lastNanos = Long.MIN_VALUE;
                long lastCoarse = Long.MIN_VALUE;
                long lastBoot = Long.MIN_VALUE;
                long lastRaw = Long.MIN_VALUE;
                long lastTicks = Long.MIN_VALUE;
                int i = 0;
                try {
                    for (; i < min || (i < max && System.nanoTime() - deadline < 0); i++) {
                        long n0 = System.nanoTime();
                        long ms0 = System.currentTimeMillis();
                        long nanos = FastClock.nanos();
                        long coarse = FastClock.coarseNanos();
                        long epochNanos = FastClock.epochNanos();
                        long epochMicros = FastClock.epochMicros();
                        long epochMillis = FastClock.epochMillis();
                        long coarseMillis = FastClock.coarseEpochMillis();
                        long seconds = FastClock.epochSeconds();
                        long boot = FastClock.bootNanos();
                        long raw = FastClock.rawNanos();
                        long tai = FastClock.taiNanos();
                        long ticks = FastClock.ticks();
                        int cpu = CpuLocator.cpu();
                        int node = CpuLocator.node();
                        long ms1 = System.currentTimeMillis();
                        long n1 = System.nanoTime();

                        check(nanos >= lastNanos, "nanos() went back from " + lastNanos + " to " + nanos);
                        check(coarse >= lastCoarse, "coarseNanos() went back from " + lastCoarse + " to " + coarse);
                        check(boot >= lastBoot, "bootNanos() went back from " + lastBoot + " to " + boot);
                        check(raw >= lastRaw, "rawNanos() went back from " + lastRaw + " to " + raw);
                        check(ticks >= lastTicks, "ticks() went back from " + lastTicks + " to " + ticks);
                        lastNanos = nanos;
                        lastCoarse = coarse;
                        lastBoot = boot;
                        lastRaw = raw;
                        lastTicks = ticks;
                        check(boot >= n0, "bootNanos() " + boot + " below System.nanoTime() " + n0 + " read before it");
                        long taiSeconds = Math.floorDiv(tai - epochNanos + 500_000_000L, 1_000_000_000L);
                        check(taiSeconds >= 0 && taiSeconds <= 60, "taiNanos() " + tai + " vs epochNanos() " + epochNanos
                                + ": not a TAI offset of 0 to 60 s");
                        check(n0 <= nanos && nanos <= n1, "nanos() " + nanos + " outside System.nanoTime() [" + n0 + ", " + n1 + "]");
                        check(coarse <= n1 && coarse >= n0 - COARSE_SANITY_NANOS, "coarseNanos() " + coarse + " vs [" + n0 + ", " + n1 + "]");
                        check(epochNanos / 1_000_000 >= ms0 - 1 && epochNanos / 1_000_000 <= ms1 + 1, "epochNanos() " + epochNanos + " vs ms [" + ms0 + ", " + ms1 + "]");
                        check(epochMicros / 1_000 >= ms0 - 1 && epochMicros / 1_000 <= ms1 + 1, "epochMicros() " + epochMicros + " vs ms [" + ms0 + ", " + ms1 + "]");
                        check(epochMillis >= ms0 - 1 && epochMillis <= ms1 + 1, "epochMillis() " + epochMillis + " vs [" + ms0 + ", " + ms1 + "]");
                        check(coarseMillis <= ms1 && coarseMillis >= ms0 - COARSE_SANITY_NANOS / 1_000_000, "coarseEpochMillis() " + coarseMillis + " vs [" + ms0 + ", " + ms1 + "]");
                        check(seconds <= ms1 / 1_000 && seconds >= (ms0 - COARSE_SANITY_NANOS / 1_000_000) / 1_000, "epochSeconds() " + seconds + " vs ms [" + ms0 + ", " + ms1 + "]");
                        check(allowed.get(cpu), "cpu() " + cpu + " not in " + allowed);
                        check(nodes.get(node), "node() " + node + " not in " + nodes);
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
