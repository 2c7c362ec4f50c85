package dev.fastclock.testproviders;

import dev.fastclock.SettableClock;
import dev.fastclock.settable.SettableBackend;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A well-behaved provider with a configurable name, priority and availability. It counts its
 * probes and creations and remembers the backend it built, so a test can prove which provider's
 * backend was chosen and that the others were never built.
 */
public final class FixedBackendProvider implements FastClockProvider {

    private final String name;
    private final int priority;
    private final String unavailableReason;
    private final Supplier<? extends FastClockBackend> factory;
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicInteger creations = new AtomicInteger();
    private volatile FastClockBackend created;

    /**
     * @param name              what {@link #name()} returns (may be null or blank, to test that)
     * @param priority          what {@link #priority()} returns
     * @param unavailableReason null when available, else the reason
     * @param factory           builds the backend in {@link #create()} (may return null, to test that)
     */
    public FixedBackendProvider(String name, int priority, String unavailableReason,
                                Supplier<? extends FastClockBackend> factory) {
        this.name = name;
        this.priority = priority;
        this.unavailableReason = unavailableReason;
        this.factory = factory;
    }

    /** An available provider whose backend is a fresh {@link SettableClock} ({@link #settable()}). */
    public static FixedBackendProvider available(String name, int priority) {
        return new FixedBackendProvider(name, priority, null, FixedBackendProvider::settable);
    }

    /** An unavailable provider, for the given reason. */
    public static FixedBackendProvider unavailable(String name, int priority, String reason) {
        return new FixedBackendProvider(name, priority, reason, FixedBackendProvider::settable);
    }

    /** A fresh backend over a fresh {@link SettableClock}: the default factory. */
    public static FastClockBackend settable() {
        return new SettableBackend(new SettableClock());
    }

    /** An available provider whose {@link #create()} returns null. */
    public static FixedBackendProvider createsNull(String name, int priority) {
        return new FixedBackendProvider(name, priority, null, () -> null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public Optional<String> unavailableReason() {
        probes.incrementAndGet();
        return Optional.ofNullable(unavailableReason);
    }

    @Override
    public FastClockBackend create() {
        creations.incrementAndGet();
        FastClockBackend backend = factory.get();
        created = backend;
        return backend;
    }

    /** How many times {@link #unavailableReason()} was called. */
    public int probes() {
        return probes.get();
    }

    /** How many times {@link #create()} was called. */
    public int creations() {
        return creations.get();
    }

    /** The backend the last {@link #create()} returned, or null. */
    public FastClockBackend created() {
        return created;
    }

    @Override
    public String toString() {
        return "FixedBackendProvider[" + name + ", " + priority + "]";
    }
}
