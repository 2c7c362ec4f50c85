package dev.fastclock.linux.x64.internal;

/**
 * One measured rate of the time-stamp counter against {@code CLOCK_MONOTONIC_RAW}, as the fixed-point
 * factor that {@link #ticksToNanos} multiplies by: nanoseconds = ticks &times; {@link #mult()} /
 * 2<sup>{@value #SHIFT}</sup>.
 *
 * <p><b>Why this shape.</b> A 64 &times; 64 &rarr; 128-bit product ({@link Math#unsignedMultiplyHigh} for
 * the high word, a plain multiply for the low one) cannot overflow for any 63-bit difference, so the
 * conversion is exact to the rounding for every difference whose result fits in a {@code long}
 * (&plusmn;292 years), at every rate from {@value #MIN_TICKS_PER_SECOND} to {@value #MAX_TICKS_PER_SECOND}
 * ticks per second, with no division, branch or allocation. The shift is a constant, so the JIT folds it;
 * at 2<sup>{@value #SHIFT}</sup> the factor keeps at least 49 significant bits at 100 GHz (a quantisation
 * below 10<sup>-15</sup>, a few nanoseconds over a year) and still fits in 63 bits at 10 MHz.
 *
 * <p>Instances are immutable, so a calibration published through a {@code volatile} field (as
 * {@link TscCalibrator} does) is always seen whole: the factor and the rate derived from it never
 * disagree. Thread-safe. Built with exact 64-bit integer arithmetic only, because it is built on a first
 * call: a cold JVM here spends 1-2 ms on a first {@code BigInteger} and 40-75 ms on a first
 * {@code Formatter}.
 */
public final class TscCalibration {

    /** The binary point of {@link #mult()}: nanoseconds per tick &times; 2<sup>56</sup>. */
    public static final int SHIFT = 56;
    /** The slowest counter accepted (10 MHz): slower is taken for a broken reading, not a rate. */
    public static final long MIN_TICKS_PER_SECOND = 10_000_000L;
    /** The fastest counter accepted (100 GHz): faster is taken for a broken reading, not a rate. */
    public static final long MAX_TICKS_PER_SECOND = 100_000_000_000L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long mult;
    private final long ticksPerSecond;
    private final double uncertaintyPpm;
    private final long spanNanos;

    private TscCalibration(long mult, double uncertaintyPpm, long spanNanos) {
        this.mult = mult;
        this.uncertaintyPpm = uncertaintyPpm;
        this.spanNanos = spanNanos;
        this.ticksPerSecond = rateOfFactor();
    }

    /**
     * The calibration for {@code ticks} counted over {@code nanos} nanoseconds: the factor is
     * {@code nanos * 2^56 / ticks} rounded to nearest, exactly (no floating point).
     *
     * @param ticks          counter ticks elapsed, positive
     * @param nanos          reference nanoseconds over the same interval, positive
     * @param uncertaintyPpm a bound on the rate's relative error, in parts per million (informative)
     * @return the calibration
     * @throws IllegalArgumentException if either is not positive, or the rate is outside
     *                                  [{@value #MIN_TICKS_PER_SECOND}, {@value #MAX_TICKS_PER_SECOND}] per second
     */
    public static TscCalibration measured(long ticks, long nanos, double uncertaintyPpm) {
        if (ticks <= 0 || nanos <= 0) {
            throw new IllegalArgumentException("ticks " + ticks + " over " + nanos + " ns");
        }
        if (!isSaneRate(ticks, nanos)) {
            throw new IllegalArgumentException(ticks + " ticks over " + nanos + " ns is outside [" + MIN_TICKS_PER_SECOND + ", "
                    + MAX_TICKS_PER_SECOND + "] ticks per second");
        }
        return new TscCalibration(roundedQuotient(nanos, ticks), uncertaintyPpm, nanos);
    }

    /**
     * The calibration for a counter known to tick exactly {@code ticksPerSecond} times a second (tests,
     * and a future reading of the frequency the CPU reports).
     *
     * @param ticksPerSecond the rate, in [{@value #MIN_TICKS_PER_SECOND}, {@value #MAX_TICKS_PER_SECOND}]
     * @return the calibration, with uncertainty 0 and a span of one second
     * @throws IllegalArgumentException if the rate is outside that range
     */
    public static TscCalibration ofTicksPerSecond(long ticksPerSecond) {
        return measured(ticksPerSecond, NANOS_PER_SECOND, 0);
    }

    /**
     * Whether {@code ticks} over {@code nanos} (both positive) is a rate this class accepts. Exact
     * integer comparison; no overflow.
     */
    static boolean isSaneRate(long ticks, long nanos) {
        // ticks/nanos*1e9 within [MIN, MAX]  <=>  ticks*1e9 >= MIN*nanos and ticks*1e9 <= MAX*nanos, in 128 bits
        return compareProducts(ticks, NANOS_PER_SECOND, MIN_TICKS_PER_SECOND, nanos) >= 0
                && compareProducts(ticks, NANOS_PER_SECOND, MAX_TICKS_PER_SECOND, nanos) <= 0;
    }

    /** Compares a*b with c*d exactly, all four non-negative. */
    private static int compareProducts(long a, long b, long c, long d) {
        int hi = Long.compare(Math.multiplyHigh(a, b), Math.multiplyHigh(c, d));
        return hi != 0 ? hi : Long.compareUnsigned(a * b, c * d);
    }

    /**
     * {@code n * 2^56 / d} rounded to nearest (halves up), exactly, for positive {@code n} and {@code d}
     * whose quotient fits in 63 bits: restoring division of the 120-bit dividend, one bit at a time.
     */
    static long roundedQuotient(long n, long d) {
        long rem = n >>> (64 - SHIFT); // the dividend's high word; below d, since the quotient fits
        long low = n << SHIFT;
        if (Long.compareUnsigned(rem, d) >= 0) {
            throw new ArithmeticException(n + " * 2^" + SHIFT + " / " + d + " does not fit in a long");
        }
        long q = 0;
        for (int i = 63; i >= 0; i--) {
            rem = (rem << 1) | ((low >>> i) & 1); // rem < d < 2^63: no bit lost
            q <<= 1;
            if (Long.compareUnsigned(rem, d) >= 0) {
                rem -= d;
                q |= 1;
            }
        }
        // Round: up when the remainder is at least half the divisor (2 * rem < 2^64 since rem < 2^63).
        q += Long.compareUnsigned(rem << 1, d) >= 0 ? 1 : 0;
        if (q < 0) {
            throw new ArithmeticException(n + " * 2^" + SHIFT + " / " + d + " does not fit in a long");
        }
        return q;
    }

    /**
     * A difference of two counter readings in nanoseconds: exactly {@code ticks * mult() / 2^56} rounded
     * to nearest, halves away from zero.
     *
     * <p>Odd: {@code ticksToNanos(-d) == -ticksToNanos(d)} for every {@code d} except
     * {@code Long.MIN_VALUE}; monotonic: {@code d1 <= d2} implies {@code ticksToNanos(d1) <= ticksToNanos(d2)};
     * {@code ticksToNanos(0) == 0}. Against the rate the factor stands for, the error is at most 0.5 ns;
     * the factor's own rounding adds under 10<sup>-15</sup> of the result (3 ns over a year), far below the
     * rate's {@link #uncertaintyPpm()}. Exact for every difference whose result fits in a {@code long} (292
     * years), which covers every {@code d}, both {@code Long} extremes included, at rates above 1 GHz; at
     * and below 1 GHz a {@code d} near the extremes stands for 292 years or more and its result wraps and
     * is meaningless. No two readings of one boot are that far apart.
     * No division, branch or allocation: a handful of integer instructions.
     *
     * @param ticks a difference of two readings of the counter (not a reading itself)
     * @return that difference in nanoseconds
     */
    public long ticksToNanos(long ticks) {
        long sign = ticks >> 63;                 // 0 or -1
        long abs = (ticks ^ sign) - sign;        // |ticks|; Long.MIN_VALUE stays 2^63 read as unsigned
        long hi = Math.unsignedMultiplyHigh(abs, mult);
        long lo = abs * mult;
        // The 128-bit product's bits 56..119, plus its bit 55 (the fraction's first bit) to round.
        long r = ((hi << (64 - SHIFT)) | (lo >>> SHIFT)) + ((lo >>> (SHIFT - 1)) & 1);
        return (r ^ sign) - sign;
    }

    /**
     * The calibrated rate as a whole number: exactly the rate {@link #mult()} stands for,
     * 10<sup>9</sup> &times; 2<sup>56</sup> / {@code mult()}, rounded to nearest. Derived from the factor,
     * never measured separately, so the two cannot disagree: {@code ticksToNanos(ticksPerSecond())} is
     * within half a tick's nanoseconds plus 0.5 ns of 10<sup>9</sup>, and {@code ofTicksPerSecond(r)} gives
     * back {@code r}.
     */
    public long ticksPerSecond() {
        return ticksPerSecond;
    }

    /** The fixed-point factor: nanoseconds per tick &times; 2<sup>{@value #SHIFT}</sup>; positive. */
    public long mult() {
        return mult;
    }

    /** Nanoseconds per tick, as a double (for reports and comparisons; conversions use {@link #mult()}). */
    public double nanosPerTick() {
        return Math.scalb((double) mult, -SHIFT);
    }

    /**
     * A bound on this rate's relative error against {@code CLOCK_MONOTONIC_RAW} in parts per million,
     * from the width of the reference reads that bracketed the counter reads and the counter's
     * resolution. It holds as long as neither clock stepped during the measurement.
     */
    public double uncertaintyPpm() {
        return uncertaintyPpm;
    }

    /** The reference interval the rate was measured over, in nanoseconds. */
    public long spanNanos() {
        return spanNanos;
    }

    /** For reports: "2095.990123 MHz ±0.0124 ppm over 4.1 s of CLOCK_MONOTONIC_RAW". */
    @Override
    public String toString() {
        // ticksPerSecond is the rate rounded to 1 Hz: exactly the 6 decimals of MHz.
        return ticksPerSecond / 1_000_000 + "." + pad6(ticksPerSecond % 1_000_000) + " MHz \u00b1" + significant3(uncertaintyPpm)
                + " ppm over " + span(spanNanos) + " of CLOCK_MONOTONIC_RAW";
    }

    private static String pad6(long v) {
        String s = Long.toString(v);
        return "000000".substring(s.length()) + s;
    }

    private static String span(long nanos) {
        if (nanos >= NANOS_PER_SECOND) {
            return tenths(nanos, NANOS_PER_SECOND) + " s";
        }
        if (nanos >= 1_000_000L) {
            return tenths(nanos, 1_000_000L) + " ms";
        }
        return tenths(nanos, 1_000L) + " \u00b5s";
    }

    private static String tenths(long v, long unit) {
        long t = (v * 10 + unit / 2) / unit; // v < 2^63 / 10 for any span a process sees
        return t / 10 + "." + t % 10;
    }

    /**
     * A non-negative number to three significant digits ("0.0124", "50.3", "12300"), without the
     * {@code Formatter}: reports are built on a first call.
     */
    static String significant3(double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        int exp = (int) Math.floor(Math.log10(v));
        int decimals = Math.max(0, 2 - exp);
        long scaled = Math.round(v * Math.pow(10, decimals));
        if (scaled >= 1000 && decimals > 0) { // rounding carried into a fourth digit: 9.996 -> 10.0
            decimals--;
            scaled = Math.round(v * Math.pow(10, decimals));
        }
        if (decimals == 0) {
            return Long.toString(scaled);
        }
        String digits = Long.toString(scaled);
        if (digits.length() <= decimals) {
            digits = "0".repeat(decimals - digits.length() + 1) + digits;
        }
        return digits.substring(0, digits.length() - decimals) + "." + digits.substring(digits.length() - decimals);
    }

    private long rateOfFactor() {
        // 1e9 * 2^56 / mult, rounded: the same exact division; mult >= 2^49 > 1e9 / 2^8, so it fits.
        return roundedQuotient(NANOS_PER_SECOND, mult);
    }
}
