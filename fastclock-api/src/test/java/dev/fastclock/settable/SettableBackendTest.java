package dev.fastclock.settable;

import dev.fastclock.ClockId;
import dev.fastclock.SettableClock;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.testproviders.RouteCoverage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SettableBackend}: every method reads its {@link SettableClock}, live. */
class SettableBackendTest {

    private final SettableClock clock = new SettableClock(1_000, 5_000_000_123L);
    private final SettableBackend backend = new SettableBackend(clock);

    @Test
    void clockIsTheOneGiven() {
        assertSame(clock, backend.clock());
    }

    @Test
    void everyReadingFollowsTheClock() {
        for (int round = 0; round < 2; round++) {
            assertEquals(clock.nanos(), backend.nanos());
            assertEquals(clock.coarseNanos(), backend.coarseNanos());
            assertEquals(clock.epochNanos(), backend.epochNanos());
            assertEquals(clock.epochMicros(), backend.epochMicros());
            assertEquals(clock.epochMillis(), backend.epochMillis());
            assertEquals(clock.coarseEpochMillis(), backend.coarseEpochMillis());
            assertEquals(clock.epochSeconds(), backend.epochSeconds());
            assertEquals(clock.bootNanos(), backend.bootNanos());
            assertEquals(clock.rawNanos(), backend.rawNanos());
            assertEquals(clock.taiNanos(), backend.taiNanos());
            assertEquals(clock.ticks(), backend.ticks());
            assertEquals(clock.ticksToNanos(12_345), backend.ticksToNanos(12_345));
            assertEquals(clock.ticksPerSecond(), backend.ticksPerSecond());
            assertEquals(clock.cpu(), backend.cpu());
            assertEquals(clock.node(), backend.node());
            assertEquals(clock.isSupported(), backend.isSupported());
            if (round == 0) {
                clock.advance(Duration.ofMillis(1_500)).setCpu(5, 1);
            }
        }
        assertEquals(1_500_001_000L, backend.nanos());
        assertEquals(1_500_001_000L, backend.ticks());
        assertEquals(6_500_000_123L, backend.taiNanos());
        assertEquals(5, backend.cpu());
        assertTrue(backend.isSupported());
    }

    @Test
    void resolutionIsOneForEveryLinuxClockId() {
        for (ClockId id : ClockId.values()) {
            assertEquals(1, backend.resolutionNanos(id.linuxId()), id.toString());
        }
    }

    @Test
    void routesNameEveryMethodOnceAllSettable() {
        List<MethodRoute> routes = backend.routes();
        List<String> methods = routes.stream().map(MethodRoute::method).toList();
        assertEquals(methods.stream().distinct().toList(), methods, "each method once");
        assertEquals(RouteCoverage.expectedMethods(), java.util.Set.copyOf(methods));
        for (MethodRoute r : routes) {
            assertEquals(SettableClockProvider.NAME, r.route(), r.toString());
            assertFalse(r.detail().isBlank(), r.toString());
            assertEquals(List.of(), r.passedOver());
        }
    }

    @Test
    void toStringNamesTheClock() {
        assertTrue(backend.toString().contains(clock.toString()), backend.toString());
    }
}
