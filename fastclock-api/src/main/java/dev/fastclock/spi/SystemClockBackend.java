package dev.fastclock.spi;

/**
 * The backend of the {@code jdk} provider: each method's JDK answer from the catalogue
 * ({@link Method#jdk()}): {@link System#nanoTime()}, {@link System#currentTimeMillis()} and
 * {@link java.time.Instant}, with the CPU unknown. Works on every OS and CPU and never needs native
 * access; no state, so nothing to initialize and nothing that can fail at first use.
 *
 * <p>The JDK has no coarse, boot, raw or TAI clock, so those answer from the nearest clock it has, and
 * each plan's route says how it differs ({@link Method#jdkDetail()}). Ticks are nanoseconds.
 */
public final class SystemClockBackend implements FastClockBackend {

    /** The backend; stateless. */
    public SystemClockBackend() {
    }

    /** The JDK's answer, for every method. */
    @Override
    public Plan plan(Method method) {
        return Plan.jdk(method, java.util.List.of());
    }

    @Override
    public String toString() {
        return "SystemClockBackend";
    }
}
