package dev.fastclock.spi;

/**
 * The reader of {@link Method#TICKS}, which also converts its own ticks: a plan for ticks must come with
 * the conversion of exactly the units it reads, so the two can never disagree.
 */
public interface TickReader extends Reader {

    /**
     * A tick count (a difference of two {@link #read(long)} readings) in nanoseconds.
     *
     * @param ticks the tick count
     * @return nanoseconds
     */
    long toNanos(long ticks);

    /**
     * The rate of the ticks, consistent with {@link #toNanos(long)}.
     *
     * @return ticks per second
     */
    long perSecond();
}
