package dev.fastclock.testproviders;

import dev.fastclock.ClockId;
import dev.fastclock.SettableClock;
import dev.fastclock.spi.FastClockBackend;

/** A working backend (a {@link SettableClock} underneath) whose {@link #describeRoutes()} misbehaves as told. */
public final class RoutesBackend implements FastClockBackend {

    private final SettableClock clock = new SettableClock();
    private final String routes;
    private final RuntimeException failure;

    private RoutesBackend(String routes, RuntimeException failure) {
        this.routes = routes;
        this.failure = failure;
    }

    /** A backend whose describeRoutes() returns null, breaking its contract. */
    public static RoutesBackend returningNull() {
        return new RoutesBackend(null, null);
    }

    /** A backend whose describeRoutes() throws {@code failure}. */
    public static RoutesBackend throwing(RuntimeException failure) {
        return new RoutesBackend(null, failure);
    }

    @Override
    public String describeRoutes() {
        if (failure != null) {
            throw failure;
        }
        return routes;
    }

    @Override
    public long nanos() {
        return clock.nanos();
    }

    @Override
    public long coarseNanos() {
        return clock.coarseNanos();
    }

    @Override
    public long epochNanos() {
        return clock.epochNanos();
    }

    @Override
    public long epochMicros() {
        return clock.epochMicros();
    }

    @Override
    public long epochMillis() {
        return clock.epochMillis();
    }

    @Override
    public long coarseEpochMillis() {
        return clock.coarseEpochMillis();
    }

    @Override
    public long epochSeconds() {
        return clock.epochSeconds();
    }

    @Override
    public long resolutionNanos(ClockId clockId) {
        return clock.resolutionNanos(clockId);
    }

    @Override
    public int cpu() {
        return clock.cpu();
    }

    @Override
    public int node() {
        return clock.node();
    }

    @Override
    public boolean isSupported() {
        return clock.isSupported();
    }
}
