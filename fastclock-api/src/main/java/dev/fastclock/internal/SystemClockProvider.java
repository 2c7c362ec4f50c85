package dev.fastclock.internal;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.SystemClockBackend;

import java.util.Optional;

/** The {@code jdk} provider: always available, always last. Not registered: selection appends it itself. */
public final class SystemClockProvider implements FastClockProvider {

    /** The reserved name. */
    public static final String NAME = "jdk";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public FastClockBackend create() {
        return new SystemClockBackend();
    }
}
