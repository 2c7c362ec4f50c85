package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;

import java.util.Optional;

/**
 * The first call of a route's handle, checked against the JDK before the route is taken: a route
 * that errs or answers nonsense is passed over, so it can never serve a wrong value.
 *
 * <p>The bounds are loose where the clocks legitimately differ (a coarse clock lags the fine one by
 * up to a tick; {@code time()} reads the coarse second), exact where they are the same kernel clock.
 */
final class Sanity {

    private static final long SECOND_NS = 1_000_000_000L;
    private static final int MAX_CPU = 1 << 16;

    private Sanity() {
    }

    /** Empty if {@code h} serving {@code m} gave a sane value, else what was wrong. */
    static Optional<String> check(Method m, Call h) {
        try {
            return switch (m) {
                case NANOS -> {
                    long a = System.nanoTime();
                    long v = h.read();
                    long b = System.nanoTime();
                    yield within(v, a, b, "CLOCK_MONOTONIC", "System.nanoTime()");
                }
                case COARSE_NANOS -> {
                    long a = System.nanoTime();
                    long v = h.read();
                    long b = System.nanoTime();
                    yield within(v, a - SECOND_NS, b, "CLOCK_MONOTONIC_COARSE", "System.nanoTime() less a second");
                }
                case EPOCH_NANOS -> epoch(h, 1_000_000L, 1, "CLOCK_REALTIME ms");
                case EPOCH_MICROS -> epoch(h, 1_000L, 1, "gettimeofday ms");
                case EPOCH_MILLIS -> epoch(h, 1L, 1, "epoch ms");
                case COARSE_EPOCH_MILLIS -> epoch(h, 1L, 1_000, "CLOCK_REALTIME_COARSE ms");
                case EPOCH_SECONDS -> {
                    long a = System.currentTimeMillis() / 1_000L;
                    long v = h.read();
                    long b = System.currentTimeMillis() / 1_000L;
                    yield within(v, a - 2, b + 1, "time()", "System.currentTimeMillis() / 1000");
                }
                case RESOLUTION -> {
                    long v = h.read(ClockId.MONOTONIC.linuxId());
                    yield within(v, 1, SECOND_NS, "clock_getres(CLOCK_MONOTONIC)", "1 ns .. 1 s");
                }
                case CPU, NODE -> {
                    long v = h.read();
                    yield within(v, 0, MAX_CPU - 1, m.apiName(), "0 .. " + (MAX_CPU - 1));
                }
            };
        } catch (RuntimeException | Error t) {
            return Optional.of("its first call threw " + t);
        }
    }

    private static Optional<String> epoch(Call h, long perMilli, long slackMillis, String what) {
        long a = System.currentTimeMillis();
        long v = h.read();
        long b = System.currentTimeMillis();
        if (v == Stubs.FAILED) {
            return Optional.of("its first call returned an error");
        }
        return within(Math.floorDiv(v, perMilli), a - slackMillis, b + 1, what, "System.currentTimeMillis()");
    }

    private static Optional<String> within(long v, long lo, long hi, String what, String reference) {
        if (v == Stubs.FAILED || (v == -1 && lo >= 0)) {
            return Optional.of("its first call returned an error");
        }
        if (v < lo || v > hi) {
            return Optional.of("its first call gave " + what + " = " + v + ", outside [" + lo + ", " + hi + "] from " + reference);
        }
        return Optional.empty();
    }
}
