package dev.fastclock.internal;

import dev.fastclock.ClockId;
import dev.fastclock.spi.FastClockBackend;

/** Stands in when a forced choice cannot work: every call throws, naming why. */
public final class FailedBackend implements FastClockBackend {

    private final String message;
    private final Throwable cause;

    /**
     * @param message why
     * @param cause   the cause, or null
     */
    public FailedBackend(String message, Throwable cause) {
        this.message = message;
        this.cause = cause;
    }

    private IllegalStateException fail() {
        return new IllegalStateException(message, cause);
    }

    @Override
    public long nanos() {
        throw fail();
    }

    @Override
    public long coarseNanos() {
        throw fail();
    }

    @Override
    public long epochNanos() {
        throw fail();
    }

    @Override
    public long epochMicros() {
        throw fail();
    }

    @Override
    public long epochMillis() {
        throw fail();
    }

    @Override
    public long coarseEpochMillis() {
        throw fail();
    }

    @Override
    public long epochSeconds() {
        throw fail();
    }

    @Override
    public long resolutionNanos(ClockId clock) {
        throw fail();
    }

    @Override
    public int cpu() {
        throw fail();
    }

    @Override
    public int node() {
        throw fail();
    }

    @Override
    public boolean isSupported() {
        throw fail();
    }

    @Override
    public String describeRoutes() {
        return "every method throws IllegalStateException: " + message;
    }
}
