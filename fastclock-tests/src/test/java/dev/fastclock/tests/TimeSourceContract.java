package dev.fastclock.tests;

import dev.fastclock.TimeSource;
import dev.fastclock.tests.probe.Bounds;

import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TimeSource} must give, against the JDK's readings of the same kernel clocks (the bounds of
 * issue "Linux x86-64 provider"; the boot, raw and TAI clocks and the ticks of issue "More kernel clocks"). The
 * kernel's own answer for each clock, taken with the system call, is {@link KernelClockBracketTest}'s. One subclass
 * per implementation or route, each one line.
 */
abstract class TimeSourceContract {

    /** nanos() against System.nanoTime(): a million rounds, as the issue asks. */
    static final int NANOS_ROUNDS = 1_000_000;
    /** Each epoch and coarse check: enough to cross many ticks. */
    static final int ROUNDS = 100_000;

    private final Supplier<? extends TimeSource> factory;
    private TimeSource source;

    TimeSourceContract(Supplier<? extends TimeSource> factory) {
        this.factory = factory;
    }

    @BeforeEach
    final void create() {
        source = factory.get();
    }

    @Test
    void resolutionsAreTheKernelsOrderOfMagnitude() {
        Bounds.resolutions(source);
    }

    @Test
    void nanosInterleavesWithSystemNanoTime() {
        Bounds.nanosInterleavesWithNanoTime(source, NANOS_ROUNDS);
    }

    @Test
    void epochNanosAgreesWithInstantNowWithinAMillisecond() {
        Bounds.epochNanos(source, ROUNDS);
    }

    @Test
    void epochMicrosAgreesWithInstantNowWithinAMillisecond() {
        Bounds.epochMicros(source, ROUNDS);
    }

    @Test
    void epochMillisAgreesWithCurrentTimeMillisWithinAMillisecond() {
        Bounds.epochMillis(source, ROUNDS);
    }

    @Test
    void epochSecondsAgreesWithCurrentTimeMillisOverAThousand() {
        Bounds.epochSeconds(source, ROUNDS);
    }

    @Test
    void coarseNanosTrailsNanosByAtMostTwoTicks() {
        Bounds.coarseNanos(source, ROUNDS);
    }

    @Test
    void coarseEpochMillisTrailsCurrentTimeMillisByAtMostTwoTicks() {
        Bounds.coarseEpochMillis(source, ROUNDS);
    }

    @Test
    void coarseClocksMoveOnlyAtTicks() {
        Bounds.coarseClocksMoveOnlyAtTicks(source, ROUNDS);
    }

    @Test
    void bootNanosIsNeverBelowNanosAndNeverGoesBack() {
        Bounds.bootNanos(source, NANOS_ROUNDS);
    }

    @Test
    void rawNanosNeverGoesBack() {
        Bounds.rawNanos(source, NANOS_ROUNDS);
    }

    @Test
    void rawNanosRunsAtTheRateOfNanos() {
        Bounds.rawNanosRunsAtTheRateOfNanos(source);
    }

    @Test
    void taiNanosIsEpochNanosPlusWholeSecondsFromZeroToSixty() {
        Bounds.taiNanos(source, ROUNDS);
    }

    @Test
    void ticksNeverGoBackOnOneThread() {
        Bounds.ticks(source, NANOS_ROUNDS);
    }

    @Test
    void ticksToNanosOfATicksDifferenceIsTheNanosElapsed() {
        Bounds.ticksToNanosAgreesWithNanoTime(source);
    }
}
