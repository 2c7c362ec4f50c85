package dev.fastclock.settable;

import dev.fastclock.ClockId;
import dev.fastclock.SettableClock;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.MethodRoute;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SettableClock} as a backend: every method reads the clock. Public for the tests of
 * providers that want a controllable backend; its package is not exported.
 */
public final class SettableBackend implements FastClockBackend {

    private static final String[] METHODS = {"nanos", "coarseNanos", "epochNanos", "epochMicros", "epochMillis",
        "coarseEpochMillis", "epochSeconds", "resolutionNanos", "bootNanos", "rawNanos", "taiNanos", "ticks", "cpu", "node"};

    private final SettableClock clock;

    /**
     * A backend over {@code clock}.
     *
     * @param clock the clock every method reads
     */
    public SettableBackend(SettableClock clock) {
        this.clock = clock;
    }

    /**
     * The clock this backend reads.
     *
     * @return the clock
     */
    public SettableClock clock() {
        return clock;
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
    public long resolutionNanos(int linuxClockId) {
        return clock.resolutionNanos(ClockId.MONOTONIC);
    }

    @Override
    public long bootNanos() {
        return clock.bootNanos();
    }

    @Override
    public long rawNanos() {
        return clock.rawNanos();
    }

    @Override
    public long taiNanos() {
        return clock.taiNanos();
    }

    @Override
    public long ticks() {
        return clock.ticks();
    }

    @Override
    public long ticksToNanos(long ticks) {
        return clock.ticksToNanos(ticks);
    }

    @Override
    public long ticksPerSecond() {
        return clock.ticksPerSecond();
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

    @Override
    public List<MethodRoute> routes() {
        List<MethodRoute> routes = new ArrayList<>();
        for (String m : METHODS) {
            routes.add(new MethodRoute(m, SettableClockProvider.NAME, "a test clock that moves only when told to", List.of()));
        }
        return routes;
    }

    @Override
    public String toString() {
        return "SettableBackend[" + clock + "]";
    }
}
