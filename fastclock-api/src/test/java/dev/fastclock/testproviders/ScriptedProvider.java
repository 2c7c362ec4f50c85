package dev.fastclock.testproviders;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Registered in src/test/resources/META-INF/services, above every other provider, and available only
 * where a test sets {@value #ENABLE_PROPERTY} to {@code true} and gives it a script with
 * {@link #onCreate(IntFunction)} before first use. {@link #create()} runs the script, which may
 * throw anything (an exception, a {@link StackOverflowError}), call FastClock back, log, or block.
 */
public final class ScriptedProvider implements FastClockProvider {

    /** This provider's name. */
    public static final String NAME = "scripted";
    /** Set to {@code true} (and give a script) to make this provider available. */
    public static final String ENABLE_PROPERTY = "fastclock.test.scripted";
    /** Above every other provider. */
    public static final int PRIORITY = 2000;

    private static final AtomicInteger CREATIONS = new AtomicInteger();
    private static volatile IntFunction<? extends FastClockBackend> script;

    /** For ServiceLoader; does no work. */
    public ScriptedProvider() {
    }

    /**
     * What {@link #create()} does: called with the attempt number, from 1.
     *
     * @param onCreate the script
     */
    public static void onCreate(IntFunction<? extends FastClockBackend> onCreate) {
        script = Objects.requireNonNull(onCreate);
    }

    /** How many times {@link #create()} ran in this JVM. @return the count */
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
        return Boolean.getBoolean(ENABLE_PROPERTY) && script != null
                ? Optional.empty()
                : Optional.of("a test provider, available only with -D" + ENABLE_PROPERTY + "=true and a script");
    }

    @Override
    public FastClockBackend create() {
        return script.apply(CREATIONS.incrementAndGet());
    }
}
