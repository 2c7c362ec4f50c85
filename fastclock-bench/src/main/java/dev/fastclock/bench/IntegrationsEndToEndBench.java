package dev.fastclock.bench;

import dev.fastclock.integrations.MicrometerClock;
import dev.fastclock.integrations.OpenTelemetryClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One whole operation of each library with its own clock and with FastClock's: a Log4j2 event through a no-op
 * appender (Log4j2's {@code Null} appender: the event is created and stamped, nothing is written), a Micrometer
 * {@code Timer.record}, an OpenTelemetry span started and ended (a processor that keeps nothing: without one the SDK records no
 * span and reads no clock). What share of an event the clock is.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class IntegrationsEndToEndBench {

    private Timer micrometerSystemTimer;
    private Timer micrometerClockTimer;
    private SdkTracerProvider otelDefaultProvider;
    private SdkTracerProvider otelClockProvider;
    private Tracer otelDefaultTracer;
    private Tracer otelClockTracer;

    /** Log4j2 with a no-op appender and the clock of the parameter; JMH forks a fresh JVM per value, as Log4j2 reads it once. */
    @State(Scope.Benchmark)
    public static class Log4j {

        /** Log4j2's clock: its default, FastClock's precise one, FastClock's coarse one. */
        @Param({"SystemClock", "dev.fastclock.integrations.Log4jClock", "dev.fastclock.integrations.Log4jCoarseClock"})
        public String clock;

        Logger logger;

        @Setup
        public void setUp() {
            System.setProperty("log4j2.clock", clock);
            ConfigurationBuilder<BuiltConfiguration> config = ConfigurationBuilderFactory.newConfigurationBuilder();
            config.setStatusLevel(Level.WARN);
            config.add(config.newAppender("null", "Null"));
            config.add(config.newRootLogger(Level.INFO).add(config.newAppenderRef("null")));
            Configurator.initialize(config.build());
            logger = LogManager.getLogger("bench");
        }

        @TearDown
        public void tearDown() {
            LogManager.shutdown();
        }
    }

    @Setup
    public void setUp() {
        micrometerSystemTimer = Timer.builder("op").register(new SimpleMeterRegistry());
        micrometerClockTimer = Timer.builder("op").register(new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MicrometerClock()));

        otelDefaultProvider = SdkTracerProvider.builder().addSpanProcessor(new Discard()).build();
        otelClockProvider = SdkTracerProvider.builder().setClock(new OpenTelemetryClock()).addSpanProcessor(new Discard()).build();
        otelDefaultTracer = otelDefaultProvider.get("bench");
        otelClockTracer = otelClockProvider.get("bench");
    }

    @TearDown
    public void tearDown() {
        otelDefaultProvider.close();
        otelClockProvider.close();
    }

    /** One INFO event, stamped with the clock of {@link Log4j#clock}. */
    @Benchmark
    public void log4jEvent(Log4j log4j) {
        log4j.logger.info("order filled");
    }

    @Benchmark
    public void micrometerSystemTimerRecord() {
        micrometerSystemTimer.record(IntegrationsEndToEndBench::work);
    }

    @Benchmark
    public void micrometerClockTimerRecord() {
        micrometerClockTimer.record(IntegrationsEndToEndBench::work);
    }

    @Benchmark
    public void otelDefaultSpan() {
        otelDefaultTracer.spanBuilder("op").startSpan().end();
    }

    @Benchmark
    public void otelClockSpan() {
        otelClockTracer.spanBuilder("op").startSpan().end();
    }

    /** Takes every ended span and keeps nothing: the span is recorded, and stamped at start and end, for nothing. */
    private static final class Discard implements SpanProcessor {
        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }

    private static void work() {
        // the timed operation itself: nothing, so the timer's own cost shows
    }
}
