package dev.fastclock.testproviders;

import dev.fastclock.SettableClock;
import dev.fastclock.settable.SettableBackend;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.MethodRoute;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A working backend (a {@link SettableClock} underneath) whose {@link #routes()} and {@link #notes()}
 * answer whatever the test sets, including nulls and exceptions that break their contract. Switchable
 * at run time, so one JVM can check how {@code FastClock.report()} survives each.
 */
public final class RoutesBackend implements FastClockBackend {

    private final SettableBackend clock = new SettableBackend(new SettableClock());
    private volatile Supplier<List<MethodRoute>> routes = List::of;
    private volatile Supplier<List<String>> notes = List::of;

    /** A backend with no routes and no notes until told otherwise. */
    public RoutesBackend() {
    }

    /**
     * What {@link #routes()} answers from now on.
     *
     * @param routes called on every {@link #routes()}; may return null or throw
     * @return this backend
     */
    public RoutesBackend routes(Supplier<List<MethodRoute>> routes) {
        this.routes = Objects.requireNonNull(routes);
        return this;
    }

    /**
     * What {@link #notes()} answers from now on.
     *
     * @param notes called on every {@link #notes()}; may return null or throw
     * @return this backend
     */
    public RoutesBackend notes(Supplier<List<String>> notes) {
        this.notes = Objects.requireNonNull(notes);
        return this;
    }

    @Override
    public List<MethodRoute> routes() {
        return routes.get();
    }

    @Override
    public List<String> notes() {
        return notes.get();
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
        return clock.resolutionNanos(linuxClockId);
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
