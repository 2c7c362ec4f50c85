package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A native call that returns an error never becomes a value: at planning each method's sanity rule
 * ({@link Method.Check}, judging {@link Call#raw}, which keeps failures) passes the route over with a
 * reason, and on the hot path {@link Call#read} answers that call from the JDK.
 */
class FailingCallFallbackTest {

    private static final int BAD_CLOCK = 0x7fffffff;

    /** The time methods: a failure is {@link Stubs#FAILED}. */
    private static final Set<Method> TIME = EnumSet.of(Method.NANOS, Method.COARSE_NANOS, Method.EPOCH_NANOS, Method.EPOCH_MICROS,
            Method.EPOCH_MILLIS, Method.COARSE_EPOCH_MILLIS, Method.EPOCH_SECONDS, Method.BOOT_NANOS, Method.RAW_NANOS,
            Method.TAI_NANOS);

    /** The live vDSO's clock_gettime, which the production clock stub calls. */
    private static long vdsoClockGettime;
    private static MethodHandle clockStub;

    @BeforeAll
    static void stub() {
        Failsafe.live();
        long offset = Failsafe.LIVE_VDSO.image().offsetOf("__vdso_clock_gettime", Routes.VDSO_VERSION).orElseThrow();
        vdsoClockGettime = Failsafe.LIVE_VDSO.base() + offset;
        clockStub = Stubs.handle(Stubs.Shape.CLOCK, true).orElseThrow(() -> new AssertionError("no stub page: " + Stubs.failure()));
    }

    /** The real vDSO clock_gettime through the production stub, on a clock id the kernel refuses. */
    private static Call realFailingClock(Method m, int post) {
        return new Call(clockStub, BAD_CLOCK, vdsoClockGettime, post, m.jdk, null, null);
    }

    /** A call whose handle always answers {@code v}, taking and ignoring both arguments like every hot handle. */
    private static Call constant(Method m, long v, int post) {
        MethodHandle h = MethodHandles.dropArguments(MethodHandles.constant(long.class, v), 0, long.class, long.class);
        return new Call(h, m == Method.RESOLUTION ? 1 : 0, 0, post, m.jdk, null, null);
    }

    /**
     * The post code of the method's own row (for node the getcpu way's: the table way needs a table,
     * see {@link NodeTableTest}).
     */
    private static int post(Method m) {
        return m == Method.NODE ? Call.NODE_OF_PACKED : m.ways.getFirst().post();
    }

    /** What a failed call of {@code m} gives before conversion: the stub's sentinel, or -1 for the CPU. */
    private static long failure(Method m) {
        return m == Method.CPU || m == Method.NODE ? -1L : Stubs.FAILED;
    }

    @Test
    void theSanityRuleTurnsARealVdsoErrorIntoAReason() {
        for (Method m : TIME) {
            int post = m == Method.EPOCH_MICROS ? Call.RAW : post(m);
            assertEquals(Optional.of("its first call returned an error"), m.check.check(realFailingClock(m, post)), m.apiName());
        }
        // (resolutionNanos is judged on CLOCK_MONOTONIC whatever the call's argument: see the sentinel test below.)
    }

    @Test
    void theSanityRuleTurnsEveryFailureSentinelIntoAReason() {
        for (Method m : Method.values()) {
            if (m == Method.TICKS) {
                continue; // every value is a reading; see theTicksRuleWantsACounterThatCountsUp
            }
            Call failed = constant(m, failure(m), post(m));
            assertEquals(Optional.of("its first call returned an error"), m.check.check(failed), m.apiName());
        }
        // time(): any negative result is a failure, not only -1.
        assertEquals(Optional.of("its first call returned an error"), Method.EPOCH_SECONDS.check.check(constant(Method.EPOCH_SECONDS, -22, Call.SECONDS)));
    }

    @Test
    void theSanityRuleRefusesAWrongValueAndAcceptsTheRealOne() {
        // A value from the wrong clock (REALTIME where MONOTONIC is wanted) is refused...
        long epoch = System.currentTimeMillis() * 1_000_000L;
        Optional<String> wrong = Method.NANOS.check.check(constant(Method.NANOS, epoch, Call.RAW));
        assertTrue(wrong.isPresent() && wrong.get().contains("CLOCK_MONOTONIC = " + epoch), wrong.toString());
        // ...milliseconds where nanoseconds are wanted too...
        assertTrue(Method.EPOCH_NANOS.check.check(constant(Method.EPOCH_NANOS, System.currentTimeMillis(), Call.RAW)).isPresent(),
                "epoch millis passed as epoch nanos");
        // ...and the boot clock behind the monotonic one, TAI an hour off UTC, raw a day off monotonic.
        assertTrue(Method.BOOT_NANOS.check.check(constant(Method.BOOT_NANOS, System.nanoTime() - 1_000_000_000L, Call.RAW)).isPresent());
        assertTrue(Method.TAI_NANOS.check.check(constant(Method.TAI_NANOS, epoch + 3_600_000_000_000L, Call.RAW)).isPresent());
        assertTrue(Method.RAW_NANOS.check.check(constant(Method.RAW_NANOS, System.nanoTime() + 86_400_000_000_000L, Call.RAW)).isPresent());
        // ...while the same real stub on the right clock id passes.
        for (Method m : List.of(Method.NANOS, Method.EPOCH_NANOS, Method.BOOT_NANOS, Method.RAW_NANOS, Method.TAI_NANOS,
                Method.COARSE_NANOS, Method.EPOCH_MILLIS, Method.COARSE_EPOCH_MILLIS)) {
            Method.Way w = m.ways.getFirst();
            Call real = new Call(clockStub, w.arg(), vdsoClockGettime, w.post(), m.jdk, null, null);
            assertEquals(Optional.empty(), m.check.check(real), m.apiName() + " on the real vDSO");
        }
        // and a time handed in as a resolution (clock_gettime where clock_getres belongs) is refused
        assertTrue(Method.RESOLUTION.check.check(new Call(clockStub, ClockId.MONOTONIC.linuxId(), vdsoClockGettime, Call.POSITIVE,
                Jdk.RESOLUTION, null, null)).isPresent(), "a time since boot is no resolution");
    }

    @Test
    void theTicksRuleWantsACounterThatCountsUp() {
        assertTrue(Method.TICKS.check.check(constant(Method.TICKS, 0, Call.TICKS)).isPresent(), "a counter stuck at 0");
        assertTrue(Method.TICKS.check.check(readings(1_000, 999)).isPresent(), "a counter that goes back");
        assertEquals(Optional.empty(), Method.TICKS.check.check(readings(1_000, 1_007)), "a counter that counts up");
    }

    /** A ticks call whose handle answers {@code a}, then {@code b}, then {@code a}... */
    private static Call readings(long a, long b) {
        long[] values = {a, b};
        int[] next = {0};
        try {
            MethodHandle h = MethodHandles.lookup().findStatic(FailingCallFallbackTest.class, "nextReading",
                    MethodType.methodType(long.class, long[].class, int[].class, long.class, long.class));
            return new Call(MethodHandles.insertArguments(h, 0, values, next), 0, 0, Call.TICKS, Jdk.NANO_TIME, null, null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static long nextReading(long[] values, int[] next, long arg, long target) {
        return values[next[0]++ % values.length];
    }

    @Test
    void aFailedCallIsAnsweredByTheJdkAndTheRawValueKeepsTheFailure() {
        for (Method m : TIME) {
            int post = m == Method.EPOCH_MICROS ? Call.RAW : post(m);
            Call c = realFailingClock(m, post);
            assertEquals(Stubs.FAILED, c.raw(c.arg()), m.apiName() + ": raw keeps the failure");
            long jdk = Jdk.read(m.jdk, c.arg());
            long v = c.read();
            long jdk2 = Jdk.read(m.jdk, c.arg());
            Failsafe.between(jdk, v, jdk2, m.apiName() + ": read() is the JDK's answer");
        }
        Call cpu = constant(Method.CPU, -1, Call.NON_NEGATIVE_INT);
        assertEquals(-1L, cpu.read(), "a failed CPU call is -1, unknown");
        assertEquals(-1L, constant(Method.CPU, 0xffff_ffffL, Call.NON_NEGATIVE_INT).read(), "a negative int in the low half is a failure");
        assertEquals(3L, constant(Method.CPU, 0xdead_0000_0000_0003L, Call.NON_NEGATIVE_INT).read(), "the upper half is ignored");
    }

    @Test
    void theBackendAnswersFromTheJdkWhenEveryCallFails() {
        LinuxBackend b = backendOf(m -> constant(m, failure(m), post(m)));

        Failsafe.assertSane(b, false, 200);
        assertEquals(1L, b.resolutionNanos(ClockId.MONOTONIC.linuxId()), "the JDK's resolution, not the sentinel");
        assertEquals(1_000_000L, b.resolutionNanos(ClockId.REALTIME_COARSE.linuxId()), "the JDK's resolution, not the sentinel");
    }

    @Test
    void theBackendAnswersFromTheJdkWhenTheRealVdsoFails() {
        // The hot path with a real native error on every clock call: each answer comes from the JDK.
        LinuxBackend b = backendOf(m -> TIME.contains(m) ? realFailingClock(m, m == Method.EPOCH_MICROS ? Call.RAW : post(m))
                : constant(m, failure(m), post(m)));
        Failsafe.assertSane(b, false, 2_000);
    }

    @Test
    void aZeroOrNegativeResolutionIsNotAnAnswer() {
        for (long bad : new long[] {0, -1, -22}) {
            LinuxBackend b = backendOf(m -> m == Method.RESOLUTION ? constant(m, bad, Call.POSITIVE) : Call.jdk(m.jdk));
            for (ClockId id : ClockId.values()) {
                long r = b.resolutionNanos(id.linuxId());
                assertEquals(id == ClockId.REALTIME_COARSE ? 1_000_000L : 1L, r, id + " with clock_getres answering " + bad);
            }
        }
    }

    /** A backend whose slots hold the given calls, as planned ones: the hot path without planning. */
    private static LinuxBackend backendOf(Function<Method, Call> calls) {
        Planner p = new Planner(null, Optional.empty());
        Slot[] s = new Slot[Method.values().length];
        for (Method m : Method.values()) {
            MutableCallSite site = new MutableCallSite(MethodType.methodType(Object.class));
            site.setTarget(MethodHandles.constant(Object.class, calls.apply(m)));
            s[m.ordinal()] = new Slot(m, p, site, site.dynamicInvoker());
        }
        return new LinuxBackend(p, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13]);
    }
}
