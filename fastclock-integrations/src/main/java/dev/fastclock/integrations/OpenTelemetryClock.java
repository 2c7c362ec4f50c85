package dev.fastclock.integrations;

import dev.fastclock.FastClock;

import io.opentelemetry.sdk.common.Clock;

/**
 * The OpenTelemetry SDK's clock over FastClock: pass it to the SDK's builders
 * ({@code SdkTracerProvider.builder().setClock(new OpenTelemetryClock())}, and likewise for meters and
 * loggers), and every span start and end, and every metric and log timestamp, reads FastClock.
 */
public final class OpenTelemetryClock implements Clock {

    private static final long NANOS_PER_MILLI = 1_000_000L;

    /** The clock. It holds no state: one instance serves a whole application. */
    public OpenTelemetryClock() {
    }

    /**
     * Nanoseconds since the Unix epoch, from {@link FastClock#epochNanos()}; no {@link java.time.Instant}
     * is created.
     *
     * @return nanoseconds since 1970-01-01T00:00:00Z
     */
    @Override
    public long now() {
        return FastClock.epochNanos();
    }

    /**
     * The epoch time at the precision asked for: {@link #now()} when {@code highPrecision}, else
     * {@link FastClock#epochMillis()} in nanoseconds, as the SDK's own clock does.
     *
     * @param highPrecision whether nanoseconds are wanted rather than whole milliseconds
     * @return nanoseconds since 1970-01-01T00:00:00Z
     */
    @Override
    public long now(boolean highPrecision) {
        return highPrecision ? FastClock.epochNanos() : FastClock.epochMillis() * NANOS_PER_MILLI;
    }

    /**
     * The cheapest monotonic nanoseconds FastClock has (converted {@link FastClock#ticks()} where the kernel trusts the TSC, else {@link FastClock#nanos()}), which the SDK
     * uses to measure a span's duration from its start.
     *
     * @return nanoseconds since an arbitrary origin, for differences only
     */
    @Override
    public long nanoTime() {
        return Monotonic.nanos();
    }

    @Override
    public String toString() {
        return "OpenTelemetryClock[FastClock]";
    }
}
