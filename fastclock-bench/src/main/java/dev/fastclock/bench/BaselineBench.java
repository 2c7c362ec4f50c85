package dev.fastclock.bench;

import net.openhft.affinity.Affinity;
import org.agrona.concurrent.EpochMicroClock;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemEpochMicroClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * What users would call instead of FastClock and CpuLocator: the JDK, Agrona's clocks and OpenHFT
 * Affinity. The Report divides each FastClock row by one of these, taken in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BaselineBench {

    // Held in fields typed by their interfaces, the way an application holds an injected clock.
    private final EpochNanoClock agronaSystemEpochNano = new SystemEpochNanoClock();
    private final EpochNanoClock agronaOffsetEpochNano = new OffsetEpochNanoClock();
    private final EpochMicroClock agronaSystemEpochMicro = new SystemEpochMicroClock();

    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    @Benchmark
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    /** The baseline of epochSeconds(). */
    @Benchmark
    public long currentTimeSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    /** Returned as an object: what code that keeps the Instant pays. */
    @Benchmark
    public Instant instantNow() {
        return Instant.now();
    }

    /** The baseline of epochNanos(): the Instant may be scalar-replaced, B/op says whether it was. */
    @Benchmark
    public long instantNowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Benchmark
    public long agronaSystemEpochNanoClock() {
        return agronaSystemEpochNano.nanoTime();
    }

    @Benchmark
    public long agronaOffsetEpochNanoClock() {
        return agronaOffsetEpochNano.nanoTime();
    }

    /** The baseline of epochMicros(). */
    @Benchmark
    public long agronaSystemEpochMicroClock() {
        return agronaSystemEpochMicro.microTime();
    }

    /** The baseline of CpuLocator.cpu(): JNA's sched_getcpu in Affinity 3.27ea0. */
    @Benchmark
    public int affinityGetCpu() {
        return Affinity.getCpu();
    }
}
