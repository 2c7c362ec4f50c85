package dev.fastclock.testproviders;

import dev.fastclock.SettableClock;
import dev.fastclock.settable.SettableBackend;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registered in src/test/resources/META-INF/services, so every test JVM of this module finds it.
 * It outranks every real provider (priority 1000) but is available only when the system property
 * {@value #ENABLE_PROPERTY} is {@code true}, which only the tests that want it set, before first
 * use; everywhere else it is listed as not available and changes nothing.
 *
 * <p>It counts its instantiations and {@link #create()} calls per JVM, and its backend answers
 * fixed, recognisable values.
 */
public final class CountingProvider implements FastClockProvider {

    /** This provider's name. */
    public static final String NAME = "counting";
    /** Set to {@code true} to make this provider available. */
    public static final String ENABLE_PROPERTY = "fastclock.test.counting";
    /** Higher than any real provider. */
    public static final int PRIORITY = 1000;
    /** The backend's monotonic reading. */
    public static final long NANOS = 42_000_000_007L;
    /** The backend's wall-clock reading. */
    public static final long EPOCH_NANOS = 1_700_000_000_123_456_789L;
    /** The backend's CPU. */
    public static final int CPU = 7;
    /** The backend's NUMA node. */
    public static final int NODE = 1;

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final AtomicInteger CREATIONS = new AtomicInteger();

    /** For ServiceLoader; does no work but counting. */
    public CountingProvider() {
        INSTANCES.incrementAndGet();
    }

    /** How many instances ServiceLoader made in this JVM. */
    public static int instances() {
        return INSTANCES.get();
    }

    /** How many times {@link #create()} ran in this JVM. */
    public static int creations() {
        return CREATIONS.get();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Boolean.getBoolean(ENABLE_PROPERTY)
                ? Optional.empty()
                : Optional.of("a test provider, available only with -D" + ENABLE_PROPERTY + "=true");
    }

    @Override
    public FastClockBackend create() {
        CREATIONS.incrementAndGet();
        return new SettableBackend(new SettableClock(NANOS, EPOCH_NANOS).setCpu(CPU, NODE));
    }
}
