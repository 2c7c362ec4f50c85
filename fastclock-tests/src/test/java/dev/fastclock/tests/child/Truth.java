package dev.fastclock.tests.child;

import dev.fastclock.ClockId;
import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;
import dev.fastclock.tests.probe.Bounds;

import java.time.Instant;
import java.util.BitSet;
import java.util.List;

/**
 * Calls one FastClock or CpuLocator method and checks its answer against the JDK's readings taken around it
 * (loosely where the clocks legitimately differ: a coarse clock lags by up to a second here, raw drifts from
 * monotonic by NTP's slew). For child programs that make first calls in odd places (a logger, the stack's edge),
 * where the answer must be right even when it is the JDK's stand-in.
 */
public final class Truth {

    /** Every method, in the report's order. */
    public static final List<String> METHODS = List.of("nanos", "coarseNanos", "epochNanos", "epochMicros", "epochMillis",
            "coarseEpochMillis", "epochSeconds", "resolutionNanos", "bootNanos", "rawNanos", "taiNanos", "ticks", "cpu", "node");

    private static final long SECOND = 1_000_000_000L;
    private static final BitSet CPUS = Bounds.allowedCpus();
    private static final BitSet NODES = Bounds.onlineNodes();

    private Truth() {
    }

    /**
     * Calls {@code method} once and checks it.
     *
     * @param method a name from {@link #METHODS}
     * @return the value
     * @throws AssertionError naming the method, the value and the bound, if it is wrong
     */
    public static long call(String method) {
        long n0 = System.nanoTime();
        long ms0 = System.currentTimeMillis();
        long v = switch (method) {
            case "nanos" -> FastClock.nanos();
            case "coarseNanos" -> FastClock.coarseNanos();
            case "epochNanos" -> FastClock.epochNanos();
            case "epochMicros" -> FastClock.epochMicros();
            case "epochMillis" -> FastClock.epochMillis();
            case "coarseEpochMillis" -> FastClock.coarseEpochMillis();
            case "epochSeconds" -> FastClock.epochSeconds();
            case "resolutionNanos" -> FastClock.resolutionNanos(ClockId.MONOTONIC);
            case "bootNanos" -> FastClock.bootNanos();
            case "rawNanos" -> FastClock.rawNanos();
            case "taiNanos" -> FastClock.taiNanos();
            case "ticks" -> FastClock.ticks();
            case "cpu" -> CpuLocator.cpu();
            case "node" -> CpuLocator.node();
            default -> throw new IllegalArgumentException(method);
        };
        long ms1 = System.currentTimeMillis();
        long n1 = System.nanoTime();
        switch (method) {
            case "nanos" -> within(method, v, n0, n1);
            case "coarseNanos" -> within(method, v, n0 - SECOND, n1);
            case "epochNanos" -> within(method, v / 1_000_000L, ms0 - 1, ms1 + 1);
            case "epochMicros" -> within(method, v / 1_000L, ms0 - 1, ms1 + 1);
            case "epochMillis" -> within(method, v, ms0 - 1, ms1 + 1);
            case "coarseEpochMillis" -> within(method, v, ms0 - 1_000, ms1);
            case "epochSeconds" -> within(method, v, (ms0 - 1_000) / 1_000, ms1 / 1_000);
            case "resolutionNanos" -> within(method, v, 1, 1_000);
            case "bootNanos" -> within(method, v, n0, Long.MAX_VALUE);
            // NTP slews monotonic by at most 500 ppm: raw and monotonic part by at most that much of the uptime.
            case "rawNanos" -> within(method, v, n0 - n0 / 1_000 - SECOND, n1 + n1 / 1_000 + SECOND);
            case "taiNanos" -> {
                Instant now = Instant.now();
                long epoch = now.getEpochSecond() * SECOND + now.getNano();
                within(method + " - epoch (the TAI offset)", Math.floorDiv(v - epoch + SECOND / 2, SECOND), 0, 60);
            }
            case "ticks" -> within(method, v, 1, Long.MAX_VALUE);
            case "cpu" -> check(v == -1 || CPUS.get((int) v), method + "() = " + v + ", neither -1 (the JDK's unknown) nor a CPU this thread may run on " + CPUS);
            case "node" -> check(v == -1 || NODES.get((int) v), method + "() = " + v + ", neither -1 (the JDK's unknown) nor an online node " + NODES);
            default -> throw new IllegalArgumentException(method);
        }
        return v;
    }

    private static void within(String what, long v, long low, long high) {
        check(v >= low && v <= high, what + "() = " + v + ", outside [" + low + ", " + high + "] from the JDK's readings around it");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
