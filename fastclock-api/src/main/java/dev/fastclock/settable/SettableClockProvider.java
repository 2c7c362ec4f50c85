package dev.fastclock.settable;

import dev.fastclock.SettableClock;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;

import java.util.Optional;

/**
 * The {@code settable} provider: {@link SettableClock#installed()} behind FastClock and CpuLocator,
 * for tests. Available only when forced with {@code -Dfastclock.provider=settable}, so it can never
 * be chosen by accident. Not part of the API (its package is not exported): tests reach the clock
 * through {@link SettableClock#installed()}.
 */
public final class SettableClockProvider implements FastClockProvider {

    /** This provider's name. */
    public static final String NAME = "settable";

    /** For {@link java.util.ServiceLoader}. */
    public SettableClockProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Returns {@link Integer#MIN_VALUE} + 1: above only {@code jdk}, and it is never available unforced anyway. */
    @Override
    public int priority() {
        return Integer.MIN_VALUE + 1;
    }

    @Override
    public Optional<String> unavailableReason() {
        // Trimmed as selection trims the forced name, so " settable" forces this provider there and here.
        String forced = System.getProperty(PROVIDER_PROPERTY);
        return forced != null && NAME.equalsIgnoreCase(forced.trim())
                ? Optional.empty()
                : Optional.of("a test clock, used only when forced with -D" + PROVIDER_PROPERTY + "=" + NAME);
    }

    @Override
    public FastClockBackend create() {
        return new SettableBackend(SettableClock.installed());
    }
}
