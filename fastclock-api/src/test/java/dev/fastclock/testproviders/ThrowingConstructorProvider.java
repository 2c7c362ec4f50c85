package dev.fastclock.testproviders;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;

import java.util.Optional;

/** A provider whose constructor throws, so {@link java.util.ServiceLoader} cannot instantiate it. */
public final class ThrowingConstructorProvider implements FastClockProvider {

    /** The message of the exception the constructor throws. */
    public static final String MESSAGE = "ThrowingConstructorProvider: constructor refused";

    /** Always throws. */
    public ThrowingConstructorProvider() {
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public String name() {
        return "never";
    }

    @Override
    public int priority() {
        return 10_000;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public FastClockBackend create() {
        throw new AssertionError("never constructed");
    }
}
