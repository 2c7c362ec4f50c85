package dev.fastclock.testproviders;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registered in src/test/resources/META-INF/services, like {@link CountingProvider}, and like it
 * available only where a test sets {@value #ENABLE_PROPERTY} to {@code true} before first use. Its
 * backend is a {@link TallyBackend}: the JDK's real readings, every call counted.
 */
public final class TallyProvider implements FastClockProvider {

    /** This provider's name. */
    public static final String NAME = "tally";
    /** Set to {@code true} to make this provider available. */
    public static final String ENABLE_PROPERTY = "fastclock.test.tally";
    /** Above {@link CountingProvider}, below {@link ScriptedProvider}. */
    public static final int PRIORITY = 1500;

    private static final AtomicInteger CREATIONS = new AtomicInteger();
    private static volatile TallyBackend created;

    /** For ServiceLoader; does no work. */
    public TallyProvider() {
    }

    /** How many times {@link #create()} ran in this JVM. @return the count */
    public static int creations() {
        return CREATIONS.get();
    }

    /** The backend the last {@link #create()} built, or null. @return it */
    public static TallyBackend created() {
        return created;
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
        TallyBackend b = new TallyBackend();
        created = b;
        return b;
    }
}
