package dev.fastclock.linux.x64.internal;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.LongSupplier;

/**
 * Calibrates the time-stamp counter against {@code CLOCK_MONOTONIC_RAW} for {@code ticks()}: a first
 * rate at first use, then better ones as the process ages, published as immutable
 * {@link TscCalibration}s. It needs no thread of its own: the callers of {@code ticks()} do the little
 * work there is, one at a time.
 *
 * <h2>What ticks promise, and what they do not</h2>
 * On the TSC route, {@code ticks()} is the counter itself, and the kernel's trust ({@link TscTrust}) is
 * what the promises rest on:
 * <ul>
 *   <li>Never back on one thread: the kernel verified at boot, and its watchdog keeps verifying, that
 *       the CPUs' counters agree, so a thread that moves to another CPU does not see its count fall.</li>
 *   <li>Across threads, close but not exact: a reading taken after seeing another thread's reading is
 *       never earlier than it by more than 1 &micro;s (issue 10's bound), but two events on two threads
 *       can be ordered wrongly by their readings. To order events across threads exactly, use
 *       {@code nanos()}.</li>
 *   <li>A count, not a time: only differences mean anything, and only through
 *       {@code ticksToNanos}. Readings are not comparable across machines, across reboots, or with
 *       {@code nanos()}, and are not wall time. Across a system suspend a difference is unspecified.</li>
 *   <li>{@code ticksToNanos} converts at the rate measured against {@code CLOCK_MONOTONIC_RAW}: within
 *       100 ppm from the first use, within 1 ppm once the process has run 10 s (more precisely: the
 *       published {@link TscCalibration#uncertaintyPpm()} bounds it). {@code CLOCK_MONOTONIC}, and
 *       so {@code nanos()}, is slewed by NTP (up to 500 ppm), so an interval measured both ways can
 *       differ by NTP's current correction.</li>
 *   <li>The rate can be refined while the process runs, so the same difference converted twice can
 *       differ by the refinement (well under the bounds above).</li>
 * </ul>
 *
 * <h2>How it calibrates, and why</h2>
 * Every measurement is a <em>pair</em>: a reference read, a counter read, a reference read. The counter
 * was read somewhere between the two reference reads, so the pair's midpoint is its reference time to
 * within half the pair's width; a pair that a preemption or an interrupt widened is simply a worse pair,
 * never a wrong one. A rate from two pairs carries a hard bound on its error: the two half-widths over
 * the interval, plus one tick over the tick count.
 * <ol>
 *   <li><b>First use</b> ({@link #start}): the tightest of {@value #ANCHOR_PAIRS} pairs becomes the
 *       anchor. It reads pairs until the rate from the anchor is bounded by {@value #FIRST_MID_PPM} ppm
 *       (the end of a first half), takes the tightest of the next {@value #MID_PAIRS} pairs as the start
 *       of a second, disjoint half, and reads on until the rate from the anchor is bounded by
 *       {@value #FIRST_LIMIT_PPM} ppm: the least time that bound allows, since the bound falls as 1/span.
 *       It accepts when the two halves' rates, and the whole's, agree within their own bounds, so a
 *       counter that jumped (a CPU whose TSC is offset, quanta #61) or a reference that stepped is caught
 *       and the attempt restarted. That takes about 0.5 ms where a pair is 50 ns wide and about 2 ms where it is 180 ns
 *       (a cold JVM here, interpreting the pair reads). It gives up
 *       after {@value #FIRST_BUDGET_NANOS} ns of reference time, after {@value #STUCK_PAIRS} pairs in a
 *       row in which the reference did not advance, or after {@value #FIRST_MAX_PAIRS} pairs, well inside
 *       the 10 ms a first call may be held (quanta spends up to 200 ms here, minstant 10 ms or more per
 *       attempt with no bound on attempts; quanta #16, #63). The first call path loads no
 *       {@code Formatter}, {@code BigInteger}, lambda or regex: each costs a cold JVM milliseconds.</li>
 *   <li><b>Ageing</b>: the rate is re-derived from the same anchor at spans growing
 *       {@value #GROWTH}-fold (about 4 ms, 16 ms, ... 16 s, 64 s), so the bound shrinks as 1/span: a
 *       pair's half-width of ~25 ns gives 0.01 ppm at 4 s. Re-deriving from the anchor rather than
 *       from the previous pair keeps every error from accumulating (the drift of quanta #99). A new rate
 *       is published only if it agrees with the published one within both bounds plus
 *       {@value #DRIFT_PPM} ppm and its bound is smaller.</li>
 *   <li><b>Steady state</b>: once the span reaches {@value #WINDOW_NANOS} ns, the anchor moves to each new
 *       pair and the rate is re-derived every window, so a slow drift between the counter's crystal and
 *       the reference's is followed.</li>
 *   <li><b>Steps</b>: a rate that disagrees with the published one (a suspend, a VM pause, a counter or
 *       reference that jumped) is not published. It is kept as a suspect and the anchor moves to the new
 *       pair, so the next rates are measured after the step. If a later rate from the new anchor agrees
 *       with the published one, the suspect was a step and is dropped; if it agrees with the suspect
 *       instead, the rate itself changed (two disjoint intervals say so) and it is published.</li>
 * </ol>
 *
 * <h2>The hot path</h2>
 * {@link #observe(long)} compares a fresh reading with the tick value of the next recalibration: one
 * load of a {@code volatile} field (a plain load on x86), a subtraction and a well-predicted branch;
 * the recalibration itself is a separate method, so the check inlines.
 * When it is due, one caller wins a compare-and-set on that field and recalibrates ({@value #RECALIBRATION_PAIRS}
 * pairs and two exact divisions: about a microsecond, a dozen times in the first minute and once a
 * window after), publishing a new calibration before it sets the next due value; the others carry on at
 * once with the current calibration. Nothing is allocated except the published calibration.
 *
 * <h2>A failed reference read</h2>
 * The reference supplier returns {@link #FAILED} ({@code Long.MIN_VALUE}) when the native call fails. A
 * pair with a failed or backward reference read is discarded, so a failure can make a calibration
 * later or less precise, never wrong. In {@link #start}, {@value #MAX_FAILED_READS} such pairs end
 * the attempt with a failure that says so, as does a supplier that throws (ticks should then not use the
 * TSC). Later, a recalibration with no usable pair keeps the published calibration and tries again after
 * the next, longer interval (so a reference that stays broken costs a few reads a minute); one whose
 * supplier throws keeps it too and tries again {@value #RESTART_SPAN_NANOS} ns later. Nothing a supplier
 * does reaches the caller of {@link #observe}.
 *
 * <p>Thread-safe. The suppliers must be safe to call from any thread; only one thread at a time calls
 * them after {@link #start} returns.
 */
public final class TscCalibrator {

    /** What the reference supplier returns for a failed read. */
    public static final long FAILED = Long.MIN_VALUE;

    /** Reference time {@link #start} may spend at most (it returns after at most one more pair). */
    static final long FIRST_BUDGET_NANOS = 5_000_000L;
    /** Pairs {@link #start} may read at most: a last resort; time or {@link #STUCK_PAIRS} end it first. */
    static final int FIRST_MAX_PAIRS = 200_000;
    /** Pairs in a row with a reference that did not advance after which {@link #start} gives up. */
    static final int STUCK_PAIRS = 1_000;
    /** The bound of the rate from the anchor at which the first half of the first measurement ends. */
    static final double FIRST_MID_PPM = 200;
    /** Pairs read after the first half; the tightest starts the second. */
    static final int MID_PAIRS = 8;
    /** The bound the first rate must meet: issue 10's "within 100 ppm from the first use". */
    static final double FIRST_LIMIT_PPM = 100;
    /** Pairs lost to a failed (or backward) reference read after which {@link #start} gives up. */
    static final int MAX_FAILED_READS = 64;
    /** Pairs read for the anchor; the tightest is kept. */
    static final int ANCHOR_PAIRS = 32;
    /** Pairs read per recalibration; the tightest is kept. */
    static final int RECALIBRATION_PAIRS = 4;
    /** How much the span grows per recalibration while the anchor is fixed. */
    static final int GROWTH = 4;
    /** The first span after a step (and the least interval between recalibrations). */
    static final long RESTART_SPAN_NANOS = 4_000_000L;
    /** The span at which the anchor starts moving, and the interval from then on. */
    static final long WINDOW_NANOS = 64_000_000_000L;
    /** Disagreement beyond both bounds still taken for the same rate (crystal drift, not a step). */
    static final double DRIFT_PPM = 0.5;
    /** The bound a steady-state window must reach to be published and to move the anchor. */
    static final double WINDOW_ACCEPT_PPM = 0.1;

    /** Added to the due value while a recalibration runs: no reading within 2^62 ticks is due. */
    private static final long CLAIMED = 1L << 62;

    /** An updater rather than a VarHandle: 0.6 ms against 3 ms on a cold JVM here. */
    private static final AtomicLongFieldUpdater<TscCalibrator> NEXT =
            AtomicLongFieldUpdater.newUpdater(TscCalibrator.class, "nextRecalibration");

    private final LongSupplier counter;
    private final LongSupplier reference;
    private final PairReader pairs;

    private volatile TscCalibration current;
    /** The counter value at which a recalibration is due; written through {@link #NEXT} and in {@link #recalibrate}. */
    private volatile long nextRecalibration;

    // Written only by the thread holding the claim; the claim's CAS and the volatile write that releases
    // it order one holder's writes before the next holder's reads.
    private final Pair anchor = new Pair();
    private final Pair scratch = new Pair();
    private final Pair best = new Pair();
    private long targetSpanNanos;
    private boolean windowed;
    private boolean hasSuspect;
    private double suspectNanosPerTick;
    private double suspectPpm;

    // For reports only: written by the claim holder, read racily.
    private volatile int recalibrations;
    private volatile int publications;
    private volatile int steps;
    private volatile int rateChanges;
    private volatile int failedPairs;
    private volatile String lastProblem;

    private TscCalibrator(LongSupplier counter, LongSupplier reference, PairReader pairs, TscCalibration first, Pair anchor) {
        this.counter = counter;
        this.reference = reference;
        this.pairs = pairs;
        this.current = first;
        this.anchor.copyFrom(anchor);
        this.targetSpanNanos = Math.min(first.spanNanos() * GROWTH, WINDOW_NANOS);
        this.nextRecalibration = anchor.tsc + ticksFor(targetSpanNanos, first);
    }

    /**
     * What {@link #start} produced.
     *
     * @param calibrator the calibrator, or empty when no trustworthy first rate could be measured
     * @param detail     the first calibration ({@link TscCalibration#toString()}) or why there is none
     * @param heldNanos  reference time {@link #start} took, or -1 where the reference never answered
     */
    public record Outcome(Optional<TscCalibrator> calibrator, String detail, long heldNanos) {
        public Outcome {
            Objects.requireNonNull(calibrator);
            Objects.requireNonNull(detail);
        }
    }

    /**
     * Measures the first rate (typically about 1 ms; never more than {@value #FIRST_BUDGET_NANOS} ns of
     * reference time plus one pair, or {@value #FIRST_MAX_PAIRS} pairs) and returns a calibrator
     * anchored there, or says why it could not. Never throws for what the suppliers do: a supplier that
     * throws ends the attempt as a failure.
     *
     * <p>Use an ordered counter read ({@code lfence; rdtsc}) for {@code counter} where there is one: the
     * bound assumes the counter is read between the two reference reads around it, and the extra ~8 ns
     * per pair costs calibration nothing that matters.
     *
     * @param counter   reads the counter (the TSC)
     * @param reference reads {@code CLOCK_MONOTONIC_RAW} in nanoseconds, or {@link #FAILED}
     * @return the calibrator, or why there is none
     */
    public static Outcome start(LongSupplier counter, LongSupplier reference) {
        return start(counter, reference, null);
    }

    /**
     * Reads a whole pair (a reference read, a counter read, a reference read) in one go, natively,
     * so that a pair is as narrow as the hardware allows even while the JVM still interprets the
     * caller: through three separate downcalls a cold JVM's pairs are microseconds wide, and a first
     * rate within 100 ppm would need far more than the first call's budget.
     */
    public interface PairReader {
        /**
         * @param out receives the first reference read, the counter, the second reference read
         * @return false if a reference read failed
         */
        boolean read(long[] out);
    }

    /**
     * {@link #start(LongSupplier, LongSupplier)}, reading each pair with {@code pairs} where given.
     *
     * @param counter   reads the counter (the TSC)
     * @param reference reads {@code CLOCK_MONOTONIC_RAW} in nanoseconds, or {@link #FAILED}
     * @param pairs     reads a whole pair at once, or null to read it with the two suppliers
     * @return the calibrator, or why there is none
     */
    public static Outcome start(LongSupplier counter, LongSupplier reference, PairReader pairs) {
        return start(counter, reference, pairs, 1);
    }

    /**
     * {@link #start(LongSupplier, LongSupplier, PairReader)} with the first rate's bounds multiplied by
     * {@code looser}: for a second try on an overloaded machine, where preempted pairs keep the bound
     * from reaching {@value #FIRST_LIMIT_PPM} ppm in the budget. The recalibrations that follow narrow
     * it as usual (the first within a few times the first span).
     *
     * @param counter   reads the counter
     * @param reference reads {@code CLOCK_MONOTONIC_RAW}, or {@link #FAILED}
     * @param pairs     reads a whole pair at once, or null
     * @param looser    1 for the usual bounds, more to accept a wider first bound
     * @return the calibrator, or why there is none
     */
    public static Outcome start(LongSupplier counter, LongSupplier reference, PairReader pairs, double looser) {
        Objects.requireNonNull(counter);
        Objects.requireNonNull(reference);
        First f = new First(counter, reference, pairs);
        f.looser = Math.max(1, looser);
        try {
            return f.run();
        } catch (RuntimeException e) {
            return new Outcome(Optional.empty(), "a clock read threw " + e, f.held());
        }
    }

    /**
     * Hot path: call with each fresh counter reading; returns it unchanged. When the reading has passed
     * the next recalibration point, this caller (or, under contention, exactly one caller) recalibrates
     * before returning, which costs a few reference reads; otherwise it costs a load and a compare.
     *
     * @param reading a counter value just read
     * @return {@code reading}
     */
    public long observe(long reading) {
        if (reading - nextRecalibration >= 0) {
            recalibrate(reading);
        }
        return reading;
    }

    /**
     * Whether {@code reading} has passed the next recalibration point: then {@link #observe} would
     * recalibrate. One load and a compare, for a caller that takes a fresh reading after recalibrating.
     *
     * @param reading a counter value just read
     * @return true if a recalibration is due
     */
    public boolean due(long reading) {
        return reading - nextRecalibration >= 0;
    }

    /** The calibration published last: a plain {@code volatile} read. Never null. */
    public TscCalibration current() {
        return current;
    }

    /** {@code current().ticksToNanos(ticks)}. */
    public long ticksToNanos(long ticks) {
        return current.ticksToNanos(ticks);
    }

    /** {@code current().ticksPerSecond()}. */
    public long ticksPerSecond() {
        return current.ticksPerSecond();
    }

    /** The counter value from which {@link #observe} recalibrates (for tests and reports). */
    long nextRecalibration() {
        return nextRecalibration;
    }

    /**
     * One line for {@code describe()} and Doctor: the published calibration and what the calibrator has
     * done ("2095.990123 MHz ±0.0124 ppm over 4.1 s of CLOCK_MONOTONIC_RAW; 8 recalibrations, 7 published,
     * 0 steps, 0 rate changes, 0 pairs lost to a failed reference read"). Counts are read without locking.
     */
    public String describe() {
        String s = current + "; " + recalibrations + " recalibrations, " + publications + " published, " + steps + " steps, "
                + rateChanges + " rate changes, " + failedPairs + " pairs lost to a failed reference read";
        String p = lastProblem;
        return p == null ? s : s + "; last problem: " + p;
    }

    private void recalibrate(long reading) {
        long due = nextRecalibration;
        if (reading - due < 0 || !NEXT.compareAndSet(this, due, reading + CLAIMED)) {
            return; // another caller holds the claim, or has already moved the due value on
        }
        long next = reading + ticksFor(RESTART_SPAN_NANOS, current); // if what follows throws
        try {
            next = recalibrateClaimed(reading);
        } catch (RuntimeException e) {
            lastProblem = "a clock read threw " + e;
        } finally {
            nextRecalibration = next;
        }
    }

    /** Runs with the claim held; returns the counter value at which the next one is due. */
    private long recalibrateClaimed(long reading) {
        recalibrations++;
        TscCalibration pub = current;
        if (!tightest(RECALIBRATION_PAIRS)) {
            lastProblem = "no usable reference read in a recalibration";
            targetSpanNanos = Math.min(targetSpanNanos * GROWTH, WINDOW_NANOS);
            return reading + ticksFor(targetSpanNanos, pub);
        }
        Pair p = best;
        long dn = p.mid - anchor.mid;
        long dt = p.tsc - anchor.tsc;
        if (dn <= 0 || dt <= 0 || !TscCalibration.isSaneRate(dt, dn)) {
            steps++;
            lastProblem = "a clock went back or jumped (" + dt + " ticks over " + dn + " ns)";
            hasSuspect = false;
            restartAt(p);
            return due(reading, pub);
        }
        double r = (double) dn / dt;
        double b = boundPpm(anchor, p, dn, dt);
        boolean withPublished = agree(r, b, pub.nanosPerTick(), pub.uncertaintyPpm());
        boolean withSuspect = hasSuspect && agree(r, b, suspectNanosPerTick, suspectPpm);
        if (withPublished && !withSuspect) {
            hasSuspect = false; // any suspect was a step, now behind the anchor
            if (windowed ? b <= WINDOW_ACCEPT_PPM : b < pub.uncertaintyPpm()) {
                publish(TscCalibration.measured(dt, dn, b));
            }
            advance(p, dn, b);
        } else if (withPublished) {
            advance(p, dn, b); // agrees with both: not yet precise enough to tell a step from a new rate
        } else if (withSuspect) {
            rateChanges++;
            hasSuspect = false;
            publish(TscCalibration.measured(dt, dn, b));
            advance(p, dn, b);
        } else {
            steps++;
            lastProblem = "a rate " + ppm(Math.abs(r / pub.nanosPerTick() - 1) * 1e6) + " ppm from the published one (its bound "
                    + ppm(b) + " ppm): a step, or a new rate";
            hasSuspect = true;
            suspectNanosPerTick = r;
            suspectPpm = b;
            restartAt(p);
        }
        return due(reading, current);
    }

    /** Moves the schedule on after a rate that was not a step. */
    private void advance(Pair p, long dn, double b) {
        if (windowed) {
            if (b <= WINDOW_ACCEPT_PPM) {
                anchor.copyFrom(p);
                targetSpanNanos = WINDOW_NANOS;
            } else {
                targetSpanNanos = dn + WINDOW_NANOS; // a poor pair: keep the anchor, try a window later
            }
        } else if (dn >= WINDOW_NANOS) {
            windowed = true;
            anchor.copyFrom(p);
            targetSpanNanos = WINDOW_NANOS;
        } else {
            targetSpanNanos = Math.min(Math.max(dn, RESTART_SPAN_NANOS / GROWTH) * GROWTH, WINDOW_NANOS);
        }
    }

    private void restartAt(Pair p) {
        anchor.copyFrom(p);
        windowed = false;
        targetSpanNanos = RESTART_SPAN_NANOS;
    }

    /** The due counter value for the current anchor and target, never at or before {@code reading}. */
    private long due(long reading, TscCalibration c) {
        long next = anchor.tsc + ticksFor(targetSpanNanos, c);
        return next - reading > 0 ? next : reading + ticksFor(RESTART_SPAN_NANOS, c);
    }

    private void publish(TscCalibration c) {
        current = c;
        publications++;
    }

    /** Reads up to {@code n} pairs into {@link #best}, keeping the tightest; false if none was usable. */
    private boolean tightest(int n) {
        boolean any = false;
        for (int i = 0; i < n; i++) {
            if (scratch.read(counter, reference, pairs)) {
                if (!any || scratch.delta < best.delta) {
                    best.copyFrom(scratch);
                }
                any = true;
            } else {
                failedPairs++;
            }
        }
        return any;
    }

    private static long ticksFor(long nanos, TscCalibration c) {
        return Math.max(1, (long) (nanos / c.nanosPerTick()));
    }

    /**
     * The bound on the relative error of the rate from {@code a} to {@code p}, in ppm: both half-widths
     * over the reference interval, plus one tick over the tick count.
     */
    static double boundPpm(Pair a, Pair p, long dn, long dt) {
        return ((double) (a.delta + p.delta) / dn + 1.0 / dt) * 1e6;
    }

    private static String ppm(double v) {
        return TscCalibration.significant3(v);
    }

    /** Whether two rates (nanoseconds per tick) agree within their bounds plus {@link #DRIFT_PPM}. */
    static boolean agree(double r1, double ppm1, double r2, double ppm2) {
        return Math.abs(r1 / r2 - 1) * 1e6 <= ppm1 + ppm2 + DRIFT_PPM;
    }

    /** A reference read, a counter read, a reference read; mutable scratch of one thread. */
    static final class Pair {
        private final long[] buffer = new long[3];
        /** The counter value. */
        long tsc;
        /** The midpoint of the two reference reads. */
        long mid;
        /** Half their distance, rounded up, plus 1 ns for the reference's own truncation. */
        long delta;
        /** The second reference read. */
        long last;

        /** Reads a pair; false (and this unchanged) if a reference read failed or went back. */
        boolean read(LongSupplier counter, LongSupplier reference, PairReader pairs) {
            long a;
            long t;
            long b;
            if (pairs != null) {
                if (!pairs.read(buffer)) {
                    return false;
                }
                a = buffer[0];
                t = buffer[1];
                b = buffer[2];
            } else {
                a = reference.getAsLong();
                t = counter.getAsLong();
                b = reference.getAsLong();
            }
            if (a == FAILED || b == FAILED || b < a) {
                return false;
            }
            long w = b - a;
            tsc = t;
            mid = a + (w >>> 1);
            delta = w - (w >>> 1) + 1;
            last = b;
            return true;
        }

        /** Makes this a copy of {@code o}. */
        void copyFrom(Pair o) {
            tsc = o.tsc;
            mid = o.mid;
            delta = o.delta;
            last = o.last;
        }
    }

    /** One run of the first calibration: its budget and its state. */
    private static final class First {
        private static final int FOUND = 0;
        private static final int RESTART = 1;
        private static final int EXHAUSTED = 2;

        private final LongSupplier counter;
        private final LongSupplier reference;
        private final PairReader reader;
        private double looser = 1;
        private final Pair p = new Pair();
        private int pairs;
        private int failures;
        private int stuck;
        private long firstRaw;
        private long lastRaw;
        private boolean answered;
        private double bestPpm = Double.POSITIVE_INFINITY;
        private String problem;

        First(LongSupplier counter, LongSupplier reference, PairReader pairs) {
            this.counter = counter;
            this.reference = reference;
            this.reader = pairs;
        }

        long held() {
            return answered ? lastRaw - firstRaw : -1;
        }

        Outcome run() {
            Pair a = new Pair();
            Pair m = new Pair();
            Pair m2 = new Pair();
            Pair e = new Pair();
            int attempts = 0;
            while (true) {
                attempts++;
                if (!tightest(a, ANCHOR_PAIRS)) {
                    return failure();
                }
                int s = spin(a, a, FIRST_MID_PPM * looser, 0, m);
                if (s == FOUND) {
                    // The second half spans at least half the first, so that it can catch a jump too.
                    s = tightest(m2, MID_PAIRS) ? spin(a, m2, FIRST_LIMIT_PPM * looser, (m.mid - a.mid) / 2, e) : EXHAUSTED;
                }
                if (s == EXHAUSTED) {
                    return failure();
                }
                if (s == RESTART) {
                    continue;
                }
                long dn1 = m.mid - a.mid;
                long dt1 = m.tsc - a.tsc;
                long dn2 = e.mid - m2.mid;
                long dt2 = e.tsc - m2.tsc;
                double b1 = boundPpm(a, m, dn1, dt1);
                double b2 = boundPpm(m2, e, dn2, dt2);
                double r1 = (double) dn1 / dt1;
                double r2 = (double) dn2 / dt2;
                long dn = e.mid - a.mid;
                long dt = e.tsc - a.tsc;
                double r = (double) dn / dt;
                double b = boundPpm(a, e, dn, dt);
                // The halves against each other catch a jump inside either; the whole against each half, one
                // in the few pairs between them.
                if (!agree(r1, b1, r2, b2) || !agree(r, b, r1, b1) || !agree(r, b, r2, b2)) {
                    problem = "the halves and the whole disagree (" + ppm(Math.abs(r1 / r2 - 1) * 1e6) + " and "
                            + ppm(Math.abs(r / r1 - 1) * 1e6) + " ppm apart, bounds " + ppm(b1) + ", " + ppm(b2) + " and " + ppm(b)
                            + "): a clock jumped";
                    continue;
                }
                if (!TscCalibration.isSaneRate(dt, dn)) {
                    return new Outcome(Optional.empty(), "no trustworthy rate: the counter ran " + dt + " ticks in " + dn
                            + " ns, outside [" + TscCalibration.MIN_TICKS_PER_SECOND + ", " + TscCalibration.MAX_TICKS_PER_SECOND
                            + "] per second", held());
                }
                TscCalibration c = TscCalibration.measured(dt, dn, b);
                String detail = c + (attempts > 1 ? " (attempt " + attempts + "; the one before: " + problem + ")" : "");
                return new Outcome(Optional.of(new TscCalibrator(counter, reference, reader, c, a)), detail, held());
            }
        }

        /** The tightest of {@code n} usable pairs into {@code into}; false when out of budget first. */
        private boolean tightest(Pair into, int n) {
            int got = 0;
            while (got < n) {
                if (exhausted()) {
                    return false;
                }
                if (read()) {
                    if (got == 0 || p.delta < into.delta) {
                        into.copyFrom(p);
                    }
                    got++;
                }
            }
            return true;
        }

        /**
         * Reads pairs until the rate from {@code anchor} is bounded by {@code targetPpm} and the pair is at
         * least {@code minSpan} ns after {@code after}, the pair this spin follows; that pair into
         * {@code out}. RESTART when a clock went back from {@code after}.
         */
        private int spin(Pair anchor, Pair after, double targetPpm, long minSpan, Pair out) {
            while (true) {
                if (exhausted()) {
                    return EXHAUSTED;
                }
                if (!read()) {
                    continue;
                }
                long back = p.mid - after.mid;
                long backTicks = p.tsc - after.tsc;
                if (back < 0 || backTicks < 0) {
                    problem = back < 0 ? "the reference went back by " + -back + " ns" : "the counter went back by " + -backTicks + " ticks";
                    return RESTART;
                }
                long dn = p.mid - anchor.mid;
                long dt = p.tsc - anchor.tsc;
                if (dt == 0) {
                    problem = "the counter did not advance";
                    continue;
                }
                if (dn == 0) {
                    continue; // a working reference advances within a few pairs; STUCK_PAIRS ends a stuck one
                }
                double b = boundPpm(anchor, p, dn, dt);
                bestPpm = Math.min(bestPpm, b);
                if (b <= targetPpm && back >= minSpan && backTicks > 0) {
                    out.copyFrom(p);
                    return FOUND;
                }
            }
        }

        private boolean read() {
            pairs++;
            long before = lastRaw;
            if (!p.read(counter, reference, reader)) {
                failures++;
                return false;
            }
            if (!answered) {
                answered = true;
                firstRaw = p.last;
            } else {
                stuck = p.last == before ? stuck + 1 : 0;
            }
            lastRaw = p.last;
            return true;
        }

        private boolean exhausted() {
            return failures >= MAX_FAILED_READS || stuck >= STUCK_PAIRS || pairs >= FIRST_MAX_PAIRS
                    || (answered && lastRaw - firstRaw >= FIRST_BUDGET_NANOS);
        }

        private Outcome failure() {
            String why;
            if (failures >= MAX_FAILED_READS) {
                why = "the reference read failed or went back in " + failures + " pairs";
            } else if (stuck >= STUCK_PAIRS) {
                why = "the reference did not advance in " + stuck + " pairs in a row";
            } else {
                String budget = pairs >= FIRST_MAX_PAIRS ? FIRST_MAX_PAIRS + " pairs" : FIRST_BUDGET_NANOS / 1_000_000 + " ms";
                why = (problem != null ? problem
                        : Double.isInfinite(bestPpm) ? "no pair after the anchor"
                        : "the rate's bound came down to " + ppm(bestPpm) + " ppm, not " + ppm(FIRST_LIMIT_PPM * looser))
                        + ", and the budget of " + budget + " ran out";
            }
            return new Outcome(Optional.empty(), "no trustworthy rate: " + why, held());
        }
    }
}
