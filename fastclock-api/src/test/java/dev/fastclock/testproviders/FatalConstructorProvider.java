package dev.fastclock.testproviders;

import dev.fastclock.SettableClock;
import dev.fastclock.settable.SettableBackend;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;

import java.util.Optional;

/**
 * A provider whose constructor throws a {@link VirtualMachineError} once when told to, as a real one
 * does when {@link java.util.ServiceLoader} instantiates it at the stack's edge or out of memory;
 * ServiceLoader wraps that in a {@link java.util.ServiceConfigurationError}. Named only by services
 * files that tests write at run time.
 */
public final class FatalConstructorProvider implements FastClockProvider {

    /** This provider's name. */
    public static final String NAME = "fatal-constructor";

    private static volatile VirtualMachineError next;

    /** For ServiceLoader: throws the error set with {@link #failNext}, once. */
    public FatalConstructorProvider() {
        VirtualMachineError e = next;
        if (e != null) {
            next = null;
            throw e;
        }
    }

    /**
     * Makes the next construction throw {@code error}.
     *
     * @param error what to throw
     */
    public static void failNext(VirtualMachineError error) {
        next = error;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 3000;
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
