package dev.fastclock.tests.child;

import dev.fastclock.FastClock;
import dev.fastclock.spi.Method;
import dev.fastclock.tests.probe.Bounds;

import java.util.BitSet;
import java.util.List;

/**
 * Calls one method of the catalogue ({@link Method}, through {@link FastClock#read(Method)}) and checks its answer
 * against the JDK's readings taken around it, by what the catalogue row says it is: its clock and its unit
 * ({@link Bounds#checkReading}: loosely where the clocks legitimately differ, a coarse clock lags by up to a second,
 * raw drifts from monotonic by NTP's slew), or for the rest its unit. A method added to the catalogue on a clock or in a unit already known is checked without touching this
 * class; a new clock or unit does not compile until it has a rule. For child programs that make first calls in odd
 * places (a logger, the stack's edge), where the answer must be right even when it is the JDK's stand-in.
 */
public final class Truth {

    /** Every method of the catalogue, in its order. */
    public static final List<Method> METHODS = List.of(Method.values());

    private static final long SECOND = 1_000_000_000L;
    private static final BitSet CPUS = Bounds.allowedCpus();
    private static final BitSet NODES = Bounds.onlineNodes();

    private Truth() {
    }

    /**
     * Calls the method named {@code apiName} once and checks it.
     *
     * @param apiName a catalogue method's name, such as {@code nanos}
     * @return the value
     */
    public static long call(String apiName) {
        return call(Method.ofApiName(apiName));
    }

    /**
     * Calls {@code m} once and checks it.
     *
     * @param m a catalogue method
     * @return the value
     * @throws AssertionError naming the method, the value and the bound, if it is wrong
     */
    public static long call(Method m) {
        long n0 = System.nanoTime();
        long ms0 = System.currentTimeMillis();
        long v = FastClock.read(m);
        long ms1 = System.currentTimeMillis();
        long n1 = System.nanoTime();
        return check(m, v, n0, n1, ms0, ms1);
    }

    /**
     * Checks every rule against the JDK's own answer to each method ({@link Method#jdk()}: what a call made from
     * inside the choice on the choosing thread gets): each must pass, or the rules would fail FastClock for its
     * documented stand-in. Runs every rule once, touching no FastClock method, so a program can initialize the
     * checker (its switch tables included) before its first FastClock call, at normal depth.
     */
    public static void checkTheJdksAnswers() {
        for (Method m : METHODS) {
            long n0 = System.nanoTime();
            long ms0 = System.currentTimeMillis();
            // FastClock.read's arguments: resolutionNanos(MONOTONIC), ticksToNanos(ticksPerSecond())
            long arg = m == Method.RESOLUTION ? 1 : m == Method.TICKS_TO_NANOS ? Method.TICKS_PER_SECOND.jdk().read(0) : 0;
            long v = m.jdk().read(arg);
            long ms1 = System.currentTimeMillis();
            long n1 = System.nanoTime();
            check(m, v, n0, n1, ms0, ms1);
        }
    }

    private static long check(Method m, long v, long n0, long n1, long ms0, long ms1) {
        return m.clock() != null ? Bounds.checkReading(m, v, n0, n1, ms0, ms1) : other(m, v);
    }

    /** Checks a method that reads no clock, by its unit; returns the value. */
    private static long other(Method m, long v) {
        String what = m.apiName();
        return switch (m.unit()) {
            case TICKS -> within(what, v, 1, Long.MAX_VALUE);
            // ticksToNanos(ticksPerSecond()): a second; resolutionNanos(MONOTONIC): a fine clock's
            case NANOSECONDS -> m.planned() ? within(what, v, 1, 1_000) : within(what, v, SECOND - SECOND / 100, SECOND + SECOND / 100);
            case TICKS_PER_SECOND -> within(what, v, 1_000_000L, 100_000_000_000L);
            case CPU -> check(v, v == -1 || CPUS.get((int) v), what + "() = " + v + ", neither -1 (the JDK's unknown) nor a CPU this thread may run on " + CPUS);
            case NODE -> check(v, v == -1 || NODES.get((int) v), what + "() = " + v + ", neither -1 (the JDK's unknown) nor an online node " + NODES);
            case BOOLEAN -> within(what, v, 0, 1);
            // the kernel's clock state, TIME_OK (0) to TIME_ERROR (5), or -1: unknown
            case STATUS -> within(what, v, -1, 5);
            case MICROSECONDS, MILLISECONDS, SECONDS -> throw new IllegalArgumentException(what + ": a time unit without a clock");
        };
    }

    private static long within(String what, long v, long low, long high) {
        return check(v, v >= low && v <= high, what + "() = " + v + ", outside [" + low + ", " + high + "] from the JDK's readings around it");
    }

    private static long check(long v, boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
        return v;
    }
}
