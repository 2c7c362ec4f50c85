package dev.fastclock.spi;

import java.util.List;

/**
 * Stands in when a forced choice cannot work: every call throws, naming why. The interface's defaults
 * for the later clocks call these methods, so they throw too; only the defaults that compute without
 * a reading ({@code ticksToNanos}, {@code ticksPerSecond}) are overridden.
 */
final class FailedBackend implements FastClockBackend {

    private final String message;
    private final Throwable cause;

    FailedBackend(String message, Throwable cause) {
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
    public long resolutionNanos(int linuxClockId) {
        throw fail();
    }

    @Override
    public long ticksToNanos(long ticks) {
        throw fail();
    }

    @Override
    public long ticksPerSecond() {
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
    public List<String> notes() {
        return List.of("every method throws IllegalStateException: " + message);
    }

    @Override
    public String toString() {
        return "FailedBackend[" + message + "]";
    }
}
