package dev.fastclock;

import dev.fastclock.internal.SystemClockProvider;
import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.testproviders.CountingProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -Dfastclock.provider=jdk} in a JVM of its own, with the counting provider (priority 1000)
 * made available: forcing beats priority, and the higher provider is never built. The {@code jdk}
 * provider's run of the {@link ProviderContract}.
 */
class FastClockForcedJdkTest extends ProviderContract {

    @Override
    String name() {
        return "jdk";
    }

    @Override
    FastClockProvider provider() {
        return new SystemClockProvider();
    }

    @Override
    String route() {
        return Plan.JDK_ROUTE;
    }

    @Override
    void assertEveryRowAnswers() {
        Answers.assertEveryMethodAnswersLikeTheJdk();
    }

    @Override
    void assertClockStatus() {
        Answers.assertClockStatusUnknown();
        assertEquals(-1, FastClock.read(Method.CLOCK_STATUS));
        assertTrue(FastClock.report().notes().stream().noneMatch(n -> n.contains("not synchronized")), "an unknown status is no news");
    }

    @BeforeAll
    static void forceJdkWhileAHigherProviderIsAvailable() {
        System.setProperty(CountingProvider.ENABLE_PROPERTY, "true");
        System.setProperty(FastClockProvider.PROVIDER_PROPERTY, "jdk");
    }

    @Test
    void forcedJdkIsUsedAndTheHigherProviderNeverBuilt() {
        assertEquals("jdk", FastClock.providerName());
        assertEquals(1, CountingProvider.instances(), "the counting provider was loaded");
        assertEquals(0, CountingProvider.creations(), "but never built");

        Report report = FastClock.report();
        assertEquals("jdk", report.provider());
        assertEquals(Optional.of("jdk"), report.forced());
        assertEquals(List.of(
                new Report.Provider("scripted", 2000, "not tried: jdk was forced"),
                new Report.Provider("tally", 1500, "not tried: jdk was forced"),
                new Report.Provider(CountingProvider.NAME, CountingProvider.PRIORITY, "not tried: jdk was forced"),
                new Report.Provider("settable", Integer.MIN_VALUE + 1, "not tried: jdk was forced"),
                new Report.Provider("jdk", Integer.MIN_VALUE, "chosen (forced)")), report.providers());
        assertEquals(Catalogue.plannedNames(), report.methods().stream().map(MethodRoute::method).toList());
        for (MethodRoute m : report.methods()) {
            assertEquals("jdk", m.route(), m.toString());
            assertEquals(List.of(), m.passedOver(), m.toString());
        }
        assertEquals(List.of(), report.messages(), "forcing jdk is nothing to warn about");
        String describe = FastClock.describe();
        assertTrue(describe.startsWith("FastClock provider: jdk\nforced: -Dfastclock.provider=jdk\n"), describe);

        Answers.assertEveryMethodAnswersLikeTheJdk();
    }
}
