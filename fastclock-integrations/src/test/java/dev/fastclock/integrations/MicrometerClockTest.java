package dev.fastclock.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fastclock.SettableClock;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Micrometer's real registry and timers, built with {@link MicrometerClock}, record exactly what the settable clock advanced. */
class MicrometerClockTest {

    @Test
    void aTimerRecordsExactlyWhatTheClockAdvanced() {
        SettableClock clock = Settable.clock();
        SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MicrometerClock());
        Timer timer = Timer.builder("orders.latency").register(registry);

        timer.record(() -> clock.advance(Duration.ofMillis(1_234).plusNanos(567)));
        Timer.Sample sample = Timer.start(registry);
        clock.advance(89);
        long stopped = sample.stop(timer);

        assertEquals(89, stopped);
        assertEquals(2, timer.count());
        assertEquals(1_234_000_567L + 89, (long) timer.totalTime(TimeUnit.NANOSECONDS));
        assertEquals(1_234_000_567L, (long) timer.max(TimeUnit.NANOSECONDS));
    }

    @Test
    void aLongTaskTimerSeesTheClockMoveWhileTheTaskRuns() {
        SettableClock clock = Settable.clock();
        SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MicrometerClock());
        LongTaskTimer timer = LongTaskTimer.builder("orders.batch").register(registry);

        LongTaskTimer.Sample task = timer.start();
        clock.advance(Duration.ofSeconds(3));
        assertEquals(3_000_000_000L, (long) timer.duration(TimeUnit.NANOSECONDS));
        clock.advance(5);
        assertEquals(3_000_000_005L, task.stop());
    }

    @Test
    void wallAndMonotonicTimeAreFastClocksAtEveryCall() {
        SettableClock clock = Settable.clock();
        MicrometerClock micrometer = new MicrometerClock();
        clock.setNanos(42).setEpochNanos(1_700_000_000_987_654_321L);
        assertEquals(42, micrometer.monotonicTime());
        assertEquals(1_700_000_000_987L, micrometer.wallTime());
        clock.advance(1_000_000);
        assertEquals(1_000_042, micrometer.monotonicTime());
        assertEquals(1_700_000_000_988L, micrometer.wallTime());
    }
}
