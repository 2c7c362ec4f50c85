package dev.fastclock.settable;

import dev.fastclock.ClockId;
import dev.fastclock.ClockStatus;
import dev.fastclock.SettableClock;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.StatusReader;
import dev.fastclock.spi.TickReader;
import dev.fastclock.spi.Timex;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SettableBackend}: a plan of its own for every planned catalogue method, each reader reading its
 * {@link SettableClock} live, in the row's unit. The expected readings are written out per row, and the
 * test fails for a row it does not know, so a new catalogue row needs its settable answer stated here.
 */
class SettableBackendTest {

    private final SettableClock clock = new SettableClock(1_000, 5_000_000_123L);
    private final SettableBackend backend = new SettableBackend(clock);

    /** What each planned row reads from a clock at monotonic {@code n} and wall-clock {@code e}, CPU as set. */
    private static Map<Method, Long> expected(long n, long e, int cpu, int node) {
        Map<Method, Long> x = new EnumMap<>(Method.class);
        x.put(Method.NANOS, n);
        x.put(Method.COARSE_NANOS, n);
        x.put(Method.EPOCH_NANOS, e);
        x.put(Method.EPOCH_MICROS, Math.floorDiv(e, 1_000L));
        x.put(Method.EPOCH_MILLIS, Math.floorDiv(e, 1_000_000L));
        x.put(Method.COARSE_EPOCH_MILLIS, Math.floorDiv(e, 1_000_000L));
        x.put(Method.EPOCH_SECONDS, Math.floorDiv(e, 1_000_000_000L));
        x.put(Method.BOOT_NANOS, n);
        x.put(Method.RAW_NANOS, n);
        x.put(Method.TAI_NANOS, e);
        x.put(Method.TICKS, n);
        x.put(Method.RESOLUTION, 1L);
        x.put(Method.CPU, (long) cpu);
        x.put(Method.NODE, (long) node);
        x.put(Method.IS_SUPPORTED, cpu >= 0 ? 1L : 0L);
        x.put(Method.CLOCK_STATUS, -1L);
        return x;
    }

    private void assertEveryReading(Map<Method, Long> expected) {
        for (Method m : Method.values()) {
            if (!m.planned()) {
                continue;
            }
            assertTrue(expected.containsKey(m), () -> "a catalogue row this test does not know: " + m + ": state its settable answer");
            assertEquals(expected.get(m), backend.plan(m).reader().read(0), m.toString());
        }
    }

    @Test
    void clockIsTheOneGiven() {
        assertSame(clock, backend.clock());
    }

    @Test
    void everyReadingFollowsTheClock() {
        assertEveryReading(expected(1_000, 5_000_000_123L, -1, -1));
        clock.advance(Duration.ofMillis(1_500)).setCpu(5, 1);
        assertEveryReading(expected(1_500_001_000L, 6_500_000_123L, 5, 1));
        clock.setEpochNanos(-1_500_000_001L).setNanos(-7);
        assertEveryReading(expected(-7, -1_500_000_001L, 5, 1));
    }

    @Test
    void plannedReadersAreLiveNotSnapshots() {
        Plan nanos = backend.plan(Method.NANOS);
        clock.advance(5);
        assertEquals(1_005, nanos.reader().read(0));
    }

    @Test
    void ticksAreNanosOneTickOneNanosecond() {
        TickReader ticks = assertInstanceOf(TickReader.class, backend.plan(Method.TICKS).reader());
        long t0 = ticks.read(0);
        clock.advance(Duration.ofMillis(7).plusNanos(3));
        assertEquals(7_000_003L, ticks.toNanos(ticks.read(0) - t0));
        assertEquals(1_000_000_000L, ticks.perSecond());
        for (long t : new long[]{0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(t, ticks.toNanos(t), "the identity");
        }
    }

    @Test
    void resolutionIsOneForEveryLinuxClockId() {
        for (ClockId id : ClockId.values()) {
            assertEquals(1, backend.plan(Method.RESOLUTION).reader().read(id.linuxId()), id.toString());
        }
    }

    @Test
    void clockStatusIsTheOneSetAsTheKernelsFields() {
        StatusReader status = assertInstanceOf(StatusReader.class, backend.plan(Method.CLOCK_STATUS).reader());
        assertEquals(Timex.UNKNOWN, status.timex(), "unknown until set");
        clock.setClockStatus(ClockStatus.of(ClockStatus.TIME_ERROR, ClockStatus.STA_UNSYNC, -1_500, -2.25, 16_000_000, 12, 37, 99));
        assertEquals(new Timex(true, ClockStatus.TIME_ERROR, ClockStatus.STA_UNSYNC, -1_500, Math.round(-2.25 * 65_536),
                16_000_000, 12, 37), status.timex(), "the bits as set, the offset in nanoseconds");
        assertEquals(ClockStatus.TIME_ERROR, status.read(0));
        clock.setClockStatus(null);
        assertEquals(Timex.UNKNOWN, status.timex());
    }

    @Test
    void everyPlannedMethodHasItsOwnSettableRoute() {
        for (Method m : Method.values()) {
            if (!m.planned()) {
                continue;
            }
            Plan p = backend.plan(m);
            assertNotNull(p, m.toString());
            assertEquals(new MethodRoute(m.apiName(), SettableClockProvider.NAME, "a test clock that moves only when told to", List.of()), p.route());
            assertEquals(null, p.warning());
        }
    }

    @Test
    void toStringNamesTheClock() {
        assertTrue(backend.toString().contains(clock.toString()), backend.toString());
    }
}
