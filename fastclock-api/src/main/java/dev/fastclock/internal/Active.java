package dev.fastclock.internal;

import dev.fastclock.spi.FastClockBackend;

/**
 * The chosen backend. Loaded, and so selected, at the first call of FastClock or CpuLocator: the
 * JVM's class initialization makes that happen once, thread-safely. As a {@code static final} the
 * backend is a constant to the JIT, which then inlines its methods into each caller.
 */
public final class Active {

    /** What was chosen and why. */
    public static final Selection SELECTION = Selection.fromServiceLoader();

    /** The backend every static call goes to. */
    public static final FastClockBackend BACKEND = SELECTION.backend();

    private Active() {
    }
}
