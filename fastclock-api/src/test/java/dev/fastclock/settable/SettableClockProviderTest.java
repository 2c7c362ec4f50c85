package dev.fastclock.settable;

import dev.fastclock.SettableClock;
import dev.fastclock.internal.Selection;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SettableClockProvider} as a provider, in a JVM of its own that never calls FastClock (so
 * changing {@code fastclock.provider} here selects nothing).
 */
class SettableClockProviderTest {

    private final SettableClockProvider provider = new SettableClockProvider();

    @AfterEach
    void clearProperty() {
        System.clearProperty(FastClockProvider.PROVIDER_PROPERTY);
    }

    private static SettableClock clockOf(FastClockBackend b) {
        return assertInstanceOf(SettableBackend.class, b).clock();
    }

    @Test
    void nameAndPriority() {
        assertEquals("settable", provider.name());
        assertEquals(SettableClockProvider.NAME, provider.name());
        assertEquals(Integer.MIN_VALUE + 1, provider.priority());
    }

    @Test
    void unavailableUnlessForced() {
        Optional<String> reason = provider.unavailableReason();
        assertTrue(reason.isPresent());
        assertTrue(reason.get().contains("-Dfastclock.provider=settable"), reason.get());

        System.setProperty(FastClockProvider.PROVIDER_PROPERTY, "linux-x64");
        assertTrue(provider.unavailableReason().isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"settable", " settable", "settable\t", "  settable  ", "Settable", "SETTABLE"})
    void availableWhenForcedAsSelectionReadsTheName(String property) {
        // Selection trims the forced name; the provider must agree, or forcing it fails.
        System.setProperty(FastClockProvider.PROVIDER_PROPERTY, property);
        assertEquals(Optional.empty(), provider.unavailableReason());
        Selection s = Selection.select(List.<FastClockProvider>of(provider).iterator(), property);
        assertEquals("settable", s.providerName());
        assertSame(SettableClock.installed(), clockOf(s.backend()));
    }

    @Test
    void createWrapsTheInstalledClockEveryTime() {
        FastClockBackend first = provider.create();
        FastClockBackend second = new SettableClockProvider().create();
        assertSame(SettableClock.installed(), clockOf(first));
        assertSame(SettableClock.installed(), clockOf(second));
        assertNotSame(first, second, "a backend per create(), one clock behind them all");
    }

    @Test
    void installedIsOneClockForTheLifeOfTheJvm() {
        assertSame(SettableClock.installed(), SettableClock.installed());
    }

    @Test
    void registeredInTheMainServicesFile() {
        // Without it -Dfastclock.provider=settable finds nothing.
        List<String> names = java.util.ServiceLoader.load(FastClockProvider.class).stream()
                .map(p -> p.type().getName()).toList();
        assertTrue(names.contains(SettableClockProvider.class.getName()), names::toString);
    }
}
