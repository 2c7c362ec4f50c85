package dev.fastclock.spi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void nameAndPriority() {
        assertEquals("settable", provider.name());
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
    @ValueSource(strings = {"settable", " settable", "settable\t", "  settable  "})
    void availableWhenForcedAsSelectionReadsTheName(String property) {
        // Selection trims the forced name; the provider must agree, or forcing it fails.
        System.setProperty(FastClockProvider.PROVIDER_PROPERTY, property);
        assertEquals(Optional.empty(), provider.unavailableReason());
        dev.fastclock.internal.Selection s = dev.fastclock.internal.Selection.select(
                java.util.List.<FastClockProvider>of(provider).iterator(), property);
        assertEquals("settable", s.providerName());
        assertSame(SettableClockProvider.clock(), s.backend());
    }

    @Test
    void createReturnsTheProcessWideClockEveryTime() {
        assertSame(SettableClockProvider.clock(), provider.create());
        assertSame(SettableClockProvider.clock(), new SettableClockProvider().create());
    }
}
