package dev.fastclock.testproviders;

import dev.fastclock.SettableClock;
import dev.fastclock.settable.SettableBackend;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;

import java.util.Optional;

/**
 * A plain provider for {@link java.util.ServiceLoader}, named only by services files that tests
 * write at run time (never by src/test/resources), so it is never found by accident.
 */
public final class LoadableProvider implements FastClockProvider {

    /** This provider's name. */
    public static final String NAME = "loadable";

    /** For ServiceLoader. */
    public LoadableProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 500;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public FastClockBackend create() {
        return new SettableBackend(new SettableClock());
    }
}
