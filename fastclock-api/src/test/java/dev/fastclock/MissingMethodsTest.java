package dev.fastclock;

import dev.fastclock.internal.Active;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.MethodRoute.PassedOver;
import dev.fastclock.testproviders.ScriptedBackend;
import dev.fastclock.testproviders.ScriptedProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A provider that does not serve some methods (its plan is null for them, as a provider written before
 * they existed would answer; this class's own JVM): each such method is visible in the report, never
 * silent. Where the catalogue names a fallback (bootNanos, rawNanos and ticks on nanos, taiNanos on
 * epochNanos) the method answers from the provider's plan of that fallback on the route
 * {@code spi-default} naming it; {@code isSupported} is derived from the provider's cpu and node; where
 * there is no fallback the JDK answers, with the provider passed over as "does not serve".
 */
class MissingMethodsTest {

    private static final String PROVIDER = ScriptedProvider.NAME;
    /** Readings the JDK would never answer, so a fallback to the JDK shows. */
    private static final SettableClock CLOCK = new SettableClock(1_000, 5_000_000_123L).setCpu(3, 1);
    private static final ScriptedBackend BACKEND = new ScriptedBackend(CLOCK);
    private static final Set<Method> NOT_SERVED = EnumSet.of(Method.BOOT_NANOS, Method.RAW_NANOS, Method.TAI_NANOS, Method.TICKS,
            Method.RESOLUTION, Method.IS_SUPPORTED, Method.CLOCK_STATUS);

    @BeforeAll
    static void aProviderThatDoesNotServeSomeMethods() {
        System.setProperty(ScriptedProvider.ENABLE_PROPERTY, "true");
        BACKEND.skip(NOT_SERVED.toArray(Method[]::new));
        CLOCK.setClockStatus(ClockStatus.of(ClockStatus.TIME_OK, ClockStatus.STA_NANO, 0, 0, 1, 1, 0, 0));
        ScriptedProvider.onCreate(attempt -> BACKEND);
    }

    @Test
    void everyMissingMethodIsVisibleInTheReport() {
        Report report = FastClock.report();
        assertEquals(Catalogue.plannedNames(), report.methods().stream().map(MethodRoute::method).toList());
        for (Method m : Catalogue.planned()) {
            MethodRoute r = report.method(m.apiName()).orElseThrow();
            if (!NOT_SERVED.contains(m)) {
                assertEquals(BACKEND.unscripted(m).route(), r);
            } else if (m == Method.IS_SUPPORTED) {
                assertEquals(new MethodRoute("isSupported", Active.SPI_DEFAULT_ROUTE,
                        "not served by " + PROVIDER + ": true where its cpu and node are not the JDK's", List.of()), r);
            } else if (m.fallback() != null) {
                assertEquals(Active.SPI_DEFAULT_ROUTE, r.route(), r::toString);
                assertEquals("not served by " + PROVIDER + ": its " + m.fallback().apiName() + " answers (" + ScriptedBackend.ROUTE
                        + ": the scripted backend's settable clock)", r.detail());
                assertEquals(List.of(), r.passedOver());
            } else {
                assertEquals(new MethodRoute(m.apiName(), "jdk", m.jdkDetail(), List.of(new PassedOver(PROVIDER, "does not serve " + m.apiName()))), r);
            }
        }
        // Which rows those are follows from the catalogue: with a fallback, spi-default; without, the JDK.
        assertEquals(Set.of("bootNanos", "rawNanos", "taiNanos", "ticks", "isSupported"),
                Set.copyOf(report.methods().stream().filter(r -> r.route().equals(Active.SPI_DEFAULT_ROUTE)).map(MethodRoute::method).toList()));
        assertEquals(Set.of("resolutionNanos", "clockStatus"),
                Set.copyOf(report.methods().stream().filter(r -> r.route().equals("jdk")).map(MethodRoute::method).toList()));
        assertEquals(List.of(), report.messages(), "a method not served is in the report, not a warning");
    }

    @Test
    void aFallbackAnswersFromTheProvidersOwnPlanOfIt() {
        assertEquals(1_000, FastClock.bootNanos(), "the provider's nanos");
        assertEquals(1_000, FastClock.rawNanos());
        assertEquals(5_000_000_123L, FastClock.taiNanos(), "the provider's epochNanos");
        assertEquals(1_000, FastClock.ticks(), "the provider's nanos as ticks");
        assertEquals(1_000_000_000L, FastClock.ticksPerSecond(), "ticks that are nanoseconds convert as such");
        assertEquals(77, FastClock.ticksToNanos(77));
        CLOCK.advance(5);
        assertEquals(1_005, FastClock.ticks(), "live, not a copy");
        assertEquals(1_005, FastClock.bootNanos());
        assertTrue(CpuLocator.isSupported(), "its cpu and node are its own, not the JDK's");
        assertEquals(3, CpuLocator.cpu());
    }

    @Test
    void withoutAFallbackTheJdkAnswers() {
        assertEquals(1, FastClock.resolutionNanos(ClockId.MONOTONIC));
        assertEquals(1_000_000, FastClock.resolutionNanos(ClockId.REALTIME_COARSE), "the JDK's answer, not the settable clock's 1");
        assertEquals(false, FastClock.clockStatus().known(), "the JDK's unknown, not the status the provider's clock holds");
    }

    @Test
    void eachPlanWasAskedForOnce() {
        FastClock.report();
        FastClock.report();
        for (Method m : Catalogue.planned()) {
            assertEquals(1, BACKEND.asked(m), m::toString);
        }
    }
}
