package dev.fastclock.testproviders;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.SystemClockBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK's clocks ({@link SystemClockBackend}) with every call counted: its readings are real, so
 * they can be bracketed by {@link System#nanoTime()}, and the count proves which calls it served
 * (the JDK fallback that answers while a selection is under way counts nothing).
 */
public final class TallyBackend implements FastClockBackend {

    /** The route name in {@link #routes()}. */
    public static final String ROUTE = "tally";

    private final FastClockBackend jdk = new SystemClockBackend();
    private final AtomicLong calls = new AtomicLong();

    /** A backend with no calls counted yet. */
    public TallyBackend() {
    }

    /** How many clock and CPU calls this backend has served. @return the count */
    public long calls() {
        return calls.get();
    }

    private FastClockBackend count() {
        calls.incrementAndGet();
        return jdk;
    }

    @Override
    public long nanos() {
        return count().nanos();
    }

    @Override
    public long coarseNanos() {
        return count().coarseNanos();
    }

    @Override
    public long epochNanos() {
        return count().epochNanos();
    }

    @Override
    public long epochMicros() {
        return count().epochMicros();
    }

    @Override
    public long epochMillis() {
        return count().epochMillis();
    }

    @Override
    public long coarseEpochMillis() {
        return count().coarseEpochMillis();
    }

    @Override
    public long epochSeconds() {
        return count().epochSeconds();
    }

    @Override
    public long resolutionNanos(int linuxClockId) {
        return count().resolutionNanos(linuxClockId);
    }

    @Override
    public long bootNanos() {
        return count().bootNanos();
    }

    @Override
    public long rawNanos() {
        return count().rawNanos();
    }

    @Override
    public long taiNanos() {
        return count().taiNanos();
    }

    @Override
    public long ticks() {
        return count().ticks();
    }

    @Override
    public long ticksToNanos(long ticks) {
        return count().ticksToNanos(ticks);
    }

    @Override
    public long ticksPerSecond() {
        return count().ticksPerSecond();
    }

    @Override
    public int cpu() {
        return count().cpu();
    }

    @Override
    public int node() {
        return count().node();
    }

    @Override
    public boolean isSupported() {
        return count().isSupported();
    }

    /** The JDK's routes, renamed {@value #ROUTE}. */
    @Override
    public List<MethodRoute> routes() {
        List<MethodRoute> routes = new ArrayList<>();
        for (MethodRoute r : jdk.routes()) {
            routes.add(new MethodRoute(r.method(), ROUTE, "counted: " + r.detail(), List.of()));
        }
        return routes;
    }

    @Override
    public String toString() {
        return "TallyBackend[" + calls + "]";
    }
}
