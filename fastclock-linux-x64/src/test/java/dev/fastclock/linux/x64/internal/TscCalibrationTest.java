package dev.fastclock.linux.x64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The fixed-point conversion, checked against exact arithmetic. */
class TscCalibrationTest {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    /** A Julian year in seconds. */
    private static final long YEAR_SECONDS = 31_557_600L;

    /** d * mult / 2^56 rounded to nearest, halves away from zero, exactly; null when it does not fit in a long. */
    private static Long exact(TscCalibration c, long d) {
        BigInteger p = BigInteger.valueOf(d).multiply(BigInteger.valueOf(c.mult()));
        BigInteger q = p.abs().add(BigInteger.ONE.shiftLeft(TscCalibration.SHIFT - 1)).shiftRight(TscCalibration.SHIFT);
        BigInteger r = p.signum() < 0 ? q.negate() : q;
        return r.compareTo(LONG_MIN) >= 0 && r.compareTo(LONG_MAX) <= 0 ? r.longValue() : null;
    }

    private static final long[] RATES = {
        TscCalibration.MIN_TICKS_PER_SECOND, 100_000_000L, 999_999_999L, 1_000_000_000L, 1_000_000_001L,
        2_095_990_123L, 2_100_000_000L, 3_000_000_000L, 10_000_000_000L, TscCalibration.MAX_TICKS_PER_SECOND};

    @Test
    void exactForEveryDifferenceThatFits() {
        SplittableRandom r = new SplittableRandom(1);
        int checked = 0;
        for (int i = 0; i < 400; i++) {
            long rate = i < RATES.length ? RATES[i]
                    : (long) Math.exp(r.nextDouble(Math.log(TscCalibration.MIN_TICKS_PER_SECOND), Math.log(TscCalibration.MAX_TICKS_PER_SECOND)));
            // Listed rates exactly; random ones as measured over an odd interval.
            TscCalibration c = i < RATES.length || i % 2 == 0 ? TscCalibration.ofTicksPerSecond(rate)
                    : TscCalibration.measured((long) (rate * 0.999_999_937), 999_999_937L, 1);
            for (int j = 0; j < 500; j++) {
                long d = r.nextLong() >> r.nextInt(64); // every magnitude, both signs
                Long want = exact(c, d);
                if (want != null) {
                    assertEquals(want.longValue(), c.ticksToNanos(d), c + ", d " + d);
                    checked++;
                }
            }
            for (long d : new long[] {0, 1, -1, 2, -2, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1}) {
                Long want = exact(c, d);
                if (want != null) {
                    assertEquals(want.longValue(), c.ticksToNanos(d), c + ", d " + d);
                }
            }
        }
        assertTrue(checked > 150_000, "checked " + checked);
    }

    @Test
    void aYearAtEveryRateNeitherOverflowsNorDrifts() {
        for (long rate : new long[] {100_000_000L, 1_000_000_000L, 2_100_000_000L, 3_000_000_000L, 10_000_000_000L}) {
            TscCalibration c = TscCalibration.ofTicksPerSecond(rate);
            for (int years = 1; years <= 10; years++) {
                long d = Math.multiplyExact(rate, YEAR_SECONDS * years);
                long want = YEAR_SECONDS * years * 1_000_000_000L;
                long got = c.ticksToNanos(d);
                // The factor's rounding is under 1e-15 of the result; the result's under 0.5 ns.
                assertTrue(Math.abs(got - want) <= want * 1e-15 + 0.5, rate + " Hz, " + years + " years: " + got + " vs " + want);
                assertEquals(-got, c.ticksToNanos(-d));
            }
        }
    }

    @Test
    void theLongExtremesAreExactFrom1GHz() {
        for (long rate : new long[] {1_000_000_000L, 2_100_000_000L, 3_000_000_000L, TscCalibration.MAX_TICKS_PER_SECOND}) {
            TscCalibration c = TscCalibration.ofTicksPerSecond(rate);
            assertEquals(exact(c, Long.MAX_VALUE), c.ticksToNanos(Long.MAX_VALUE), c.toString());
            assertEquals(exact(c, Long.MIN_VALUE), c.ticksToNanos(Long.MIN_VALUE), c.toString());
        }
        // At 1 GHz, Long.MIN_VALUE ticks are exactly Long.MIN_VALUE ns.
        assertEquals(Long.MIN_VALUE, TscCalibration.ofTicksPerSecond(1_000_000_000L).ticksToNanos(Long.MIN_VALUE));
        // At and below 1 GHz the extremes stand for more than 292 years: out of the domain, as documented...
        TscCalibration slow = TscCalibration.ofTicksPerSecond(100_000_000L);
        assertEquals(null, exact(slow, Long.MAX_VALUE));
        // ...while the largest difference whose result fits is still exact.
        long edge = LONG_MAX.shiftLeft(TscCalibration.SHIFT).divide(BigInteger.valueOf(slow.mult())).longValueExact();
        assertEquals(exact(slow, edge), slow.ticksToNanos(edge));
        assertEquals(exact(slow, -edge), slow.ticksToNanos(-edge));
    }

    @Test
    void zeroOddAndMonotonic() {
        SplittableRandom r = new SplittableRandom(2);
        for (long rate : RATES) {
            TscCalibration c = TscCalibration.ofTicksPerSecond(rate);
            assertEquals(0, c.ticksToNanos(0));
            long[] ds = new long[2_000];
            for (int i = 0; i < ds.length; i++) {
                ds[i] = (r.nextLong() >> r.nextInt(20, 64)); // within the domain at every rate
            }
            ds[0] = 1;
            ds[1] = -1;
            Arrays.sort(ds);
            long prev = Long.MIN_VALUE;
            for (long d : ds) {
                long n = c.ticksToNanos(d);
                assertEquals(-n, c.ticksToNanos(-d), "odd at " + d);
                assertTrue(n >= prev, "monotonic at " + d + ": " + n + " < " + prev);
                assertTrue(Math.signum(n) == Math.signum(d) || n == 0, "sign at " + d);
                prev = n;
            }
        }
    }

    @Test
    void smallCountsRoundToNearest() {
        TscCalibration ghz3 = TscCalibration.ofTicksPerSecond(3_000_000_000L);
        assertEquals(10, TscCalibration.ofTicksPerSecond(100_000_000L).ticksToNanos(1));
        assertEquals(0, ghz3.ticksToNanos(1)); // 0.33 ns
        assertEquals(1, ghz3.ticksToNanos(2)); // 0.67 ns
        assertEquals(-1, ghz3.ticksToNanos(-2));
        assertEquals(1, ghz3.ticksToNanos(3)); // the factor is a hair under 1/3: rounding, not truncation
        assertEquals(-1, ghz3.ticksToNanos(-3));
        assertEquals(1_000_000_000L, ghz3.ticksToNanos(3_000_000_000L));
        assertEquals(1_000_000_000L, TscCalibration.ofTicksPerSecond(2_100_000_000L).ticksToNanos(2_100_000_000L));
        assertEquals(3, TscCalibration.ofTicksPerSecond(400_000_000L).ticksToNanos(1)); // 2.5 ns: halves away from zero
        assertEquals(-3, TscCalibration.ofTicksPerSecond(400_000_000L).ticksToNanos(-1));
    }

    @Test
    void ticksPerSecondIsTheRateOfTheFactor() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 2_000; i++) {
            long ticks = r.nextLong(1_000_000L, 1L << 40);
            long nanos = r.nextLong(1_000_000L, 1L << 40);
            if (!TscCalibration.isSaneRate(ticks, nanos)) {
                continue;
            }
            TscCalibration c = TscCalibration.measured(ticks, nanos, 1);
            long tps = c.ticksPerSecond();
            // Exactly 1e9 * 2^56 / mult, rounded to nearest.
            BigDecimal want = new BigDecimal(BigInteger.valueOf(1_000_000_000L).shiftLeft(TscCalibration.SHIFT))
                    .divide(BigDecimal.valueOf(c.mult()), 0, RoundingMode.HALF_UP);
            assertEquals(want.longValueExact(), tps, c.toString());
            // Consistent with the conversion: one second's worth of ticks is a second, to half a tick + 1 ns.
            assertTrue(Math.abs(c.ticksToNanos(tps) - 1_000_000_000L) <= c.nanosPerTick() / 2 + 0.5, c + " tps " + tps);
            // And it is the measured rate, to rounding.
            double rate = ticks * 1e9 / nanos;
            assertTrue(Math.abs(tps - rate) <= 0.5 + rate * 1e-12, c + ": " + tps + " vs " + rate);
        }
        for (long rate : RATES) {
            assertEquals(rate, TscCalibration.ofTicksPerSecond(rate).ticksPerSecond());
        }
    }

    @Test
    void theFactorIsTheRoundedExactQuotient() {
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 2_000; i++) {
            long ticks = r.nextLong(1L, Long.MAX_VALUE);
            long nanos = r.nextLong(1L, Long.MAX_VALUE);
            if (!TscCalibration.isSaneRate(ticks, nanos)) {
                nanos = Math.max(1, ticks / 2); // 2 GHz
            }
            BigDecimal q = new BigDecimal(BigInteger.valueOf(nanos).shiftLeft(TscCalibration.SHIFT))
                    .divide(BigDecimal.valueOf(ticks), 0, RoundingMode.HALF_UP);
            assertEquals(q.longValueExact(), TscCalibration.measured(ticks, nanos, 0).mult(), ticks + " / " + nanos);
        }
    }

    @Test
    void ratesOutsideTheRangeAreRefused() {
        assertEquals(TscCalibration.MIN_TICKS_PER_SECOND, TscCalibration.ofTicksPerSecond(TscCalibration.MIN_TICKS_PER_SECOND).ticksPerSecond());
        assertEquals(TscCalibration.MAX_TICKS_PER_SECOND, TscCalibration.ofTicksPerSecond(TscCalibration.MAX_TICKS_PER_SECOND).ticksPerSecond());
        assertThrows(IllegalArgumentException.class, () -> TscCalibration.ofTicksPerSecond(TscCalibration.MIN_TICKS_PER_SECOND - 1));
        assertThrows(IllegalArgumentException.class, () -> TscCalibration.ofTicksPerSecond(TscCalibration.MAX_TICKS_PER_SECOND + 1));
        assertThrows(IllegalArgumentException.class, () -> TscCalibration.measured(0, 1_000, 1));
        assertThrows(IllegalArgumentException.class, () -> TscCalibration.measured(1_000, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> TscCalibration.measured(-5, 1_000, 1));
        assertThrows(IllegalArgumentException.class, () -> TscCalibration.measured(1_000, -5, 1));
        assertTrue(TscCalibration.isSaneRate(Long.MAX_VALUE, Long.MAX_VALUE / 3)); // 3 GHz, no overflow
        assertTrue(!TscCalibration.isSaneRate(Long.MAX_VALUE, 1));
    }

    @Test
    void threeSignificantDigitsWithoutTheFormatter() {
        String[][] cases = {{"0.0124", "0.01237"}, {"50.3", "50.29"}, {"100", "99.96"}, {"10.0", "9.996"}, {"0.000445", "0.000445"},
            {"0", "0"}, {"12346", "12345.6"}, {"1.00", "1"}, {"0.100", "0.1"}};
        for (String[] c : cases) {
            assertEquals(c[0], TscCalibration.significant3(Double.parseDouble(c[1])), c[1]);
        }
    }

    @Test
    void theExactDivisionAgreesWithBigInteger() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            long d = r.nextLong(1, Long.MAX_VALUE) >>> r.nextInt(0, 62);
            long n = r.nextLong(1, Long.MAX_VALUE) >>> r.nextInt(0, 63);
            d = Math.max(d, 1);
            n = Math.max(n, 1);
            BigInteger[] qr = BigInteger.valueOf(n).shiftLeft(TscCalibration.SHIFT).divideAndRemainder(BigInteger.valueOf(d));
            BigInteger want = qr[0].add(qr[1].shiftLeft(1).compareTo(BigInteger.valueOf(d)) >= 0 ? BigInteger.ONE : BigInteger.ZERO);
            if (want.bitLength() <= 63) {
                assertEquals(want.longValueExact(), TscCalibration.roundedQuotient(n, d), n + " / " + d);
            } else {
                long nn = n;
                long dd = d;
                assertThrows(ArithmeticException.class, () -> TscCalibration.roundedQuotient(nn, dd), n + " / " + d);
            }
        }
    }

    @Test
    void reportsRateBoundAndSpan() {
        TscCalibration c = TscCalibration.measured(2_095_990_123L * 4, 4_000_000_000L, 0.0123);
        assertEquals("2095.990123 MHz \u00b10.0123 ppm over 4.0 s of CLOCK_MONOTONIC_RAW", c.toString());
        assertEquals(4_000_000_000L, c.spanNanos());
        assertEquals(0.0123, c.uncertaintyPpm());
        assertEquals(1 / 2.095990123, c.nanosPerTick(), 1e-15);
        assertEquals("3000.000000 MHz \u00b10 ppm over 1.0 s of CLOCK_MONOTONIC_RAW", TscCalibration.ofTicksPerSecond(3_000_000_000L).toString());
        assertEquals("100000.000000 MHz \u00b1123 ppm over 12.3 \u00b5s of CLOCK_MONOTONIC_RAW",
                TscCalibration.measured(1_234_500, 12_345, 123.4).toString());
        assertEquals("2100.000000 MHz \u00b150.0 ppm over 1.0 ms of CLOCK_MONOTONIC_RAW", TscCalibration.measured(2_100_000, 1_000_000, 50).toString());
    }
}
