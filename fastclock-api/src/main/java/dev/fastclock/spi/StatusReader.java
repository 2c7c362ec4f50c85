package dev.fastclock.spi;

/**
 * The reader of {@link Method#CLOCK_STATUS}: one read of the kernel's clock state. Not a hot-path call
 * (a system call on Linux), so FastClock calls it through its published plan without folding it.
 */
public interface StatusReader extends Reader {

    /**
     * Reads the clock's state now; never changes it.
     *
     * @return the state
     */
    Timex timex();

    /** The state's {@link Timex#state()}, for tools that read every method as a {@code long}. */
    @Override
    default long read(long arg) {
        return timex().state();
    }
}
