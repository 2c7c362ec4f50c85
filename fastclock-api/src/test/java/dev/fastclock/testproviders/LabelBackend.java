package dev.fastclock.testproviders;

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
 * A backend whose every method answers a value of its own ({@link #label(Method)}), so that a test can
 * tell which plan answered which API method: a method wired to another's holder, or a
 * {@code FastClock.read(Method)} case calling the wrong method, answers another label.
 */
public final class LabelBackend implements FastClockBackend {

    /** The route name of its plans. */
    public static final String ROUTE = "label";
    /** What {@code clockStatus()} reads: every field distinct, a state no other provider here answers. */
    public static final Timex STATUS = new Timex(true, 3, 0x2011, -1234, 3 * 65_536 + 8_192, 567, 89, 37);

    /** A backend; stateless. */
    public LabelBackend() {
    }

    /**
     * The value the reader of {@code m} answers: distinct per method, and fits an {@code int}. {@link Method#CPU}
     * answers 0 so that an {@code isSupported()} reading the CPU's plan would answer false; {@link Method#IS_SUPPORTED}
     * answers 1 (true); {@link Method#CLOCK_STATUS} the state of {@link #STATUS}.
     *
     * @param m the method
     * @return the label
     */
    public static long label(Method m) {
        switch (m) {
            case CPU:
                return 0;
            case IS_SUPPORTED:
                return 1;
            case CLOCK_STATUS:
                return STATUS.state();
            default:
                return (m.ordinal() + 1) * 1_000_003L;
        }
    }

    @Override
    public Plan plan(Method m) {
        Reader r;
        switch (m) {
            case TICKS:
                r = new Ticks();
                break;
            case CLOCK_STATUS:
                r = new Status();
                break;
            case RESOLUTION:
                r = new PlusArg(label(m));
                break;
            default:
                r = new Label(label(m));
        }
        return new Plan(r, new MethodRoute(m.apiName(), ROUTE, "answers " + label(m), List.of()), null);
    }

    /** A fixed answer. @param value it */
    private record Label(long value) implements Reader {
        @Override
        public long read(long arg) {
            return value;
        }
    }

    /** The label plus the argument (the Linux clock id), to prove the argument arrives. @param value the label */
    private record PlusArg(long value) implements Reader {
        @Override
        public long read(long arg) {
            return value + arg;
        }
    }

    /** Ticks whose conversion and rate have labels of their own: {@code toNanos(t)} is {@code t} plus the conversion's label. */
    private record Ticks() implements TickReader {
        @Override
        public long read(long arg) {
            return label(Method.TICKS);
        }

        @Override
        public long toNanos(long ticks) {
            return ticks + label(Method.TICKS_TO_NANOS);
        }

        @Override
        public long perSecond() {
            return label(Method.TICKS_PER_SECOND);
        }
    }

    private record Status() implements StatusReader {
        @Override
        public Timex timex() {
            return STATUS;
        }
    }
}
