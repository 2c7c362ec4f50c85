package dev.fastclock;

import dev.fastclock.spi.Timex;

import java.util.Locale;
import java.util.Objects;

/**
 * How good the wall clock ({@code CLOCK_REALTIME}, what {@link FastClock#epochNanos()} reads) is right
 * now, as the kernel's NTP state says: whether it is synchronized, how far off it may be, its offset and
 * frequency correction, the TAI offset, and whether a leap second is coming. On Linux it is one
 * {@code adjtimex(2)} with {@code modes = 0}, a read that never changes the clock (see
 * {@link FastClock#clockStatus()}).
 *
 * <p>The bound to check a clock against (MiFID II RTS 25 asks trading venues' business clocks to keep
 * within 100 µs of UTC) is {@link #maxErrorMicros()}: the kernel's worst case, which a time daemon
 * (chrony, ntpd, ptp4l) resets at each update and the kernel grows by 500 ppm between them; an
 * unsynchronized clock reports 16 s. Immutable and thread-safe.
 */
public final class ClockStatus {

    /** {@code TIME_OK}: synchronized, no leap second pending. */
    public static final int TIME_OK = 0;
    /** {@code TIME_INS}: a leap second will be inserted at the end of the UTC day. */
    public static final int TIME_INS = 1;
    /** {@code TIME_DEL}: a leap second will be deleted at the end of the UTC day. */
    public static final int TIME_DEL = 2;
    /** {@code TIME_OOP}: a leap second is being inserted now. */
    public static final int TIME_OOP = 3;
    /** {@code TIME_WAIT}: a leap second has just passed. */
    public static final int TIME_WAIT = 4;
    /** {@code TIME_ERROR}: the clock is not synchronized. */
    public static final int TIME_ERROR = 5;
    /** {@code STA_INS}: insert a leap second. */
    public static final int STA_INS = 0x0010;
    /** {@code STA_DEL}: delete a leap second. */
    public static final int STA_DEL = 0x0020;
    /** {@code STA_UNSYNC}: the clock is not synchronized. */
    public static final int STA_UNSYNC = 0x0040;
    /** {@code STA_NANO}: the offset is in nanoseconds, not microseconds. */
    public static final int STA_NANO = 0x2000;

    /** A leap second: none, or where it stands. */
    public enum Leap {
        /** None pending. */
        NONE,
        /** One will be inserted at the end of the UTC day: the last minute has 61 seconds. */
        INSERT_PENDING,
        /** One will be deleted at the end of the UTC day: the last minute has 59 seconds. */
        DELETE_PENDING,
        /** One is being inserted now: {@code CLOCK_REALTIME} repeats a second. */
        IN_PROGRESS,
        /** One has just passed. */
        JUST_PASSED
    }

    private final boolean known;
    private final int state;
    private final int statusBits;
    private final long offsetNanos;
    private final double frequencyPpm;
    private final long maxErrorMicros;
    private final long estimatedErrorMicros;
    private final int taiOffsetSeconds;
    private final long readAtEpochNanos;

    private ClockStatus(boolean known, int state, int statusBits, long offsetNanos, double frequencyPpm, long maxErrorMicros,
                        long estimatedErrorMicros, int taiOffsetSeconds, long readAtEpochNanos) {
        this.known = known;
        this.state = state;
        this.statusBits = statusBits;
        this.offsetNanos = offsetNanos;
        this.frequencyPpm = frequencyPpm;
        this.maxErrorMicros = maxErrorMicros;
        this.estimatedErrorMicros = estimatedErrorMicros;
        this.taiOffsetSeconds = taiOffsetSeconds;
        this.readAtEpochNanos = readAtEpochNanos;
    }

    /**
     * A status that says nothing: what the {@code jdk} provider answers. {@link #known()} and
     * {@link #isSynchronized()} are false, both errors {@link Long#MAX_VALUE} (so a bound check fails).
     *
     * @param readAtEpochNanos when it was read
     * @return the status
     */
    public static ClockStatus unknown(long readAtEpochNanos) {
        return new ClockStatus(false, -1, 0, 0, 0, Long.MAX_VALUE, Long.MAX_VALUE, 0, readAtEpochNanos);
    }

    /**
     * A known status from its raw fields, for tests (set it on a {@link SettableClock}) and providers.
     *
     * @param state                the kernel's clock state, {@link #TIME_OK} to {@link #TIME_ERROR}
     * @param statusBits           the {@code STA_*} bits
     * @param offsetNanos          the time offset, nanoseconds
     * @param frequencyPpm         the frequency correction, ppm
     * @param maxErrorMicros       the maximum error, microseconds, at least 0
     * @param estimatedErrorMicros the estimated error, microseconds, at least 0
     * @param taiOffsetSeconds     the TAI offset, seconds
     * @param readAtEpochNanos     when it was read
     * @return the status
     * @throws IllegalArgumentException if {@code state} is not 0 to 5 or an error is negative
     */
    public static ClockStatus of(int state, int statusBits, long offsetNanos, double frequencyPpm, long maxErrorMicros,
                                 long estimatedErrorMicros, int taiOffsetSeconds, long readAtEpochNanos) {
        if (state < TIME_OK || state > TIME_ERROR) {
            throw new IllegalArgumentException("the clock state is TIME_OK (0) to TIME_ERROR (5), not " + state);
        }
        if (maxErrorMicros < 0 || estimatedErrorMicros < 0) {
            throw new IllegalArgumentException("errors are at least 0: maxerror " + maxErrorMicros + ", esterror " + estimatedErrorMicros);
        }
        return new ClockStatus(true, state, statusBits, offsetNanos, frequencyPpm, maxErrorMicros, estimatedErrorMicros,
                taiOffsetSeconds, readAtEpochNanos);
    }

    /** From a provider's raw {@code struct timex} fields. */
    static ClockStatus of(Timex t, long readAtEpochNanos) {
        if (!t.known() || t.state() < TIME_OK || t.state() > TIME_ERROR) {
            return unknown(readAtEpochNanos);
        }
        return new ClockStatus(true, t.state(), t.status(), t.offsetNanos(), t.freq() / 65_536.0, Math.max(0, t.maxError()),
                Math.max(0, t.estError()), t.tai(), readAtEpochNanos);
    }

    /** Whether the provider could tell; false for the {@code jdk} provider. @return true if known */
    public boolean known() {
        return known;
    }

    /**
     * Whether a time daemon keeps the clock synchronized: known, the state is not {@link #TIME_ERROR}
     * and {@link #STA_UNSYNC} is clear. An unsynchronized clock may be off by any amount.
     *
     * @return true if synchronized
     */
    public boolean isSynchronized() {
        return known && state != TIME_ERROR && (statusBits & STA_UNSYNC) == 0;
    }

    /**
     * The kernel's maximum error: the bound to check a requirement against (100 µs for RTS 25's
     * strictest class). {@link Long#MAX_VALUE} where unknown.
     *
     * @return microseconds
     */
    public long maxErrorMicros() {
        return maxErrorMicros;
    }

    /** The time daemon's estimate of the error; {@link Long#MAX_VALUE} where unknown. @return microseconds */
    public long estimatedErrorMicros() {
        return estimatedErrorMicros;
    }

    /** The offset the kernel is still slewing out; 0 where unknown. @return nanoseconds */
    public long offsetNanos() {
        return offsetNanos;
    }

    /** The frequency correction the daemon applies to the clock; 0 where unknown. @return ppm */
    public double frequencyPpm() {
        return frequencyPpm;
    }

    /** TAI - UTC as the kernel holds it ({@code FastClock.taiNanos() - epochNanos()}): 0 unless a daemon set it. @return seconds */
    public int taiOffsetSeconds() {
        return taiOffsetSeconds;
    }

    /**
     * The leap second's place: from the state, and where the clock is not synchronized from the
     * {@link #STA_INS} and {@link #STA_DEL} bits.
     *
     * @return the leap
     */
    public Leap leap() {
        switch (state) {
            case TIME_INS: return Leap.INSERT_PENDING;
            case TIME_DEL: return Leap.DELETE_PENDING;
            case TIME_OOP: return Leap.IN_PROGRESS;
            case TIME_WAIT: return Leap.JUST_PASSED;
            default:
                if (!known) {
                    return Leap.NONE;
                }
                return (statusBits & STA_INS) != 0 ? Leap.INSERT_PENDING : (statusBits & STA_DEL) != 0 ? Leap.DELETE_PENDING : Leap.NONE;
        }
    }

    /** The kernel's clock state, {@link #TIME_OK} to {@link #TIME_ERROR}; -1 where unknown. @return it */
    public int state() {
        return state;
    }

    /** The {@code STA_*} bits as the kernel gave them; 0 where unknown. @return them */
    public int statusBits() {
        return statusBits;
    }

    /** {@link FastClock#epochNanos()} when the status was read. @return nanoseconds since the epoch */
    public long readAtEpochNanos() {
        return readAtEpochNanos;
    }

    /**
     * One line, such as {@code synchronized, maxerror 1234 us, esterror 56 us, offset -12 ns, freq 3.125 ppm,
     * tai 37 s, leap none (state TIME_OK, status 0x2001)}, or {@code not synchronized: maxerror 16000000 us
     * (the kernel's worst case)...}, or {@code unknown (the provider cannot tell)}.
     */
    @Override
    public String toString() {
        if (!known) {
            return "unknown (the provider cannot tell the kernel's clock state)";
        }
        // A StringBuilder, not String.format: the report calls this, and a Formatter costs it tens of microseconds.
        return new StringBuilder(160).append(isSynchronized() ? "synchronized" : "not synchronized")
                .append(": maxerror ").append(maxErrorMicros).append(" us")
                .append(!isSynchronized() && maxErrorMicros >= 16_000_000L ? " (the kernel's worst case)" : "")
                .append(", esterror ").append(estimatedErrorMicros).append(" us, offset ").append(offsetNanos)
                .append(" ns, freq ").append(Math.round(frequencyPpm * 1000) / 1000.0).append(" ppm, tai ").append(taiOffsetSeconds)
                .append(" s, leap ").append(leap().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .append(" (state ").append(stateName(state)).append(", status 0x").append(Integer.toHexString(statusBits)).append(')')
                .toString();
    }

    private static String stateName(int state) {
        switch (state) {
            case TIME_OK: return "TIME_OK";
            case TIME_INS: return "TIME_INS";
            case TIME_DEL: return "TIME_DEL";
            case TIME_OOP: return "TIME_OOP";
            case TIME_WAIT: return "TIME_WAIT";
            case TIME_ERROR: return "TIME_ERROR";
            default: return Integer.toString(state);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClockStatus)) {
            return false;
        }
        ClockStatus c = (ClockStatus) o;
        return known == c.known && state == c.state && statusBits == c.statusBits && offsetNanos == c.offsetNanos
                && Double.compare(frequencyPpm, c.frequencyPpm) == 0 && maxErrorMicros == c.maxErrorMicros
                && estimatedErrorMicros == c.estimatedErrorMicros && taiOffsetSeconds == c.taiOffsetSeconds
                && readAtEpochNanos == c.readAtEpochNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(known, state, statusBits, offsetNanos, frequencyPpm, maxErrorMicros, estimatedErrorMicros, taiOffsetSeconds,
                readAtEpochNanos);
    }
}
