package dev.fastclock.tests;

import dev.fastclock.ClockId;
import dev.fastclock.ClockStatus;
import dev.fastclock.CpuSource;
import dev.fastclock.TimeSource;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.Reader;
import dev.fastclock.spi.StatusReader;
import dev.fastclock.spi.TickReader;
import dev.fastclock.spi.Timex;

import java.util.ArrayList;
import java.util.List;

/**
 * A provider's backend seen through the API's interfaces, so the contracts judge a backend built directly
 * ({@code LinuxX64Provider.backend(Route)}, {@code new SystemClockBackend()}) exactly as they judge
 * {@code FastClock.source()}. The SPI depends on nothing in the API, so the backend is not itself a
 * {@link TimeSource}: this plans every {@linkplain Method#planned() planned} method of the catalogue once, as
 * FastClock does, and reads each plan's reader. A backend that does not serve a method (a null plan) fails here:
 * the backends judged this way serve the whole catalogue.
 */
final class BackendSource implements TimeSource, CpuSource {

    private final FastClockBackend backend;
    private final Plan[] plans = new Plan[Method.values().length];

    BackendSource(FastClockBackend backend) {
        this.backend = backend;
        for (Method m : Method.values()) {
            if (m.planned()) {
                Plan p = backend.plan(m);
                if (p == null) {
                    throw new AssertionError(backend + " does not serve " + m.qualifiedName() + " (a null plan)");
                }
                plans[m.ordinal()] = p;
            }
        }
    }

    FastClockBackend backend() {
        return backend;
    }

    /** Every planned method's plan, in catalogue order. */
    List<Plan> plans() {
        List<Plan> out = new ArrayList<>();
        for (Plan p : plans) {
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** Every planned method's route, in catalogue order: what the report shows for this backend. */
    List<MethodRoute> routes() {
        return plans().stream().map(Plan::route).toList();
    }

    /** The plan of {@code m}'s method ({@code TICKS}'s for the conversions). */
    Plan plan(Method m) {
        return plans[m.plannedAs().ordinal()];
    }

    private Reader reader(Method m) {
        return plan(m).reader();
    }

    private TickReader tickReader() {
        return (TickReader) reader(Method.TICKS);
    }

    /**
     * The reading of any catalogue method, as {@code FastClock.read(Method)} gives it for the static facade: a
     * switch expression, so a new catalogue row without its case here does not compile.
     */
    long read(Method m) {
        return switch (m) {
            case NANOS, COARSE_NANOS, EPOCH_NANOS, EPOCH_MICROS, EPOCH_MILLIS, COARSE_EPOCH_MILLIS, EPOCH_SECONDS, BOOT_NANOS,
                 RAW_NANOS, TAI_NANOS, TICKS, CPU, NODE, IS_SUPPORTED -> reader(m).read(0);
            case TICKS_TO_NANOS -> tickReader().toNanos(tickReader().perSecond());
            case TICKS_PER_SECOND -> tickReader().perSecond();
            case RESOLUTION -> reader(m).read(ClockId.MONOTONIC.linuxId());
            case CLOCK_STATUS -> clockStatus().state();
        };
    }

    @Override
    public long nanos() {
        return reader(Method.NANOS).read(0);
    }

    @Override
    public long coarseNanos() {
        return reader(Method.COARSE_NANOS).read(0);
    }

    @Override
    public long epochNanos() {
        return reader(Method.EPOCH_NANOS).read(0);
    }

    @Override
    public long epochMicros() {
        return reader(Method.EPOCH_MICROS).read(0);
    }

    @Override
    public long epochMillis() {
        return reader(Method.EPOCH_MILLIS).read(0);
    }

    @Override
    public long coarseEpochMillis() {
        return reader(Method.COARSE_EPOCH_MILLIS).read(0);
    }

    @Override
    public long epochSeconds() {
        return reader(Method.EPOCH_SECONDS).read(0);
    }

    @Override
    public long bootNanos() {
        return reader(Method.BOOT_NANOS).read(0);
    }

    @Override
    public long rawNanos() {
        return reader(Method.RAW_NANOS).read(0);
    }

    @Override
    public long taiNanos() {
        return reader(Method.TAI_NANOS).read(0);
    }

    @Override
    public long ticks() {
        return tickReader().read(0);
    }

    @Override
    public long ticksToNanos(long ticks) {
        return tickReader().toNanos(ticks);
    }

    @Override
    public long ticksPerSecond() {
        return tickReader().perSecond();
    }

    @Override
    public long resolutionNanos(ClockId clock) {
        return reader(Method.RESOLUTION).read(clock.linuxId());
    }

    /** The backend's {@link Timex} as the API's {@link ClockStatus}, converted as the API documents the fields. */
    @Override
    public ClockStatus clockStatus() {
        Timex t = ((StatusReader) reader(Method.CLOCK_STATUS)).timex();
        long now = epochNanos();
        if (!t.known()) {
            return ClockStatus.unknown(now);
        }
        return ClockStatus.of(t.state(), t.status(), t.offsetNanos(), t.freq() / 65_536.0, t.maxError(), t.estError(), t.tai(), now);
    }

    @Override
    public int cpu() {
        return (int) reader(Method.CPU).read(0);
    }

    @Override
    public int node() {
        return (int) reader(Method.NODE).read(0);
    }

    @Override
    public boolean isSupported() {
        return reader(Method.IS_SUPPORTED).read(0) != 0;
    }

    @Override
    public String toString() {
        return "BackendSource[" + backend + "]";
    }
}
