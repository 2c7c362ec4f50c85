package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A native call that returns an error never becomes a value: at selection {@link Sanity} passes the
 * route over with a reason, and on the hot path {@link LinuxBackend} answers that call from the JDK.
 */
class FailingCallFallbackTest {

    /** The live vDSO's clock_gettime through the production stub, bound to a clock id the kernel refuses. */
    private static MethodHandle clockStub;
    private static Call realFailingClock;

    @BeforeAll
    static void install() throws Stubs.StubException {
        Failsafe.live();
        long offset = Failsafe.LIVE_VDSO.image().offsetOf("__vdso_clock_gettime", Routes.VDSO_VERSION).orElseThrow();
        clockStub = Stubs.install(List.of(new Stubs.Request(Stubs.Shape.CLOCK, Failsafe.LIVE_VDSO.base() + offset))).getFirst();
        realFailingClock = new Call(clockStub, 0x7fffffff, Call.RAW);
    }

    /** A call whose stub always answers {@code v}, taking and ignoring the long argument like every stub. */
    private static Call constant(long v, int post) {
        return new Call(MethodHandles.dropArguments(MethodHandles.constant(long.class, v), 0, long.class), 0, post);
    }

    private static Call failedLong() {
        return constant(Stubs.FAILED, Call.RAW);
    }

    private static Call failedResolution() {
        return failedLong();
    }

    private static Call unknownCpu() {
        return constant(-1L, Call.NON_NEGATIVE_INT);
    }

    @Test
    void sanityTurnsARealVdsoErrorIntoAReason() {
        for (Method m : List.of(Method.NANOS, Method.COARSE_NANOS, Method.EPOCH_NANOS, Method.EPOCH_MICROS,
                Method.EPOCH_MILLIS, Method.COARSE_EPOCH_MILLIS, Method.EPOCH_SECONDS)) {
            assertEquals(Optional.of("its first call returned an error"), Sanity.check(m, realFailingClock), m.apiName());
        }
    }

    @Test
    void sanityTurnsEveryFailureSentinelIntoAReason() {
        for (Method m : List.of(Method.NANOS, Method.COARSE_NANOS, Method.EPOCH_NANOS, Method.EPOCH_MICROS,
                Method.EPOCH_MILLIS, Method.COARSE_EPOCH_MILLIS, Method.EPOCH_SECONDS)) {
            assertEquals(Optional.of("its first call returned an error"), Sanity.check(m, failedLong()), m.apiName());
        }
        assertEquals(Optional.of("its first call returned an error"), Sanity.check(Method.RESOLUTION, failedResolution()));
        assertEquals(Optional.of("its first call returned an error"), Sanity.check(Method.CPU, unknownCpu()));
        assertEquals(Optional.of("its first call returned an error"), Sanity.check(Method.NODE, unknownCpu()));
    }

    @Test
    void sanityRefusesAWrongValueAndAcceptsTheRealOne() {
        // A value from the wrong clock (REALTIME where MONOTONIC is wanted) is refused...
        long epoch = System.currentTimeMillis() * 1_000_000L;
        Optional<String> wrong = Sanity.check(Method.NANOS, constant(epoch, Call.RAW));
        assertTrue(wrong.isPresent() && wrong.get().contains("CLOCK_MONOTONIC = " + epoch), wrong.toString());
        // ...milliseconds where nanoseconds are wanted too...
        Optional<String> unit = Sanity.check(Method.EPOCH_NANOS, constant(System.currentTimeMillis(), Call.RAW));
        assertTrue(unit.isPresent(), "epoch millis passed as epoch nanos");
        // ...while the same real stub on the right clock id passes.
        assertEquals(Optional.empty(), Sanity.check(Method.NANOS, new Call(clockStub, ClockId.MONOTONIC.linuxId(), Call.RAW)));
        assertEquals(Optional.empty(), Sanity.check(Method.EPOCH_NANOS, new Call(clockStub, ClockId.REALTIME.linuxId(), Call.RAW)));
        // and a time handed in as a resolution (clock_gettime where clock_getres belongs) is refused
        assertTrue(Sanity.check(Method.RESOLUTION, new Call(clockStub, 0, Call.RAW)).isPresent(), "a time of day is no resolution");
    }

    @Test
    void theBackendAnswersFromTheJdkWhenEveryCallFails() {
        LinuxBackend b = new LinuxBackend(failedLong(), failedLong(), failedLong(), failedLong(), failedLong(), failedLong(),
                failedLong(), failedResolution(), unknownCpu(), unknownCpu(), false, "all failing (test)");

        Failsafe.assertSane(b, false, 200);
        assertEquals(1L, b.resolutionNanos(ClockId.MONOTONIC), "the JDK's resolution, not the sentinel");
        assertEquals(1_000_000L, b.resolutionNanos(ClockId.REALTIME_COARSE), "the JDK's resolution, not the sentinel");
        assertFalse(b.isSupported());
    }

    @Test
    void theBackendAnswersFromTheJdkWhenTheRealVdsoFails() {
        // The hot path with a real native error on every call: each answer comes from the JDK.
        LinuxBackend b = new LinuxBackend(realFailingClock, realFailingClock, realFailingClock, realFailingClock,
                realFailingClock, realFailingClock, realFailingClock, failedResolution(), unknownCpu(), unknownCpu(),
                false, "the real vDSO refusing every call (test)");
        Failsafe.assertSane(b, false, 2_000);
    }

    @Test
    void aZeroResolutionIsNotAnAnswer() {
        LinuxBackend b = new LinuxBackend(failedLong(), failedLong(), failedLong(), failedLong(), failedLong(), failedLong(),
                failedLong(), constant(0L, Call.RAW),
                unknownCpu(), unknownCpu(), false, "zero resolution (test)");
        for (ClockId id : ClockId.values()) {
            assertTrue(b.resolutionNanos(id) > 0, id + ": " + b.resolutionNanos(id));
        }
    }
}
