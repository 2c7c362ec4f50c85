package dev.fastclock.tests;

import dev.fastclock.FastClock;
import dev.fastclock.integrations.MicrometerClock;
import dev.fastclock.integrations.OpenTelemetryClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Micrometer's monotonic time and the OpenTelemetry SDK's nano time on the real Linux provider (this
 * module's JVM, no settable clock): converted ticks where the kernel trusts the TSC, nanos() elsewhere;
 * either way they never go back and they move at System.nanoTime()'s rate.
 */
class IntegrationsMonotonicTest {

    @Test
    void micrometerAndOpenTelemetryElapsedTimeNeverGoesBackAndKeepsTheRate() throws Exception {
        MicrometerClock micrometer = new MicrometerClock();
        OpenTelemetryClock otel = new OpenTelemetryClock();
        boolean tsc = FastClock.report().method("ticks").orElseThrow().route().equals("tsc");
        assertEquals(tsc, FastClock.ticksPerSecond() != 1_000_000_000L, "ticks are the TSC exactly when they are not nanoseconds");

        long n0 = System.nanoTime();
        long m0 = micrometer.monotonicTime();
        long o0 = otel.nanoTime();
        long last = m0;
        for (int i = 0; i < 2_000_000; i++) {
            long v = micrometer.monotonicTime();
            assertTrue(v >= last, "monotonicTime() went back: " + last + " then " + v);
            last = v;
        }
        Thread.sleep(200);
        long m1 = micrometer.monotonicTime();
        long o1 = otel.nanoTime();
        long n1 = System.nanoTime();
        long elapsed = n1 - n0;
        // Not a speed assertion: the rate against System.nanoTime(), 0.1% (1000 ppm, ten times the
        // calibration's first-use bound) plus a millisecond for the reads around it.
        long slack = elapsed / 1_000 + 1_000_000;
        assertTrue(Math.abs((m1 - m0) - elapsed) <= slack, "Micrometer: " + (m1 - m0) + " ns against " + elapsed + " (tsc " + tsc + ")");
        assertTrue(Math.abs((o1 - o0) - elapsed) <= slack, "OpenTelemetry: " + (o1 - o0) + " ns against " + elapsed + " (tsc " + tsc + ")");
    }
}
