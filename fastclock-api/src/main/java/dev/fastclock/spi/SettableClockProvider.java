package dev.fastclock.spi;

import dev.fastclock.SettableClock;

import java.util.Optional;

/**
 * Installs a {@link SettableClock} behind {@link dev.fastclock.FastClock} and
 * {@link dev.fastclock.CpuLocator}, for tests: it is available only when forced with
 * {@code -Dfastclock.provider=settable}, so it can never be chosen by accident.
 *
 * <pre>{@code
 * // test JVM started with -Dfastclock.provider=settable
 * SettableClockProvider.clock().advance(Duration.ofSeconds(5));
 * assert FastClock.nanos() == 5_000_000_000L;
 * }</pre>
 */
public final class SettableClockProvider implements FastClockProvider {

    /** This provider's name. */
    public static final String NAME = "settable";

    private static final SettableClock CLOCK = new SettableClock();

    /** For {@link java.util.ServiceLoader}. */
    public SettableClockProvider() {
    }

    /**
     * The clock that backs FastClock when this provider is installed (and the same instance when it
     * is not, so a test can set it up before first use).
     *
     * @return the process-wide settable clock
     */
    public static SettableClock clock() {
        return CLOCK;
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
        return forced != null && NAME.equals(forced.trim())
                ? Optional.empty()
                : Optional.of("a test clock, used only when forced with -D" + PROVIDER_PROPERTY + "=" + NAME);
    }

    @Override
    public FastClockBackend create() {
        return CLOCK;
    }
}
