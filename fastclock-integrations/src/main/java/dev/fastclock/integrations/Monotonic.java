package dev.fastclock.integrations;

import dev.fastclock.FastClock;

/**
 * The one place the integrations read elapsed time: Micrometer's {@code monotonicTime()} and the
 * OpenTelemetry SDK's {@code nanoTime()} both come here.
 *
 * <p>Where FastClock's ticks are the CPU's time-stamp counter (the kernel trusts it), this converts
 * ticks, which cost about half of {@link FastClock#nanos()} (the README's table), to nanoseconds; else
 * it is {@link FastClock#nanos()}. The conversion is frozen at the first call: an anchor (a
 * {@code nanos()} reading and a {@code ticks()} reading) and the rate FastClock has calibrated by
 * then. A fixed linear map of a counter that never goes back never goes back either, which
 * {@link FastClock#ticksToNanos(long)} applied to an absolute reading would not promise (its rate is
 * refined as the process ages). The price: readings drift from {@code nanos()} by the first rate's
 * error (FastClock's calibration is within 100 ppm at first use, usually far closer), which durations
 * of the kind these libraries measure do not notice.
 */
final class Monotonic {

    /** The frozen conversion, or, with {@code nanosPerTick} 0, "use {@code nanos()}". Immutable. */
    private static final class Anchor {
        final long baseNanos;
        final long startTicks;
        final double nanosPerTick;

        Anchor(long baseNanos, long startTicks, double nanosPerTick) {
            this.baseNanos = baseNanos;
            this.startTicks = startTicks;
            this.nanosPerTick = nanosPerTick;
        }
    }

    /** Set once; final fields publish it safely even through a plain read. */
    private static volatile Anchor anchor;

    private Monotonic() {
    }

    /**
     * The cheapest monotonic nanoseconds FastClock has.
     *
     * @return nanoseconds since an arbitrary origin, for differences only
     */
    static long nanos() {
        Anchor a = anchor;
        if (a == null) {
            a = anchor();
        }
        if (a.nanosPerTick == 0) {
            return FastClock.nanos();
        }
        // A double product of a non-negative count is monotonic in the count; exact to the nanosecond
        // for the first 2^53 ticks (weeks), a few nanoseconds of rounding after.
        return a.baseNanos + (long) ((FastClock.ticks() - a.startTicks) * a.nanosPerTick);
    }

    private static final Object PUBLISH = new Object();

    /**
     * Decides at the first call, outside any class initializer and any lock (a FastClock call here may
     * plan, and planning may log); the lock only publishes the first anchor, so every thread uses one.
     */
    private static Anchor anchor() {
        long perSecond = FastClock.ticksPerSecond();
        Anchor a = perSecond == 1_000_000_000L
                ? new Anchor(0, 0, 0) // ticks are nanoseconds here: nanos() is as cheap and exact
                : new Anchor(FastClock.nanos(), FastClock.ticks(), 1e9 / perSecond);
        synchronized (PUBLISH) {
            if (anchor == null) {
                anchor = a;
            }
            return anchor;
        }
    }
}
