package dev.fastclock.linux.x64.internal;

import java.time.Instant;

/** The JDK's answer for each method: what the JDK route serves, and what answers a failed native call. */
final class Jdk { // no static state: nothing to initialize, so nothing that can fail at first use

    static final int NANO_TIME = 0;
    static final int EPOCH_NANOS = 1;
    static final int EPOCH_MICROS = 2;
    static final int CURRENT_MILLIS = 3;
    static final int EPOCH_SECONDS = 4;
    static final int RESOLUTION = 5;
    static final int UNKNOWN = 6;

    private Jdk() {
    }

    /** The answer of {@code code}; {@code arg} is the clock id for {@link #RESOLUTION}. */
    static long read(int code, long arg) {
        return switch (code) {
            case NANO_TIME -> System.nanoTime();
            case EPOCH_NANOS -> {
                Instant now = Instant.now();
                yield now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
            case EPOCH_MICROS -> {
                Instant now = Instant.now();
                yield now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
            }
            case CURRENT_MILLIS -> System.currentTimeMillis();
            case EPOCH_SECONDS -> Math.floorDiv(System.currentTimeMillis(), 1_000L);
            case RESOLUTION -> arg == 5 ? 1_000_000L : 1L; // REALTIME_COARSE is served in milliseconds
            default -> -1L;
        };
    }
}
