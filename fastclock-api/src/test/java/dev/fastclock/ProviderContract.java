package dev.fastclock;

import dev.fastclock.internal.Active;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.StatusReader;
import dev.fastclock.spi.TickReader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every provider of this module promises, run once per provider by a small subclass in a JVM of its
 * own (surefire forks one per class) that forces that provider before first use: it plans every planned
 * catalogue method itself (a method it left to an SPI default would show as {@code spi-default} or a
 * passed-over "does not serve"), its report lists each planned method once on the provider's own route,
 * each method's holder is folded after the report, and every row answers as the subclass says.
 */
abstract class ProviderContract {

    /** The provider's name, as the report gives it. */
    abstract String name();

    /** A fresh instance of the provider, to check its backend without FastClock. */
    abstract FastClockProvider provider();

    /** The route every plan of the provider takes. */
    abstract String route();

    /** Every row of the catalogue, read through FastClock, answers as this provider should. */
    abstract void assertEveryRowAnswers();

    /** {@link FastClock#clockStatus()} answers as this provider should. */
    abstract void assertClockStatus();

    @Test
    void itsBackendPlansEveryPlannedMethodItself() {
        FastClockBackend backend = provider().create();
        for (Method m : Catalogue.planned()) {
            Plan p = backend.plan(m);
            assertNotNull(p, () -> name() + " does not serve " + m + ": FastClock would answer it from an SPI default");
            assertEquals(m.apiName(), p.route().method(), () -> "the plan of " + m + " names another method");
            assertEquals(route(), p.route().route(), p.route()::toString);
            if (m == Method.TICKS) {
                assertInstanceOf(TickReader.class, p.reader());
            }
            if (m == Method.CLOCK_STATUS) {
                assertInstanceOf(StatusReader.class, p.reader());
            }
            assertDoesNotThrow(() -> p.reader().read(m == Method.RESOLUTION ? ClockId.MONOTONIC.linuxId() : 0), m::toString);
        }
    }

    @Test
    void itsReportListsEveryPlannedMethodOnceOnItsOwnRoute() {
        Report report = FastClock.report();
        assertEquals(name(), report.provider());
        assertEquals(Catalogue.plannedNames(), report.methods().stream().map(MethodRoute::method).toList(),
                "one route per planned method, in catalogue order");
        for (MethodRoute r : report.methods()) {
            assertEquals(route(), r.route(), () -> r + ": not the provider's own route (spi-default? jdk for a method it does not serve?)");
            assertEquals(List.of(), r.passedOver(), r::toString);
        }
        assertTrue(report.notes().stream().noneMatch(n -> n.contains("call(s) made from inside") || n.contains("could not be initialized")),
                report.notes()::toString);
        assertEquals(List.of(), report.problems());
    }

    @Test
    void everyPlannedMethodIsFoldedAfterTheReport() {
        FastClock.report();
        for (Method m : Catalogue.planned()) {
            assertTrue(Active.ready(1L << m.ordinal()), () -> m + ": its holder is not initialized, so every call takes the slow path");
        }
    }

    @Test
    void everyRowAnswers() {
        assertEveryRowAnswers();
    }

    @Test
    void clockStatus() {
        assertClockStatus();
    }
}
