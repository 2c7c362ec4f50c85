package dev.fastclock;

import dev.fastclock.settable.SettableClockProvider;
import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.MethodRoute;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -Dfastclock.provider=settable}, set before first use in this class's own JVM: the static
 * FastClock and CpuLocator methods follow {@link SettableClock#installed()}.
 */
class FastClockForcedSettableTest {

    private static final long PRESET_NANOS = 123_456_789L;
    private static final long PRESET_EPOCH_NANOS = 1_600_000_000_000_000_001L;
    private static long firstNanos;
    private static long firstEpochNanos;

    @BeforeAll
    static void forceSettableAndReadOnce() {
        System.setProperty(FastClockProvider.PROVIDER_PROPERTY, SettableClockProvider.NAME);
        // Set up before first use: the provider hands FastClock this same instance.
        SettableClock.installed().setNanos(PRESET_NANOS).setEpochNanos(PRESET_EPOCH_NANOS);
        firstNanos = FastClock.nanos();
        firstEpochNanos = FastClock.epochNanos();
    }

    private static SettableClock clock() {
        return SettableClock.installed();
    }

    @Test
    void settableIsInstalledAndWasSetUpBeforeFirstUse() {
        assertEquals(SettableClockProvider.NAME, FastClock.providerName());
        assertEquals(PRESET_NANOS, firstNanos);
        assertEquals(PRESET_EPOCH_NANOS, firstEpochNanos);
        Report report = FastClock.report();
        assertEquals("settable", report.provider());
        assertEquals(Optional.of("settable"), report.forced());
        assertTrue(report.providers().contains(new Report.Provider("settable", Integer.MIN_VALUE + 1, "chosen (forced)")),
                report.providers()::toString);
        assertFalse(report.methods().isEmpty());
        for (MethodRoute m : report.methods()) {
            assertEquals("settable", m.route(), m.toString());
        }
        assertTrue(FastClock.describe().contains("forced: -Dfastclock.provider=settable\n"), FastClock.describe());
    }

    @Test
    void advanceMovesFastClocksMonotonicAndWallReadings() {
        clock().setNanos(1_000).setEpochNanos(5_000_000_000L);

        clock().advance(Duration.ofSeconds(5));

        assertEquals(5_000_001_000L, FastClock.nanos());
        assertEquals(5_000_001_000L, FastClock.coarseNanos());
        assertEquals(5_000_001_000L, FastClock.bootNanos());
        assertEquals(5_000_001_000L, FastClock.rawNanos());
        assertEquals(5_000_001_000L, FastClock.ticks());
        assertEquals(10_000_000_000L, FastClock.epochNanos());
        assertEquals(10_000_000_000L, FastClock.taiNanos());
        assertEquals(10_000_000L, FastClock.epochMicros());
        assertEquals(10_000L, FastClock.epochMillis());
        assertEquals(10_000L, FastClock.coarseEpochMillis());
        assertEquals(10L, FastClock.epochSeconds());
        assertEquals(5_000_001_000L, FastClock.source().nanos());
        assertEquals(10_000_000_000L, FastClock.source().epochNanos());

        long t0 = FastClock.ticks();
        clock().advance(1);
        assertEquals(5_000_001_001L, FastClock.nanos());
        assertEquals(10_000_000_001L, FastClock.epochNanos());
        assertEquals(1, FastClock.ticksToNanos(FastClock.ticks() - t0));
        assertEquals(1_000_000_000L, FastClock.ticksPerSecond());
    }

    @Test
    void settingTheEpochMovesOnlyFastClocksWallClock() {
        clock().setNanos(777);
        Instant when = Instant.parse("2030-01-02T03:04:05.123456789Z");

        clock().setEpoch(when);

        assertEquals(777, FastClock.nanos());
        assertEquals(when.getEpochSecond() * 1_000_000_000L + 123_456_789L, FastClock.epochNanos());
        assertEquals(when.toEpochMilli(), FastClock.epochMillis());
        assertEquals(when.getEpochSecond(), FastClock.epochSeconds());
        assertEquals(when, FastClock.systemUTC().instant());
        assertEquals(when.toEpochMilli(), FastClock.systemUTC().millis());
        assertEquals(ZoneOffset.UTC, FastClock.systemUTC().getZone());

        // The wall clock may go back, before 1970 even.
        clock().setEpochNanos(-1);
        assertEquals(-1, FastClock.epochNanos());
        assertEquals(-1, FastClock.taiNanos());
        assertEquals(-1, FastClock.epochMillis());
        assertEquals(-1, FastClock.epochSeconds());
        assertEquals(Instant.parse("1969-12-31T23:59:59.999999999Z"), FastClock.systemUTC().instant());
        assertEquals(777, FastClock.nanos());
        assertEquals(777, FastClock.bootNanos());
    }

    @Test
    void cpuLocatorFollowsSetCpu() {
        clock().setCpu(3, 1);
        assertEquals(3, CpuLocator.cpu());
        assertEquals(1, CpuLocator.node());
        assertTrue(CpuLocator.isSupported());
        assertEquals(3, CpuLocator.source().cpu());

        clock().setCpu(-1, -1);
        assertEquals(-1, CpuLocator.cpu());
        assertEquals(-1, CpuLocator.node());
        assertFalse(CpuLocator.isSupported());
    }

    @Test
    void resolutionIsOneForEveryClock() {
        for (ClockId id : ClockId.values()) {
            assertEquals(1, FastClock.resolutionNanos(id), id.toString());
        }
    }
}
