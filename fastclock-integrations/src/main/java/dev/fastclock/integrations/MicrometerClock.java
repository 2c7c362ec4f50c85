package dev.fastclock.integrations;

import dev.fastclock.FastClock;

import io.micrometer.core.instrument.Clock;

/**
 * Micrometer's clock over FastClock: pass it where Micrometer takes a {@link Clock}, such as a registry's
 * constructor ({@code new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MicrometerClock())}), and every
 * timer, long-task timer and step rollover of that registry reads FastClock.
 */
public final class MicrometerClock implements Clock {

    /** The clock. It holds no state: one instance serves a whole application. */
    public MicrometerClock() {
    }

    /**
     * Milliseconds since the Unix epoch, from {@link FastClock#epochMillis()}.
     *
     * @return milliseconds since 1970-01-01T00:00:00Z
     */
    @Override
    public long wallTime() {
        return FastClock.epochMillis();
    }

    /**
     * The cheapest monotonic nanoseconds FastClock has (converted {@link FastClock#ticks()} where the kernel trusts the TSC, else {@link FastClock#nanos()}), for the
     * durations Micrometer records.
     *
     * @return nanoseconds since an arbitrary origin, for differences only
     */
    @Override
    public long monotonicTime() {
        return Monotonic.nanos();
    }

    @Override
    public String toString() {
        return "MicrometerClock[FastClock]";
    }
}
