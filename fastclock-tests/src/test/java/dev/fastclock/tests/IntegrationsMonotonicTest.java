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
 *
 * <p>The rate is measured from readings taken after each clock's first call: the first call chooses the
 * provider, plans ticks and calibrates the counter, and freezes the integrations' conversion (their anchor).
 * A System.nanoTime() reading taken before that would count the first call's own duration against the
 * clocks (issue 17: the test used to, and failed on a loaded machine).
 */
class IntegrationsMonotonicTest {

    @Test
    void micrometerAndOpenTelemetryElapsedTimeNeverGoesBackAndKeepsTheRate() throws Exception {
        MicrometerClock micrometer = new MicrometerClock();
        OpenTelemetryClock otel = new OpenTelemetryClock();
        // The first calls, before anything is measured.
        micrometer.monotonicTime();
        otel.nanoTime();
        boolean tsc = FastClock.report().method("ticks").orElseThrow().route().equals("tsc");
        assertEquals(tsc, FastClock.ticksPerSecond() != 1_000_000_000L, "ticks are the TSC exactly when they are not nanoseconds");

        // Each clock's readings bracketed by System.nanoTime(): the interval between two readings lies between the
        // inner and the outer brackets' differences whatever the scheduler does, give or take the rate's error.
        long n0a = System.nanoTime();
        long m0 = micrometer.monotonicTime();
        long o0 = otel.nanoTime();
        long n0b = System.nanoTime();
        long last = m0;
        for (int i = 0; i < 2_000_000; i++) {
            long v = micrometer.monotonicTime();
            assertTrue(v >= last, "monotonicTime() went back: " + last + " then " + v);
            last = v;
        }
        Thread.sleep(200);
        long n1a = System.nanoTime();
        long m1 = micrometer.monotonicTime();
        long o1 = otel.nanoTime();
        long n1b = System.nanoTime();
        long inner = n1a - n0b;
        long outer = n1b - n0a;
        // Not a speed assertion: the rate against System.nanoTime(), 0.1% (1000 ppm, ten times the calibration's
        // first-use bound) plus a microsecond of rounding.
        long low = inner - inner / 1_000 - 1_000;
        long high = outer + outer / 1_000 + 1_000;
        assertTrue(m1 - m0 >= low && m1 - m0 <= high, "Micrometer: " + (m1 - m0) + " ns against System.nanoTime()'s " + inner + " .. "
                + outer + " ns (tsc " + tsc + ")");
        assertTrue(o1 - o0 >= low && o1 - o0 <= high, "OpenTelemetry: " + (o1 - o0) + " ns against System.nanoTime()'s " + inner + " .. "
                + outer + " ns (tsc " + tsc + ")");
    }
}
