package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each stub shape, built on the live vDSO's functions, against an independent truth: the JDK's
 * clocks, the machine's CPU and node count, and the kernel's own error for a bad clock id.
 */
class StubsAgainstTruthTest {

    private static final int BAD_CLOCK = 0x7fffffff;

    private static MethodHandle clock;
    private static MethodHandle getres;
    private static MethodHandle timeval;
    private static MethodHandle getcpu;

    @BeforeAll
    static void install() throws Stubs.StubException {
        Failsafe.live();
        List<MethodHandle> h = Stubs.install(List.of(
                new Stubs.Request(Stubs.Shape.CLOCK, address("clock_gettime")),
                new Stubs.Request(Stubs.Shape.CLOCK, address("clock_getres")),
                new Stubs.Request(Stubs.Shape.TIMEVAL, address("gettimeofday")),
                new Stubs.Request(Stubs.Shape.GETCPU, address("getcpu"))));
        clock = h.get(0);
        getres = h.get(1);
        timeval = h.get(2);
        getcpu = h.get(3);
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
        assertEquals(Stubs.FAILED, (long) clock.invokeExact((long) BAD_CLOCK), "clock_gettime(0x7fffffff)");
        assertEquals(Stubs.FAILED, (long) getres.invokeExact((long) BAD_CLOCK), "clock_getres(0x7fffffff)");
        assertEquals(Stubs.FAILED, (long) clock.invokeExact((long) -1), "clock_gettime(-1)");
        // and the same stub still works for a good id afterwards
        long a = System.nanoTime();
        long v = (long) clock.invokeExact((long) ClockId.MONOTONIC.linuxId());
        long b = System.nanoTime();
        Failsafe.between(a, v, b, "clock_gettime(MONOTONIC) after an error");
    }

    @Test
    void theClockStubForMonotonicInterleavesWithNanoTime() throws Throwable {
        int id = ClockId.MONOTONIC.linuxId();
        for (int i = 0; i < 200_000; i++) {
            long a = System.nanoTime();
            long v = (long) clock.invokeExact((long) id);
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
            long v = (long) clock.invokeExact((long) id);
            long b = System.currentTimeMillis();
            if (v / 1_000_000L < a || v / 1_000_000L > b) {
                Failsafe.between(a * 1_000_000L, v, b * 1_000_000L + 999_999L, "round " + i + ": clock_gettime(REALTIME)");
            }
        }
    }

    @Test
    void theGetresStubGivesTheKernelsResolutions() throws Throwable {
        // High-resolution clocks report 1 ns; coarse ones a tick (1 ms at HZ=1000 .. 10 ms at HZ=100).
        assertEquals(1L, (long) getres.invokeExact((long) ClockId.MONOTONIC.linuxId()));
        assertEquals(1L, (long) getres.invokeExact((long) ClockId.REALTIME.linuxId()));
        long tick = (long) getres.invokeExact((long) ClockId.MONOTONIC_COARSE.linuxId());
        assertTrue(tick >= 1_000_000L && tick <= 10_000_000L, "coarse resolution " + tick + " ns is a tick");
        assertEquals(tick, (long) getres.invokeExact((long) ClockId.REALTIME_COARSE.linuxId()), "both coarse clocks tick alike");
    }

    @Test
    void theTimevalStubAgreesWithCurrentTimeMillis() throws Throwable {
        for (int i = 0; i < 20_000; i++) {
            long a = System.currentTimeMillis();
            long v = (long) timeval.invokeExact((long) 0);
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
            long packed = (long) getcpu.invokeExact((long) 0);
            int cpu = (int) packed;
            int node = (int) (packed >>> 32);
            assertTrue(cpu >= 0 && cpu < cpus, "cpu " + cpu + " not in [0, " + cpus + ") (packed " + Long.toHexString(packed) + ")");
            Failsafe.assertNode(node, "getcpu node (packed " + Long.toHexString(packed) + ")");
        }
    }
}
