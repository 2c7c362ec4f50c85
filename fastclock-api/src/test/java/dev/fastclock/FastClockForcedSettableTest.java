package dev.fastclock;

import dev.fastclock.settable.SettableClockProvider;
import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -Dfastclock.provider=settable}, set before first use in this class's own JVM: the static
 * FastClock and CpuLocator methods follow {@link SettableClock#installed()}. The {@code settable}
 * provider's run of the {@link ProviderContract}.
 */
class FastClockForcedSettableTest extends ProviderContract {

    @Override
    String name() {
        return SettableClockProvider.NAME;
    }

    @Override
    FastClockProvider provider() {
        return new SettableClockProvider();
    }

    @Override
    String route() {
        return SettableClockProvider.NAME;
    }

    /** Every row, through FastClock, answers as the installed SettableClock itself does. */
    @Override
    void assertEveryRowAnswers() {
        clock().setNanos(123_456_789L).setEpochNanos(1_600_000_000_987_654_321L).setCpu(5, 1)
                .setClockStatus(ClockStatus.of(ClockStatus.TIME_OOP, 0, 7, 1.5, 30, 20, 37, 0));
        for (Method m : Method.values()) {
            assertEquals(Catalogue.callOn(clock(), clock(), m), FastClock.read(m), m::toString);
            assertEquals(Catalogue.callOn(clock(), clock(), m), Catalogue.callSource(m), m::toString);
        }
        clock().setCpu(-1, -1).setClockStatus(null);
    }

    @Override
    void assertClockStatus() {
        clockStatusIsWhatTheTestSet();
    }

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
        assertEquals(Catalogue.plannedNames(), report.methods().stream().map(MethodRoute::method).toList());
        for (MethodRoute m : report.methods()) {
            assertEquals("settable", m.route(), m.toString());
        }
        assertEquals(List.of(), report.messages());
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

    void clockStatusIsWhatTheTestSet() {
        clock().setClockStatus(null).setEpochNanos(1_000);
        ClockStatus unknown = FastClock.clockStatus();
        assertEquals(ClockStatus.unknown(1_000), unknown, "unknown until a status is set");

        clock().setEpochNanos(777_000);
        clock().setClockStatus(ClockStatus.of(ClockStatus.TIME_INS, ClockStatus.STA_INS | ClockStatus.STA_NANO, -12, 3.125, 1_234, 56, 37, 0));
        ClockStatus read = FastClock.clockStatus();
        assertEquals(ClockStatus.of(ClockStatus.TIME_INS, ClockStatus.STA_INS | ClockStatus.STA_NANO, -12, 3.125, 1_234, 56, 37, 777_000), read,
                "every field as set, read at the settable clock's time");
        assertEquals(clock().clockStatus(), read);
        assertEquals(read, FastClock.source().clockStatus());
        assertEquals(ClockStatus.Leap.INSERT_PENDING, read.leap());
        assertTrue(read.isSynchronized());
        assertEquals(ClockStatus.TIME_INS, FastClock.read(dev.fastclock.spi.Method.CLOCK_STATUS));

        // Without STA_NANO: FastClock answers exactly what was set, bits and offset.
        clock().setClockStatus(ClockStatus.of(ClockStatus.TIME_DEL, ClockStatus.STA_DEL, 1_500, -0.5, 10, 5, 0, 0));
        ClockStatus del = FastClock.clockStatus();
        assertEquals(clock().clockStatus().statusBits(), del.statusBits(), del::toString);
        assertEquals(ClockStatus.STA_DEL, del.statusBits(), del::toString);
        assertEquals(1_500, del.offsetNanos());
        assertEquals(-0.5, del.frequencyPpm());
        assertEquals(ClockStatus.Leap.DELETE_PENDING, del.leap());
        clock().setClockStatus(null);
    }

    @Test
    void theReportSaysWhenTheWallClockIsNotSynchronized() {
        clock().setClockStatus(ClockStatus.of(ClockStatus.TIME_OK, ClockStatus.STA_NANO, 0, 0, 20, 10, 0, 0));
        assertTrue(FastClock.report().notes().stream().noneMatch(n -> n.contains("not synchronized")), FastClock.report().notes()::toString);

        clock().setClockStatus(ClockStatus.of(ClockStatus.TIME_ERROR, ClockStatus.STA_UNSYNC | ClockStatus.STA_NANO, 0, 0, 16_000_000, 16_000_000,
                0, 0));
        ClockStatus unsynchronized = FastClock.clockStatus();
        assertFalse(unsynchronized.isSynchronized());
        assertEquals(List.of("the wall clock is not synchronized (epochNanos() may be off by any amount): " + unsynchronized),
                FastClock.report().notes());
        clock().setClockStatus(null);
    }

    @Test
    void resolutionIsOneForEveryClock() {
        for (ClockId id : ClockId.values()) {
            assertEquals(1, FastClock.resolutionNanos(id), id.toString());
        }
    }
}
