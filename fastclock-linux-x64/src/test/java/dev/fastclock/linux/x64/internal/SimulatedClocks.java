package dev.fastclock.linux.x64.internal;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A synthetic world for the calibrator: one true time (nanoseconds, a double), a counter that ticks at a
 * known rate, and a reference that reads the true time. Every read costs synthetic time, so how long a
 * call held its caller is measured in this world, never on the machine's noisy wall clock. A reference
 * read is sampled at a random instant within its cost, like a real call that is preempted or slow.
 *
 * <p>Knobs: the counter's rate (with a drift and a one-time change of rate), a counter jump, the cost and
 * jitter of each read, stalls (preemption inside a read), reference failures ({@link TscCalibrator#FAILED}),
 * a reference that steps or is stuck. Thread-safe (synchronized); it also records how many threads were
 * inside the reference supplier at once.
 */
final class SimulatedClocks {

    private final SplittableRandom random;

    private double now = 1_000e9; // an uptime of 1000 s: values far from zero, as on a real machine
    private final double start = now;

    /** Ticks per true nanosecond, e.g. 2.1 for a 2.1 GHz counter. */
    double ticksPerNano = 2.1;
    /** The counter's value at true time {@link #start}. */
    double counterOffset = 7.3e12;
    /** Relative change of the rate per true hour (a crystal drifting against the reference). */
    double driftPerHour;
    /** From this true time on (relative to start) the rate is multiplied by {@link #rateFactorAfter}. */
    double rateChangeAt = Double.POSITIVE_INFINITY;
    double rateFactorAfter = 1;
    /** From this true time on (relative to start) the counter reads {@link #counterJumpTicks} more. */
    double counterJumpAt = Double.POSITIVE_INFINITY;
    double counterJumpTicks;

    double counterCost = 10;
    double referenceCost = 25;
    /** Extra cost of a reference read, uniform in [0, this). */
    double referenceJitter = 20;
    /** Chance that a reference read is stalled (preempted) by {@link #stallNanos}. */
    double stallChance;
    double stallNanos = 50_000;
    /** Chance that a reference read fails. */
    double failChance;
    /** From this true time on (relative to start) every reference read fails; before it, none does. */
    double failFrom = Double.POSITIVE_INFINITY;
    double failUntil = Double.POSITIVE_INFINITY;
    /** From this true time on (relative to start) the reference reads {@link #referenceStepNanos} more. */
    double referenceStepAt = Double.POSITIVE_INFINITY;
    double referenceStepNanos;
    /** When set, the reference always answers this. */
    Long stuckReference;
    /** When set, the counter always answers this. */
    Long stuckCounter;
    /** When true, the reference supplier throws. */
    volatile boolean referenceThrows;

    private final AtomicInteger insideReference = new AtomicInteger();
    private final AtomicInteger maxInsideReference = new AtomicInteger();
    private long referenceReads;

    SimulatedClocks(long seed) {
        random = new SplittableRandom(seed);
    }

    /** True nanoseconds since this world began. */
    synchronized double elapsed() {
        return now - start;
    }

    synchronized void advance(double nanos) {
        now += nanos;
    }

    /** The true rate at this moment, in nanoseconds per tick. */
    synchronized double trueNanosPerTick() {
        return 1 / rate(now - start);
    }

    synchronized long referenceReads() {
        return referenceReads;
    }

    int maxThreadsInsideReference() {
        return maxInsideReference.get();
    }

    LongSupplier counter() {
        return this::readCounter;
    }

    LongSupplier reference() {
        return () -> {
            int in = insideReference.incrementAndGet();
            maxInsideReference.accumulateAndGet(in, Math::max);
            try {
                return readReference();
            } finally {
                insideReference.decrementAndGet();
            }
        };
    }

    /** Reads the counter without any cost (for workloads that then call observe). */
    synchronized long counterNow() {
        return counterAt(now - start);
    }

    private synchronized long readCounter() {
        now += counterCost / 2;
        long v = counterAt(now - start);
        now += counterCost / 2;
        return v;
    }

    private synchronized long readReference() {
        if (referenceThrows) {
            throw new IllegalStateException("simulated native failure");
        }
        referenceReads++;
        double cost = referenceCost + random.nextDouble() * referenceJitter;
        if (random.nextDouble() < stallChance) {
            cost += stallNanos;
        }
        double at = random.nextDouble() * cost;
        now += at;
        double t = now - start;
        boolean fails = random.nextDouble() < failChance || (t >= failFrom && t < failUntil);
        long v = stuckReference != null ? stuckReference : (long) Math.floor(now + (t >= referenceStepAt ? referenceStepNanos : 0));
        now += cost - at;
        return fails ? TscCalibrator.FAILED : v;
    }

    private long counterAt(double t) {
        if (stuckCounter != null) {
            return stuckCounter;
        }
        // The integral of the rate: r0 (1 + k t) over [0, t], plus the change of rate after rateChangeAt.
        double k = driftPerHour / 3600e9;
        double ticks = counterOffset + ticksPerNano * (t + k * t * t / 2);
        if (t > rateChangeAt) {
            ticks += ticksPerNano * (rateFactorAfter - 1) * (t - rateChangeAt);
        }
        if (t >= counterJumpAt) {
            ticks += counterJumpTicks;
        }
        return (long) Math.floor(ticks);
    }

    private double rate(double t) {
        double r = ticksPerNano * (1 + driftPerHour / 3600e9 * t);
        return t > rateChangeAt ? r + ticksPerNano * (rateFactorAfter - 1) : r;
    }
}
