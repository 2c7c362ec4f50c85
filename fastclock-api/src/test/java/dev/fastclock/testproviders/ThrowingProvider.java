package dev.fastclock.testproviders;

import dev.fastclock.SettableClock;
import dev.fastclock.settable.SettableBackend;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;

import java.util.Objects;
import java.util.Optional;

/** A provider that throws a given exception or error from one chosen method, and behaves in the others. */
public final class ThrowingProvider implements FastClockProvider {

    /** The method that throws. */
    public enum Phase { NAME, PRIORITY, UNAVAILABLE_REASON, CREATE }

    private final Phase phase;
    private final String name;
    private final int priority;
    private final Throwable failure;

    /**
     * @param phase    which method throws
     * @param name     the name the other methods see
     * @param priority the priority
     * @param failure  what it throws: a {@link RuntimeException} or an {@link Error}
     */
    public ThrowingProvider(Phase phase, String name, int priority, Throwable failure) {
        if (!(failure instanceof RuntimeException) && !(failure instanceof Error)) {
            throw new IllegalArgumentException("unchecked only: " + failure);
        }
        this.phase = Objects.requireNonNull(phase);
        this.name = name;
        this.priority = priority;
        this.failure = failure;
    }

    /** The throwable this provider throws. */
    public Throwable failure() {
        return failure;
    }

    private void maybeFail(Phase here) {
        if (phase == here) {
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) failure;
        }
    }

    @Override
    public String name() {
        maybeFail(Phase.NAME);
        return name;
    }

    @Override
    public int priority() {
        maybeFail(Phase.PRIORITY);
        return priority;
    }

    @Override
    public Optional<String> unavailableReason() {
        maybeFail(Phase.UNAVAILABLE_REASON);
        return Optional.empty();
    }

    @Override
    public FastClockBackend create() {
        maybeFail(Phase.CREATE);
        return new SettableBackend(new SettableClock());
    }
}
