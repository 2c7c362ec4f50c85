package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.fastclock.TimeSource;
import dev.fastclock.spi.Method;
import dev.fastclock.tests.probe.Bounds;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What every {@link TimeSource} must give, against the JDK's readings of the same kernel clocks (the bounds of
 * issue "Linux x86-64 provider"; the boot, raw and TAI clocks and the ticks of issue "More kernel clocks"; the clock
 * status of issue 20). The kernel's own answer for each clock, taken with the system call, is
 * {@link KernelClockBracketTest}'s. One dynamic test per check of each method of the catalogue ({@link Bounds#checks}),
 * so a method added to the catalogue is tested here without touching this class. One subclass per implementation or
 * route, each one line.
 */
abstract class TimeSourceContract {

    /** Readings per check; ten times as many for the cheap monotonic ones (nanos against System.nanoTime(): a million). */
    static final int ROUNDS = 100_000;

    private final Supplier<? extends TimeSource> factory;

    TimeSourceContract(Supplier<? extends TimeSource> factory) {
        this.factory = factory;
    }

    @TestFactory
    Stream<DynamicTest> everyMethodOfTheCatalogueMeetsItsBounds() {
        TimeSource source = factory.get();
        List<DynamicTest> tests = new ArrayList<>();
        for (Method m : Method.values()) {
            if (m.owner() != Method.Owner.FAST_CLOCK) {
                continue; // CpuLocator's: CpuSourceContract
            }
            List<Bounds.Check> checks = Bounds.checks(source, m, ROUNDS);
            assertFalse(checks.isEmpty(), () -> m.qualifiedName() + " has no check in Bounds");
            for (Bounds.Check c : checks) {
                tests.add(DynamicTest.dynamicTest(m.apiName() + ": " + c.name(), () -> c.run().run()));
            }
        }
        return tests.stream();
    }
}
