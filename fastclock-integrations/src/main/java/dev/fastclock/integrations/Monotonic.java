package dev.fastclock.integrations;

import dev.fastclock.FastClock;

/**
 * The one place the integrations read elapsed time: Micrometer's {@code monotonicTime()} and the
 * OpenTelemetry SDK's {@code nanoTime()} both come here, so they move together when a cheaper
 * monotonic reading arrives.
 */
final class Monotonic {

    private Monotonic() {
    }

    /**
     * The cheapest monotonic nanoseconds FastClock has. For now {@link FastClock#nanos()}; when issue
     * "Ticks" lands, converted TSC ticks where the kernel trusts the TSC (and {@code nanos()} elsewhere).
     *
     * @return nanoseconds since an arbitrary origin, for differences only
     */
    static long nanos() {
        return FastClock.nanos();
    }
}
