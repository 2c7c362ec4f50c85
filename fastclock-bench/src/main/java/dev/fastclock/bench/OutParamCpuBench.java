package dev.fastclock.bench;

import dev.fastclock.CpuLocator;
import net.openhft.affinity.Affinity;
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

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The current CPU four ways: glibc {@code sched_getcpu} (returns in a register; glibc >= 2.35 reads
 * the rseq area) with and without {@code critical}, vDSO {@code getcpu} (writes through a pointer)
 * with a heap or off-heap int, and CpuLocator with each route, against OpenHFT Affinity in the same
 * run. Decides CpuLocator's default route (issue 3).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class OutParamCpuBench {

    /** One off-heap unsigned for the whole JVM: racy across threads, measure only. */
    private static final MemorySegment SHARED = Arena.global().allocate(JAVA_INT);

    @Benchmark
    public int schedGetcpuCritical() throws Throwable {
        return (int) Native.SCHED_GETCPU_CRITICAL.invokeExact();
    }

    @Benchmark
    public int schedGetcpuNotCritical() throws Throwable {
        return (int) Native.SCHED_GETCPU_PLAIN.invokeExact();
    }

    /** A fresh int[1] per call as a heap segment, critical(true); node and cache NULL. */
    @Benchmark
    public int vdsoGetcpuPerCallHeapArray() throws Throwable {
        int[] cpu = new int[1];
        int rc = (int) Native.GETCPU_HEAP.invokeExact(MemorySegment.ofArray(cpu), MemorySegment.NULL, MemorySegment.NULL);
        if (rc != 0) {
            throw Native.failed("getcpu", rc);
        }
        return cpu[0];
    }

    /** An off-heap int in a static final field, critical. */
    @Benchmark
    public int vdsoGetcpuFieldOffHeap() throws Throwable {
        int rc = (int) Native.GETCPU_CRITICAL.invokeExact(SHARED, MemorySegment.NULL, MemorySegment.NULL);
        if (rc != 0) {
            throw Native.failed("getcpu", rc);
        }
        return SHARED.get(JAVA_INT, 0);
    }

    @Benchmark
    public int cpuLocatorDefault() {
        return CpuLocator.cpu();
    }

    @Benchmark
    public int cpuLocatorVdsoRoute(Routes.Vdso route) {
        return CpuLocator.cpu();
    }

    @Benchmark
    public int cpuLocatorLibcRoute(Routes.Libc route) {
        return CpuLocator.cpu();
    }

    /** The baseline: JNA's sched_getcpu in OpenHFT Affinity 3.27ea0. */
    @Benchmark
    public int affinityGetCpu() {
        return Affinity.getCpu();
    }
}
