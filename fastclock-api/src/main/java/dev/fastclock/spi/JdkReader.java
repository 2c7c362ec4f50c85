package dev.fastclock.spi;

import java.time.Instant;

/**
 * The JDK's answer to one method ({@link Method#jdk()}): a record of one code, so that where it is held
 * as a constant the {@code switch} folds to the one JDK call. Works everywhere, needs no native access.
 *
 * @param code what to answer
 */
record JdkReader(int code) implements TickReader, StatusReader {

    static final int NANO_TIME = 0;
    static final int INSTANT_NANOS = 1;
    static final int INSTANT_MICROS = 2;
    static final int CURRENT_MILLIS = 3;
    static final int CURRENT_SECONDS = 4;
    static final int RESOLUTION = 5;
    static final int UNKNOWN = 6;
    static final int FALSE = 7;
    static final int IDENTITY = 8;
    static final int NANOS_PER_SECOND = 9;
    static final int STATUS_UNKNOWN = 10;

    /** {@code CLOCK_REALTIME_COARSE}: the JDK serves it from {@code currentTimeMillis()}, in milliseconds. */
    private static final int REALTIME_COARSE = 5;

    @Override
    public long read(long arg) {
        switch (code) {
            case NANO_TIME:
                return System.nanoTime();
            case INSTANT_NANOS: {
                Instant now = Instant.now();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
            case INSTANT_MICROS: {
                Instant now = Instant.now();
                return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
            }
            case CURRENT_MILLIS:
                return System.currentTimeMillis();
            case CURRENT_SECONDS:
                return Math.floorDiv(System.currentTimeMillis(), 1_000L);
            case RESOLUTION:
                return arg == REALTIME_COARSE ? 1_000_000L : 1L;
            case IDENTITY:
                return arg;
            case NANOS_PER_SECOND:
                return 1_000_000_000L;
            case FALSE:
                return 0;
            case STATUS_UNKNOWN:
                return Timex.UNKNOWN.state();
            default:
                return -1;
        }
    }

    /** Ticks read from {@code System.nanoTime()} are nanoseconds. */
    @Override
    public long toNanos(long ticks) {
        return ticks;
    }

    @Override
    public long perSecond() {
        return 1_000_000_000L;
    }

    /** The JDK cannot tell the kernel's clock state. */
    @Override
    public Timex timex() {
        return Timex.UNKNOWN;
    }
}
