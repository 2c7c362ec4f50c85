package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each stub shape, built on the live vDSO's functions, against an independent truth: the JDK's
 * clocks, the machine's CPU and node count, and the kernel's own error for a bad clock id.
 */
class StubsAgainstTruthTest {

    private static final int BAD_CLOCK = 0x7fffffff;

    private static MethodHandle clock;
    private static MethodHandle timeval;
    private static MethodHandle getcpu;
    private static MethodHandle tsc;
    private static long clockGettime;
    private static long clockGetres;
    private static long gettimeofday;
    private static long vdsoGetcpu;

    @BeforeAll
    static void handles() {
        Failsafe.live();
        clock = Stubs.handle(Stubs.Shape.CLOCK, true).orElseThrow(() -> new AssertionError("no stub page: " + Stubs.failure()));
        timeval = Stubs.handle(Stubs.Shape.TIMEVAL, true).orElseThrow();
        getcpu = Stubs.handle(Stubs.Shape.GETCPU, true).orElseThrow();
        tsc = Stubs.handle(Stubs.Shape.TSC, true).orElseThrow();
        clockGettime = address("clock_gettime");
        clockGetres = address("clock_getres");
        gettimeofday = address("gettimeofday");
        vdsoGetcpu = address("getcpu");
    }

    private static long address(String fn) {
        long offset = Failsafe.LIVE_VDSO.image().offsetOf("__vdso_" + fn, Routes.VDSO_VERSION)
                .orElseThrow(() -> new AssertionError("the live vDSO exports __vdso_" + fn));
        return Failsafe.LIVE_VDSO.base() + offset;
    }

    @Test
    void aClockStubReturnsFailedWhenTheVdsoReturnsAnError() throws Throwable {
        // The kernel answers -EINVAL for a clock id it does not know; the stub must not turn the
        // untouched timespec on its stack into a time.
        assertEquals(Stubs.FAILED, (long) clock.invokeExact((long) BAD_CLOCK, clockGettime), "clock_gettime(0x7fffffff)");
        assertEquals(Stubs.FAILED, (long) clock.invokeExact((long) BAD_CLOCK, clockGetres), "clock_getres(0x7fffffff)");
        assertEquals(Stubs.FAILED, (long) clock.invokeExact((long) -1, clockGettime), "clock_gettime(-1)");
        // and the same stub still works for a good id afterwards
        long a = System.nanoTime();
        long v = (long) clock.invokeExact((long) ClockId.MONOTONIC.linuxId(), clockGettime);
        long b = System.nanoTime();
        Failsafe.between(a, v, b, "clock_gettime(MONOTONIC) after an error");
    }

    @Test
    void theClockStubForMonotonicInterleavesWithNanoTime() throws Throwable {
        int id = ClockId.MONOTONIC.linuxId();
        for (int i = 0; i < 200_000; i++) {
            long a = System.nanoTime();
            long v = (long) clock.invokeExact((long) id, clockGettime);
            long b = System.nanoTime();
            if (v < a || v > b) {
                Failsafe.between(a, v, b, "round " + i + ": clock_gettime(MONOTONIC)");
            }
        }
    }

    @Test
    void theClockStubForRealtimeAgreesWithCurrentTimeMillis() throws Throwable {
        int id = ClockId.REALTIME.linuxId();
        for (int i = 0; i < 20_000; i++) {
            long a = System.currentTimeMillis();
            long v = (long) clock.invokeExact((long) id, clockGettime);
            long b = System.currentTimeMillis();
            if (v / 1_000_000L < a || v / 1_000_000L > b) {
                Failsafe.between(a * 1_000_000L, v, b * 1_000_000L + 999_999L, "round " + i + ": clock_gettime(REALTIME)");
            }
        }
    }

    @Test
    void theGetresStubGivesTheKernelsResolutions() throws Throwable {
        // High-resolution clocks report 1 ns; coarse ones a tick (1 ms at HZ=1000 .. 10 ms at HZ=100).
        assertEquals(1L, (long) clock.invokeExact((long) ClockId.MONOTONIC.linuxId(), clockGetres));
        assertEquals(1L, (long) clock.invokeExact((long) ClockId.REALTIME.linuxId(), clockGetres));
        long tick = (long) clock.invokeExact((long) ClockId.MONOTONIC_COARSE.linuxId(), clockGetres);
        assertTrue(tick >= 1_000_000L && tick <= 10_000_000L, "coarse resolution " + tick + " ns is a tick");
        assertEquals(tick, (long) clock.invokeExact((long) ClockId.REALTIME_COARSE.linuxId(), clockGetres), "both coarse clocks tick alike");
    }

    @Test
    void theTimevalStubAgreesWithCurrentTimeMillis() throws Throwable {
        for (int i = 0; i < 20_000; i++) {
            long a = System.currentTimeMillis();
            long v = (long) timeval.invokeExact(0L, gettimeofday);
            long b = System.currentTimeMillis();
            if (v / 1_000L < a || v / 1_000L > b) {
                Failsafe.between(a * 1_000L, v, b * 1_000L + 999L, "round " + i + ": gettimeofday µs");
            }
        }
    }

    @Test
    void theGetcpuStubGivesACpuOfThisMachineAndItsNode() throws Throwable {
        int cpus = Failsafe.cpuLimit();
        for (int i = 0; i < 20_000; i++) {
            long packed = (long) getcpu.invokeExact(0L, vdsoGetcpu);
            int cpu = (int) packed;
            int node = (int) (packed >>> 32);
            assertTrue(cpu >= 0 && cpu < cpus, "cpu " + cpu + " not in [0, " + cpus + ") (packed " + Long.toHexString(packed) + ")");
            Failsafe.assertNode(node, "getcpu node (packed " + Long.toHexString(packed) + ")");
        }
    }

    @Test
    void theTscStubCountsUpAtAboutTheRateTimePasses() throws Throwable {
        long t0 = (long) tsc.invokeExact(0L, 0L);
        long n0 = System.nanoTime();
        long t = t0;
        while (System.nanoTime() - n0 < 20_000_000L) {
            long next = (long) tsc.invokeExact(0L, 0L);
            assertTrue(next >= t, "rdtsc went back: " + t + " then " + next);
            t = next;
        }
        double perNs = (t - t0) / (double) (System.nanoTime() - n0);
        assertTrue(perNs > 0.1 && perNs < 10, "TSC ticks per ns over 20 ms: " + perNs);
    }

    @Test
    void oneStubServesEveryRouteThroughItsTargetArgument() throws Throwable {
        // The same clock stub, bytes unchanged, calls libc's clock_gettime when handed its address.
        long libc = Natives.libc("clock_gettime").orElseThrow().address();
        for (int i = 0; i < 10_000; i++) {
            long a = System.nanoTime();
            long v = (long) clock.invokeExact((long) ClockId.MONOTONIC.linuxId(), libc);
            long b = System.nanoTime();
            if (v < a || v > b) {
                Failsafe.between(a, v, b, "round " + i + ": libc clock_gettime(MONOTONIC) through the shared stub");
            }
        }
        // and the plain (not critical) handle of the same stub gives the same clock.
        MethodHandle plain = Stubs.handle(Stubs.Shape.CLOCK, false).orElseThrow();
        long a = System.nanoTime();
        long v = (long) plain.invokeExact((long) ClockId.MONOTONIC.linuxId(), clockGettime);
        long b = System.nanoTime();
        Failsafe.between(a, v, b, "clock_gettime(MONOTONIC) through the plain handle");
    }
}
