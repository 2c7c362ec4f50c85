package dev.fastclock.bench;

import dev.fastclock.FastClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * How to get {@code clock_gettime(CLOCK_MONOTONIC)}'s {@code struct timespec} out of an FFM
 * downcall, each way timed against {@code System.nanoTime()} in the same run (issue 3 asks why the
 * provider's design won). Every variant checks the return code and returns nanoseconds, like the
 * provider must.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class OutParamClockBench {

    /** (a) One off-heap timespec for the whole JVM. Two threads would race on it: measure only. */
    private static final MemorySegment SHARED = Arena.global().allocate(16, 8);
    /** (a') One heap long[2] for the whole JVM, equally racy, passed as a heap segment. */
    private static final long[] SHARED_ARRAY = new long[2];
    /** (c) One off-heap timespec per thread. */
    private static final ThreadLocal<MemorySegment> PER_THREAD =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

    private static long nanosOf(MemorySegment ts) {
        return ts.get(JAVA_LONG, 0) * 1_000_000_000L + ts.get(JAVA_LONG, 8);
    }

    /** The baseline: HotSpot calls clock_gettime from C, with the timespec on its own stack. */
    @Benchmark
    public long systemNanoTime() {
        return System.nanoTime();
    }

    /** (a) Off-heap buffer in a static final field, critical downcall. */
    @Benchmark
    public long fieldOffHeap() throws Throwable {
        int rc = (int) Native.CLOCK_GETTIME_CRITICAL.invokeExact(Native.CLOCK_MONOTONIC, SHARED);
        if (rc != 0) {
            throw Native.failed("clock_gettime", rc);
        }
        return nanosOf(SHARED);
    }

    /** (a) without critical: what the thread-state transition costs on top. */
    @Benchmark
    public long fieldOffHeapNotCritical() throws Throwable {
        int rc = (int) Native.CLOCK_GETTIME_PLAIN.invokeExact(Native.CLOCK_MONOTONIC, SHARED);
        if (rc != 0) {
            throw Native.failed("clock_gettime", rc);
        }
        return nanosOf(SHARED);
    }

    /** (a') A heap long[2] in a static final field, wrapped as a segment on each call. */
    @Benchmark
    public long fieldHeapArray() throws Throwable {
        long[] ts = SHARED_ARRAY;
        int rc = (int) Native.CLOCK_GETTIME_HEAP.invokeExact(Native.CLOCK_MONOTONIC, MemorySegment.ofArray(ts));
        if (rc != 0) {
            throw Native.failed("clock_gettime", rc);
        }
        return ts[0] * 1_000_000_000L + ts[1];
    }

    /** (b) A fresh long[2] per call as a heap segment, critical(true): race-free, but allocates. */
    @Benchmark
    public long perCallHeapArray() throws Throwable {
        long[] ts = new long[2];
        int rc = (int) Native.CLOCK_GETTIME_HEAP.invokeExact(Native.CLOCK_MONOTONIC, MemorySegment.ofArray(ts));
        if (rc != 0) {
            throw Native.failed("clock_gettime", rc);
        }
        return ts[0] * 1_000_000_000L + ts[1];
    }

    /** (c) Off-heap buffer per thread through a ThreadLocal: race-free on platform threads. */
    @Benchmark
    public long threadLocalOffHeap() throws Throwable {
        MemorySegment ts = PER_THREAD.get();
        int rc = (int) Native.CLOCK_GETTIME_CRITICAL.invokeExact(Native.CLOCK_MONOTONIC, ts);
        if (rc != 0) {
            throw Native.failed("clock_gettime", rc);
        }
        return nanosOf(ts);
    }

    /** (d) A confined arena per call: race-free, and the textbook FFM way. */
    @Benchmark
    public long perCallConfinedArena() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ts = arena.allocate(16, 8);
            int rc = (int) Native.CLOCK_GETTIME_CRITICAL.invokeExact(Native.CLOCK_MONOTONIC, ts);
            if (rc != 0) {
                throw Native.failed("clock_gettime", rc);
            }
            return nanosOf(ts);
        }
    }

    /** (e) The provider's own design, route forced to vdso. */
    @Benchmark
    public long fastClockVdsoRoute(Routes.Vdso route) {
        return FastClock.nanos();
    }

    /** (e') The provider's default route for nanos(), whatever it measured best. */
    @Benchmark
    public long fastClockDefault() {
        return FastClock.nanos();
    }
}
