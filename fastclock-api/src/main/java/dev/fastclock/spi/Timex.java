package dev.fastclock.spi;

/**
 * What the kernel says of the wall clock ({@code CLOCK_REALTIME}): the fields of the NTP kernel
 * interface's {@code struct timex} that describe it, as {@code adjtimex(2)} with {@code modes = 0} (a
 * read that changes nothing) reports them. Immutable; the API turns it into {@code ClockStatus}.
 *
 * @param known    false where the provider cannot tell (the other fields are then meaningless)
 * @param state    the call's result: {@code TIME_OK} 0, {@code TIME_INS} 1, {@code TIME_DEL} 2,
 *                 {@code TIME_OOP} 3, {@code TIME_WAIT} 4, {@code TIME_ERROR} 5 (not synchronized)
 * @param status   the {@code STA_*} bits ({@code STA_UNSYNC} 0x40, {@code STA_INS} 0x10,
 *                 {@code STA_DEL} 0x20, {@code STA_NANO} 0x2000, {@code STA_PPS*}...)
 * @param offsetNanos the time offset in nanoseconds (the kernel gives it in nanoseconds where
 *                 {@code STA_NANO} is set, else in microseconds: the provider converts)
 * @param freq     the frequency offset in ppm scaled by 2^16
 * @param maxError the maximum error, microseconds
 * @param estError the estimated error, microseconds
 * @param tai      the TAI offset, seconds
 */
public record Timex(boolean known, int state, int status, long offsetNanos, long freq, long maxError, long estError, int tai) {

    /** What a provider that cannot tell answers. */
    public static final Timex UNKNOWN = new Timex(false, -1, 0, 0, 0, Long.MAX_VALUE, Long.MAX_VALUE, 0);
}
