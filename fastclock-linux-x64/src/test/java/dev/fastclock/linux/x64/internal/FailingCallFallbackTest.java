package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.Reader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A native call that returns an error never becomes a value: at planning each row's sanity rule
 * ({@link Row#check}, judging {@link Call#raw}, which keeps failures) passes the route over with a
 * reason, and on the hot path {@link Call#read} answers that call from the JDK (the catalogue's
 * {@link Method#jdk()}).
 */
class FailingCallFallbackTest {

    private static final int BAD_CLOCK = 0x7fffffff;

    /** The rows of the clocks: a failure is {@link Stubs#FAILED}. */
    private static final Set<Row> TIME = EnumSet.of(Row.NANOS, Row.COARSE_NANOS, Row.EPOCH_NANOS, Row.EPOCH_MICROS,
            Row.EPOCH_MILLIS, Row.COARSE_EPOCH_MILLIS, Row.EPOCH_SECONDS, Row.BOOT_NANOS, Row.RAW_NANOS, Row.TAI_NANOS);

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
    private static Call realFailingClock(Row m, int post) {
        return new Call(clockStub, BAD_CLOCK, vdsoClockGettime, post, m.method.jdk(), null, null);
    }

    /** A call whose handle always answers {@code v}, taking and ignoring both arguments like every hot handle. */
    private static Call constant(Row m, long v, int post) {
        MethodHandle h = MethodHandles.dropArguments(MethodHandles.constant(long.class, v), 0, long.class, long.class);
        return new Call(h, m == Row.RESOLUTION ? 1 : 0, 0, post, m.method.jdk(), null, null);
    }

    /**
     * The post code of the row's own way (for node the getcpu way's: the table way needs a table, see
     * {@link NodeTableTest}).
     */
    private static int post(Row m) {
        return m == Row.NODE ? Call.NODE_OF_PACKED : m.ways.getFirst().post();
    }

    /** What a failed call of {@code m} gives before conversion: the stub's sentinel, or -1 for the CPU. */
    private static long failure(Row m) {
        return m == Row.CPU || m == Row.NODE ? -1L : Stubs.FAILED;
    }

    /** The rows a {@link Call} serves: every one but clockStatus, whose call fills a struct ({@link ClockStatusTest}). */
    private static List<Row> callRows() {
        return java.util.Arrays.stream(Row.values()).filter(r -> r != Row.CLOCK_STATUS).toList();
    }

    @Test
    void theSanityRuleTurnsARealVdsoErrorIntoAReason() {
        for (Row m : TIME) {
            int post = m == Row.EPOCH_MICROS ? Call.RAW : post(m);
            assertEquals(Optional.of("its first call returned an error"), m.check(realFailingClock(m, post)), m.apiName());
        }
        // (resolutionNanos is judged on CLOCK_MONOTONIC whatever the call's argument: see the sentinel test below.)
    }

    @Test
    void theSanityRuleTurnsEveryFailureSentinelIntoAReason() {
        for (Row m : callRows()) {
            if (m == Row.TICKS) {
                continue; // every value is a reading; see theTicksRuleWantsACounterThatCountsUp
            }
            Call failed = constant(m, failure(m), post(m));
            assertEquals(Optional.of("its first call returned an error"), m.check(failed), m.apiName());
        }
        // time(): any negative result is a failure, not only -1.
        assertEquals(Optional.of("its first call returned an error"), Row.EPOCH_SECONDS.check(constant(Row.EPOCH_SECONDS, -22, Call.SECONDS)));
    }

    @Test
    void theSanityRuleRefusesAWrongValueAndAcceptsTheRealOne() {
        // A value from the wrong clock (REALTIME where MONOTONIC is wanted) is refused...
        long epoch = System.currentTimeMillis() * 1_000_000L;
        Optional<String> wrong = Row.NANOS.check(constant(Row.NANOS, epoch, Call.RAW));
        assertTrue(wrong.isPresent() && wrong.get().contains("CLOCK_MONOTONIC = " + epoch), wrong.toString());
        // ...milliseconds where nanoseconds are wanted too...
        assertTrue(Row.EPOCH_NANOS.check(constant(Row.EPOCH_NANOS, System.currentTimeMillis(), Call.RAW)).isPresent(),
                "epoch millis passed as epoch nanos");
        // ...and nanoseconds where microseconds or milliseconds are wanted...
        assertTrue(Row.EPOCH_MICROS.check(constant(Row.EPOCH_MICROS, epoch, Call.RAW)).isPresent(), "epoch nanos passed as micros");
        assertTrue(Row.EPOCH_MILLIS.check(constant(Row.EPOCH_MILLIS, epoch / 1_000L, Call.RAW)).isPresent(), "epoch micros passed as millis");
        // ...and the boot clock behind the monotonic one, TAI an hour off UTC, raw a day off monotonic.
        assertTrue(Row.BOOT_NANOS.check(constant(Row.BOOT_NANOS, System.nanoTime() - 1_000_000_000L, Call.RAW)).isPresent());
        assertTrue(Row.TAI_NANOS.check(constant(Row.TAI_NANOS, epoch + 3_600_000_000_000L, Call.RAW)).isPresent());
        assertTrue(Row.RAW_NANOS.check(constant(Row.RAW_NANOS, System.nanoTime() + 86_400_000_000_000L, Call.RAW)).isPresent());
        // ...while the same real stub on the right clock id passes, for every row on clock_gettime.
        int rows = 0;
        for (Row m : Row.values()) {
            Row.Way w = m.ways.getFirst();
            if (w.fn() == Fn.CLOCK_GETTIME) {
                Call real = new Call(clockStub, w.arg(), vdsoClockGettime, w.post(), m.method.jdk(), null, null);
                assertEquals(Optional.empty(), m.check(real), m.apiName() + " on the real vDSO");
                rows++;
            }
        }
        assertEquals(8, rows, "the rows on clock_gettime");
        // and a time handed in as a resolution (clock_gettime where clock_getres belongs) is refused
        assertTrue(Row.RESOLUTION.check(new Call(clockStub, ClockId.MONOTONIC.linuxId(), vdsoClockGettime, Call.POSITIVE,
                Method.RESOLUTION.jdk(), null, null)).isPresent(), "a time since boot is no resolution");
    }

    @Test
    void theTicksRuleWantsACounterThatCountsUp() {
        assertTrue(Row.TICKS.check(constant(Row.TICKS, 0, Call.TICKS)).isPresent(), "a counter stuck at 0");
        assertTrue(Row.TICKS.check(readings(1_000, 999)).isPresent(), "a counter that goes back");
        assertEquals(Optional.empty(), Row.TICKS.check(readings(1_000, 1_007)), "a counter that counts up");
    }

    /** A ticks call whose handle answers {@code a}, then {@code b}, then {@code a}... */
    private static Call readings(long a, long b) {
        long[] values = {a, b};
        int[] next = {0};
        try {
            MethodHandle h = MethodHandles.lookup().findStatic(FailingCallFallbackTest.class, "nextReading",
                    MethodType.methodType(long.class, long[].class, int[].class, long.class, long.class));
            return new Call(MethodHandles.insertArguments(h, 0, values, next), 0, 0, Call.TICKS, Method.TICKS.jdk(), null, null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static long nextReading(long[] values, int[] next, long arg, long target) {
        return values[next[0]++ % values.length];
    }

    @Test
    void aFailedCallIsAnsweredByTheJdkAndTheRawValueKeepsTheFailure() {
        for (Row m : TIME) {
            int post = m == Row.EPOCH_MICROS ? Call.RAW : post(m);
            Call c = realFailingClock(m, post);
            assertEquals(Stubs.FAILED, c.raw(c.arg()), m.apiName() + ": raw keeps the failure");
            long jdk = m.method.jdk().read(0);
            long v = c.read(0);
            long jdk2 = m.method.jdk().read(0);
            Failsafe.between(jdk, v, jdk2, m.apiName() + ": read() is the JDK's answer");
        }
        Call cpu = constant(Row.CPU, -1, Call.NON_NEGATIVE_INT);
        assertEquals(-1L, cpu.read(0), "a failed CPU call is -1, unknown");
        assertEquals(-1L, constant(Row.CPU, 0xffff_ffffL, Call.NON_NEGATIVE_INT).read(0), "a negative int in the low half is a failure");
        assertEquals(3L, constant(Row.CPU, 0xdead_0000_0000_0003L, Call.NON_NEGATIVE_INT).read(0), "the upper half is ignored");
    }

    @Test
    void theBackendAnswersFromTheJdkWhenEveryCallFails() {
        FastClockBackend b = backendOf(m -> constant(m, failure(m), post(m)));

        Failsafe.assertSane(b, false, 200);
        Facade f = new Facade(b);
        assertEquals(1L, f.resolutionNanos(ClockId.MONOTONIC.linuxId()), "the JDK's resolution, not the sentinel");
        assertEquals(1_000_000L, f.resolutionNanos(ClockId.REALTIME_COARSE.linuxId()), "the JDK's resolution, not the sentinel");
    }

    @Test
    void theBackendAnswersFromTheJdkWhenTheRealVdsoFails() {
        // The hot path with a real native error on every clock call: each answer comes from the JDK.
        FastClockBackend b = backendOf(m -> TIME.contains(m) ? realFailingClock(m, m == Row.EPOCH_MICROS ? Call.RAW : post(m))
                : constant(m, failure(m), post(m)));
        Failsafe.assertSane(b, false, 2_000);
    }

    @Test
    void aZeroOrNegativeResolutionIsNotAnAnswer() {
        for (long bad : new long[] {0, -1, -22}) {
            Facade b = new Facade(backendOf(m -> m == Row.RESOLUTION ? constant(m, bad, Call.POSITIVE) : Call.jdk(m.method.jdk())));
            for (ClockId id : ClockId.values()) {
                long r = b.resolutionNanos(id.linuxId());
                assertEquals(id == ClockId.REALTIME_COARSE ? 1_000_000L : 1L, r, id + " with clock_getres answering " + bad);
            }
        }
    }

    /**
     * A backend whose plans hold the given calls, as FastClock would hold them: the hot path without
     * planning (isSupported false, the clock status the JDK's unknown).
     */
    private static FastClockBackend backendOf(Function<Row, Call> calls) {
        return new FastClockBackend() {
            @Override
            public Plan plan(Method m) {
                Row row = Row.of(m);
                Reader r = row == null || row == Row.CLOCK_STATUS ? m.jdk() : calls.apply(row);
                return new Plan(r, new MethodRoute(m.apiName(), r == m.jdk() ? "jdk" : "test", "a call given by the test", List.of()), null);
            }
        };
    }
}
