package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fastclock.FastClock;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.Method;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each clock against the kernel's own answer (issue "More kernel clocks"): every FastClock reading lies between two
 * readings of the same kernel clock taken with the {@code clock_gettime} SYSTEM CALL itself ({@link KernelClock},
 * never the vDSO) just before and just after it, {@value #ROUNDS} times, for the facade and for every route forced
 * ({@code vdso}, {@code libc}; {@code jdk} for the clocks the JDK really has). Unlike the contracts, which compare
 * with the JDK's readings, this holds {@code bootNanos}, {@code rawNanos} and {@code taiNanos} to their exact kernel
 * clocks: a route that served {@code CLOCK_MONOTONIC} for {@code CLOCK_BOOTTIME} fails here wherever the machine was
 * ever suspended, and one that read the wrong clock id fails everywhere for {@code rawNanos}. The cases are the
 * catalogue's clocks ({@link Method#clock()}), so a clock added to it is bracketed here without touching this class.
 */
class KernelClockBracketTest {

    static final int ROUNDS = 50_000;

    /**
     * A catalogue method and the kernel clock it is read against.
     *
     * @param method the catalogue row
     * @param clock  the kernel clock that brackets it: its own, or for the JDK route the fine clock the JDK reads
     */
    record Reading(Method method, Method.Clock clock) {
        @Override
        public String toString() {
            long d = method.unit().nanos();
            return method.apiName() + " = " + clock.cName() + (d == 1 ? "" : " / " + d);
        }
    }

    /**
     * Every clock of the catalogue on the facade and on each native route; on the JDK route the clocks the JDK reads
     * itself (monotonic and realtime), bracketed by the fine clock it really reads (it has no coarse clock: its
     * coarse answers are the fine ones, and its seconds are the fine clock's). The JDK has no boot or raw clock, and
     * its TAI assumes an offset of 0: the contracts and the report cover how those differ.
     */
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Method m : Method.values()) {
            if (m.clock() == null) {
                continue;
            }
            for (String route : List.of("facade", "vdso", "libc")) {
                cases.add(Arguments.of(route, new Reading(m, m.clock())));
            }
            if (fine(m.clock()) == Method.Clock.MONOTONIC || fine(m.clock()) == Method.Clock.REALTIME) {
                // the JDK reads these kernel clocks itself (the coarse ones at the fine clock's grain)
                cases.add(Arguments.of("jdk", new Reading(m, fine(m.clock()))));
            }
        }
        return cases.stream();
    }

    /** The fine clock of which {@code c} is the coarse reading, or {@code c}. */
    private static Method.Clock fine(Method.Clock c) {
        return c.name().endsWith("_COARSE") ? Method.Clock.valueOf(c.name().substring(0, c.name().length() - "_COARSE".length())) : c;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void eachReadingLiesBetweenTwoSystemCalls(String route, Reading reading) {
        BackendSource backend = route.equals("facade") ? null : Routes.backend(Route.of(route));
        if (route.equals("facade")) {
            assertEquals("linux-x64", FastClock.providerName(), FastClock::describe);
        }
        Method m = reading.method();
        ToLongFunction<Method> read = backend == null ? FastClock::read : backend::read;
        int clock = reading.clock().linuxId();
        long d = m.unit().nanos();
        try (KernelClock kernel = new KernelClock()) {
            // Once first, so planning and the first call's cost are not in a bracket that matters.
            read.applyAsLong(m);
            for (int i = 0; i < ROUNDS; i++) {
                long before = kernel.read(clock);
                long v = read.applyAsLong(m);
                long after = kernel.read(clock);
                long low = Math.floorDiv(before, d);
                long high = Math.floorDiv(after, d);
                if (v < low || v > high) {
                    throw new AssertionError("round " + i + " on route " + route + ": " + m.apiName() + "() = " + v
                            + ", outside [" + low + ", " + high + "], the kernel's " + reading.clock().cName() + " (clock_gettime system call"
                            + (d == 1 ? "" : ", / " + d) + ") read just before and after it ("
                            + (v < low ? low - v + " below" : v - high + " above") + ")");
                }
            }
        }
    }
}
