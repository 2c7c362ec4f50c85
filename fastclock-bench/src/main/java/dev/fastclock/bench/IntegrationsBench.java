package dev.fastclock.bench;

import dev.fastclock.integrations.AgronaClocks;
import dev.fastclock.integrations.Log4jClock;
import dev.fastclock.integrations.Log4jCoarseClock;
import dev.fastclock.integrations.MicrometerClock;
import dev.fastclock.integrations.OpenTelemetryClock;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.EpochMicroClock;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemEpochMicroClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.apache.logging.log4j.core.time.MutableInstant;
import org.apache.logging.log4j.core.time.PreciseClock;
import org.apache.logging.log4j.core.util.Clock;
import org.apache.logging.log4j.core.util.CoarseCachedClock;
import org.apache.logging.log4j.core.util.SystemClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Each integration's clock call against the library's own clock, in pairs: what a library pays per event with
 * FastClock's clock and with its default. Each clock is held in a field typed by the library's interface, as the
 * library holds it. Every FastClock call takes its default route.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class IntegrationsBench {

    private final PreciseClock log4jSystemClock = new SystemClock();
    private final PreciseClock log4jClock = new Log4jClock();
    private final Clock log4jCoarseCachedClock = CoarseCachedClock.instance();
    private final Clock log4jCoarseClock = new Log4jCoarseClock();
    // Log4j2 keeps one per thread and fills it per event
    private final MutableInstant instant = new MutableInstant();

    private final io.micrometer.core.instrument.Clock micrometerSystem = io.micrometer.core.instrument.Clock.SYSTEM;
    private final io.micrometer.core.instrument.Clock micrometerClock = new MicrometerClock();

    private final io.opentelemetry.sdk.common.Clock otelDefault = io.opentelemetry.sdk.common.Clock.getDefault();
    private final io.opentelemetry.sdk.common.Clock otelClock = new OpenTelemetryClock();

    private final EpochClock agronaSystemEpoch = SystemEpochClock.INSTANCE;
    private final EpochClock agronaEpoch = AgronaClocks.epochClock();
    private final EpochNanoClock agronaSystemEpochNano = new SystemEpochNanoClock();
    private final EpochNanoClock agronaEpochNano = AgronaClocks.epochNanoClock();
    private final EpochMicroClock agronaSystemEpochMicro = new SystemEpochMicroClock();
    private final EpochMicroClock agronaEpochMicro = AgronaClocks.epochMicroClock();
    private final NanoClock agronaSystemNano = SystemNanoClock.INSTANCE;
    private final NanoClock agronaNano = AgronaClocks.nanoClock();

    /** Log4j2's default: {@code SystemClock.init}, through a {@code java.time.Instant}. */
    @Benchmark
    public MutableInstant log4jSystemClockInit() {
        log4jSystemClock.init(instant);
        return instant;
    }

    @Benchmark
    public MutableInstant log4jClockInit() {
        log4jClock.init(instant);
        return instant;
    }

    /** The baseline of Log4jCoarseClock: what Log4j2's SystemMillisClock and every other millisecond clock call. */
    @Benchmark
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    /** For scale: Log4j2's CoarseCachedClock reads a volatile that a thread of its own keeps updating. */
    @Benchmark
    public long log4jCoarseCachedClock() {
        return log4jCoarseCachedClock.currentTimeMillis();
    }

    @Benchmark
    public long log4jCoarseClock() {
        return log4jCoarseClock.currentTimeMillis();
    }

    @Benchmark
    public long micrometerSystemWallTime() {
        return micrometerSystem.wallTime();
    }

    @Benchmark
    public long micrometerClockWallTime() {
        return micrometerClock.wallTime();
    }

    @Benchmark
    public long micrometerSystemMonotonicTime() {
        return micrometerSystem.monotonicTime();
    }

    @Benchmark
    public long micrometerClockMonotonicTime() {
        return micrometerClock.monotonicTime();
    }

    /** The SDK's default: {@code Clock.getDefault().now()}. */
    @Benchmark
    public long otelDefaultNow() {
        return otelDefault.now();
    }

    @Benchmark
    public long otelClockNow() {
        return otelClock.now();
    }

    @Benchmark
    public long otelDefaultNanoTime() {
        return otelDefault.nanoTime();
    }

    @Benchmark
    public long otelClockNanoTime() {
        return otelClock.nanoTime();
    }

    @Benchmark
    public long agronaSystemEpochClock() {
        return agronaSystemEpoch.time();
    }

    @Benchmark
    public long agronaClocksEpochClock() {
        return agronaEpoch.time();
    }

    @Benchmark
    public long agronaSystemEpochNanoClock() {
        return agronaSystemEpochNano.nanoTime();
    }

    @Benchmark
    public long agronaClocksEpochNanoClock() {
        return agronaEpochNano.nanoTime();
    }

    @Benchmark
    public long agronaSystemEpochMicroClock() {
        return agronaSystemEpochMicro.microTime();
    }

    @Benchmark
    public long agronaClocksEpochMicroClock() {
        return agronaEpochMicro.microTime();
    }

    @Benchmark
    public long agronaSystemNanoClock() {
        return agronaSystemNano.nanoTime();
    }

    @Benchmark
    public long agronaClocksNanoClock() {
        return agronaNano.nanoTime();
    }
}
