package dev.fastclock;

/**
 * The kernel clocks FastClock reads, for {@link FastClock#resolutionNanos(ClockId)}.
 *
 * <p>Each constant carries its Linux {@code clockid_t} value, so a provider can pass it to
 * {@code clock_gettime} and {@code clock_getres} as it is.
 */
public enum ClockId {
    /** {@code CLOCK_REALTIME}: wall-clock time since the Unix epoch; jumps when the clock is set. */
    REALTIME(0),
    /** {@code CLOCK_MONOTONIC}: time since an arbitrary origin (boot, on Linux); never jumps back. */
    MONOTONIC(1),
    /** {@code CLOCK_MONOTONIC_RAW}: {@link #MONOTONIC} without NTP's rate corrections, the hardware clock's own rate. */
    MONOTONIC_RAW(4),
    /** {@code CLOCK_REALTIME_COARSE}: {@link #REALTIME} as of the last timer tick. */
    REALTIME_COARSE(5),
    /** {@code CLOCK_MONOTONIC_COARSE}: {@link #MONOTONIC} as of the last timer tick. */
    MONOTONIC_COARSE(6),
    /** {@code CLOCK_BOOTTIME}: {@link #MONOTONIC} plus the time the system was suspended. */
    BOOTTIME(7),
    /** {@code CLOCK_TAI}: {@link #REALTIME} plus the kernel's TAI offset (0 unless a time daemon sets it). */
    TAI(11);

    private final int linuxId;

    ClockId(int linuxId) {
        this.linuxId = linuxId;
    }

    /**
     * The Linux {@code clockid_t} value of this clock.
     *
     * @return the id
     */
    public int linuxId() {
        return linuxId;
    }
}
