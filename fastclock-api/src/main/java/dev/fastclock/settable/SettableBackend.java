package dev.fastclock.settable;

import dev.fastclock.ClockStatus;
import dev.fastclock.SettableClock;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.Reader;
import dev.fastclock.spi.StatusReader;
import dev.fastclock.spi.TickReader;
import dev.fastclock.spi.Timex;

import java.util.List;

/**
 * A {@link SettableClock} as a backend: each method's answer follows from its catalogue row (the clock
 * it reads and its unit), so a new clock in the catalogue needs nothing here. The monotonic clocks read
 * the clock's monotonic reading, the wall clocks (TAI with an offset of 0) its wall-clock reading, in
 * the method's unit; ticks are its nanoseconds. Public for the tests of providers that want a
 * controllable backend; its package is not exported.
 */
public final class SettableBackend implements FastClockBackend {

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
    public Plan plan(Method method) {
        return new Plan(reader(method), new MethodRoute(method.apiName(), SettableClockProvider.NAME,
                "a test clock that moves only when told to", List.of()), null);
    }

    private Reader reader(Method m) {
        if (m.clock() != null) {
            return new Reading(clock, m.clock().wall(), m.unit().nanos());
        }
        switch (m) {
            case TICKS:
                return new Ticks(clock);
            case RESOLUTION:
                return new Reading(null, false, 0);
            case CPU:
            case NODE:
            case IS_SUPPORTED:
                return new Cpu(clock, m.ordinal());
            case CLOCK_STATUS:
                return new Status(clock);
            default:
                throw new IllegalArgumentException("the settable clock has no answer for " + m.apiName());
        }
    }

    @Override
    public String toString() {
        return "SettableBackend[" + clock + "]";
    }

    /**
     * A clock reading in a unit: the monotonic or the wall-clock reading over {@code perUnit}; with no
     * clock, a resolution of 1 ns (a settable clock moves in steps of any size).
     */
    private record Reading(SettableClock clock, boolean wall, long perUnit) implements Reader {
        @Override
        public long read(long arg) {
            if (clock == null) {
                return 1;
            }
            return Math.floorDiv(wall ? clock.epochNanos() : clock.nanos(), perUnit);
        }
    }

    /** Ticks are the monotonic nanoseconds, so code that measures in ticks moves with {@code advance}. */
    private record Ticks(SettableClock clock) implements TickReader {
        @Override
        public long read(long arg) {
            return clock.nanos();
        }

        @Override
        public long toNanos(long ticks) {
            return ticks;
        }

        @Override
        public long perSecond() {
            return 1_000_000_000L;
        }
    }

    /** The status set on the clock, as the kernel's fields (the frequency scaled by 2^16), its bits as set. */
    private record Status(SettableClock clock) implements StatusReader {
        @Override
        public Timex timex() {
            ClockStatus s = clock.clockStatus();
            if (!s.known()) {
                return Timex.UNKNOWN;
            }
            return new Timex(true, s.state(), s.statusBits(), s.offsetNanos(), Math.round(s.frequencyPpm() * 65_536.0),
                    s.maxErrorMicros(), s.estimatedErrorMicros(), s.taiOffsetSeconds());
        }
    }

    /** The CPU, the node, or whether the CPU is known, as set on the clock. */
    private record Cpu(SettableClock clock, int which) implements Reader {
        @Override
        public long read(long arg) {
            if (which == Method.CPU.ordinal()) {
                return clock.cpu();
            }
            return which == Method.NODE.ordinal() ? clock.node() : clock.isSupported() ? 1 : 0;
        }
    }
}
