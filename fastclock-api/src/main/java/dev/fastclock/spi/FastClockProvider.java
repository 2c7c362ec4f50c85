package dev.fastclock.spi;

import java.util.Optional;

/**
 * A source of a {@link FastClockBackend}, found with {@link java.util.ServiceLoader}.
 *
 * <p>At first use of {@link dev.fastclock.FastClock} or {@link dev.fastclock.CpuLocator}, and only
 * then, FastClock loads every provider and picks one:
 * <ol>
 *   <li>when the system property {@value #PROVIDER_PROPERTY} names a provider, that one, and if it
 *       cannot work every call fails with an exception that says why;</li>
 *   <li>otherwise the available provider with the highest {@link #priority()}; a provider that
 *       throws while it is loaded, probed or created is skipped, logged once and reported by
 *       {@link dev.fastclock.FastClock#describe()};</li>
 *   <li>the pure-Java provider {@code jdk} is always the last resort.</li>
 * </ol>
 * Register an implementation in {@code META-INF/services/dev.fastclock.spi.FastClockProvider} on
 * the class path, or with {@code provides} in a module declaration. It needs a public no-argument
 * constructor, and that constructor should do no work: the probe belongs in
 * {@link #unavailableReason()} and the build in {@link #create()}.
 */
public interface FastClockProvider {

    /** The system property that forces a provider by {@link #name()}. */
    String PROVIDER_PROPERTY = "fastclock.provider";

    /** The provider's name: short, lower case, unique; used by {@value #PROVIDER_PROPERTY}. */
    String name();

    /**
     * The provider's priority: among the available providers the highest wins. The Linux x86-64
     * provider uses 100 and the pure-Java {@code jdk} provider {@link Integer#MIN_VALUE}; a test
     * provider that must win uses more than 100.
     */
    int priority();

    /**
     * Checks, cheaply, whether this provider can work here (the OS, the CPU, a needed class),
     * without building anything.
     *
     * @return empty if it can, else a short reason it cannot
     */
    Optional<String> unavailableReason();

    /**
     * Builds the backend; called at most once per JVM, and only for the provider chosen. It may
     * throw: the provider is then skipped (or, when forced, every call fails with the cause).
     *
     * @return the backend
     */
    FastClockBackend create();
}
