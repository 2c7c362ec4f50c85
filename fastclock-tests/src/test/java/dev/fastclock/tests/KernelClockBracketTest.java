package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fastclock.ClockId;
import dev.fastclock.FastClock;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;

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
 * ever suspended, and one that read the wrong clock id fails everywhere for {@code rawNanos}.
 */
class KernelClockBracketTest {

    static final int ROUNDS = 50_000;

    /**
     * A FastClock method and the kernel clock it is.
     *
     * @param method  the method
     * @param clock   its kernel clock
     * @param divisor the kernel's nanoseconds per unit of the method (1000 for microseconds...)
     * @param read    reads the method from a backend, or from the facade when given null
     */
    private record Reading(String method, ClockId clock, long divisor, ToLongFunction<FastClockBackend> read) {
        long read(FastClockBackend b) {
            return read.applyAsLong(b);
        }

        @Override
        public String toString() {
            return method + " = " + clock + (divisor == 1 ? "" : " / " + divisor);
        }
    }

    private static final Reading NANOS = new Reading("nanos", ClockId.MONOTONIC, 1,
            b -> b == null ? FastClock.nanos() : b.nanos());
    private static final Reading COARSE_NANOS = new Reading("coarseNanos", ClockId.MONOTONIC_COARSE, 1,
            b -> b == null ? FastClock.coarseNanos() : b.coarseNanos());
    private static final Reading EPOCH_NANOS = new Reading("epochNanos", ClockId.REALTIME, 1,
            b -> b == null ? FastClock.epochNanos() : b.epochNanos());
    private static final Reading EPOCH_MICROS = new Reading("epochMicros", ClockId.REALTIME, 1_000,
            b -> b == null ? FastClock.epochMicros() : b.epochMicros());
    private static final Reading EPOCH_MILLIS = new Reading("epochMillis", ClockId.REALTIME, 1_000_000,
            b -> b == null ? FastClock.epochMillis() : b.epochMillis());
    private static final Reading COARSE_EPOCH_MILLIS = new Reading("coarseEpochMillis", ClockId.REALTIME_COARSE, 1_000_000,
            b -> b == null ? FastClock.coarseEpochMillis() : b.coarseEpochMillis());
    /** {@code time()} reads the seconds of the coarse clock (the vDSO's, and the kernel's syscall alike). */
    private static final Reading EPOCH_SECONDS = new Reading("epochSeconds", ClockId.REALTIME_COARSE, 1_000_000_000,
            b -> b == null ? FastClock.epochSeconds() : b.epochSeconds());
    private static final Reading BOOT_NANOS = new Reading("bootNanos", ClockId.BOOTTIME, 1,
            b -> b == null ? FastClock.bootNanos() : b.bootNanos());
    private static final Reading RAW_NANOS = new Reading("rawNanos", ClockId.MONOTONIC_RAW, 1,
            b -> b == null ? FastClock.rawNanos() : b.rawNanos());
    private static final Reading TAI_NANOS = new Reading("taiNanos", ClockId.TAI, 1,
            b -> b == null ? FastClock.taiNanos() : b.taiNanos());

    /** Every kernel clock a native route serves. */
    private static final List<Reading> NATIVE = List.of(NANOS, COARSE_NANOS, EPOCH_NANOS, EPOCH_MICROS, EPOCH_MILLIS,
            COARSE_EPOCH_MILLIS, EPOCH_SECONDS, BOOT_NANOS, RAW_NANOS, TAI_NANOS);
    /**
     * The clocks the JDK route has exactly: it has no coarse, boot or raw clock, and its TAI assumes an offset of 0
     * (the contracts and the report cover how those differ); its seconds are the fine clock's.
     */
    private static final List<Reading> JDK = List.of(NANOS, EPOCH_NANOS, EPOCH_MICROS, EPOCH_MILLIS,
            new Reading("epochSeconds", ClockId.REALTIME, 1_000_000_000, FastClockBackend::epochSeconds));

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Reading r : NATIVE) {
            cases.add(Arguments.of("facade", r));
            cases.add(Arguments.of("vdso", r));
            cases.add(Arguments.of("libc", r));
        }
        for (Reading r : JDK) {
            cases.add(Arguments.of("jdk", r));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void eachReadingLiesBetweenTwoSystemCalls(String route, Reading reading) {
        FastClockBackend backend = route.equals("facade") ? null : Routes.backend(Route.of(route));
        if (route.equals("facade")) {
            assertEquals("linux-x64", FastClock.providerName(), FastClock::describe);
        }
        int clock = reading.clock().linuxId();
        long d = reading.divisor();
        try (KernelClock kernel = new KernelClock()) {
            // Once first, so planning and the first call's cost are not in a bracket that matters.
            reading.read(backend);
            for (int i = 0; i < ROUNDS; i++) {
                long before = kernel.read(clock);
                long v = reading.read(backend);
                long after = kernel.read(clock);
                long low = Math.floorDiv(before, d);
                long high = Math.floorDiv(after, d);
                if (v < low || v > high) {
                    throw new AssertionError("round " + i + " on route " + route + ": " + reading.method() + "() = " + v
                            + ", outside [" + low + ", " + high + "], the kernel's " + reading.clock() + " (clock_gettime system call"
                            + (d == 1 ? "" : ", / " + d) + ") read just before and after it ("
                            + (v < low ? low - v + " below" : v - high + " above") + ")");
                }
            }
        }
    }
}
