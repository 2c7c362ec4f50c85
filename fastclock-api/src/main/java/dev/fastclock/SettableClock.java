package dev.fastclock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A clock that moves only when told to, for tests.
 *
 * <p>Use it two ways:
 * <ul>
 *   <li>injected: code that takes a {@link TimeSource} (or the {@link java.time.Clock} from
 *       {@link #asClock()}) gets a {@code SettableClock} in its tests;</li>
 *   <li>installed: run the test JVM with {@code -Dfastclock.provider=settable} and the static
 *       {@link FastClock} and {@link CpuLocator} methods read
 *       {@link #installed()}.</li>
 * </ul>
 *
 * <p>It keeps two readings, like the kernel: a monotonic one ({@link #nanos()}) and a wall-clock one
 * ({@link #epochNanos()}). {@link #advance(Duration)} moves both; {@link #setEpochNanos(long)} moves
 * only the wall clock, as setting the system time does. The coarse clocks read the same values as
 * the fine ones; {@link #bootNanos()} and {@link #rawNanos()} read the monotonic reading (as if the
 * system were never suspended and NTP never slewed), {@link #taiNanos()} the wall-clock one (a TAI
 * offset of 0), and the ticks are the monotonic nanoseconds (one tick, one nanosecond), so code that
 * measures in ticks can be driven by {@link #advance(Duration)}. It starts at monotonic 0, the epoch instant 1970-01-01T00:00:00Z and CPU unknown
 * (-1). Reads and writes are thread-safe; a read that races {@link #advance(Duration)} may see the
 * monotonic and wall-clock readings of different moments.
 */
public final class SettableClock implements TimeSource, CpuSource {

    /** The one that {@code -Dfastclock.provider=settable} installs; made at its first use. */
    private static final class Installed {
        static final SettableClock CLOCK = new SettableClock();
    }

    private volatile long nanos;
    private volatile long epochNanos;
    private volatile int cpu = -1;
    private volatile int node = -1;
    private volatile ClockStatus status;

    /** A clock at monotonic 0 and the Unix epoch, with the CPU unknown. */
    public SettableClock() {
    }

    /**
     * A clock at the given readings, with the CPU unknown.
     *
     * @param nanos      the monotonic reading
     * @param epochNanos the wall-clock reading, nanoseconds since the Unix epoch
     */
    public SettableClock(long nanos, long epochNanos) {
        this.nanos = nanos;
        this.epochNanos = epochNanos;
    }

    /**
     * The process-wide clock that the static {@link FastClock} and {@link CpuLocator} methods read when
     * the JVM runs with {@code -Dfastclock.provider=settable}; the same instance before first use, so a
     * test can set it up first.
     *
     * @return the installed settable clock
     */
    public static SettableClock installed() {
        return Installed.CLOCK;
    }

    /**
     * Moves both readings forward.
     *
     * @param nanos how far, at least 0 (a monotonic clock never goes back)
     * @return this clock
     * @throws IllegalArgumentException if {@code nanos} is negative
     * @throws ArithmeticException if either reading would overflow; neither then moves
     */
    public synchronized SettableClock advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a monotonic clock cannot go back: advance(" + nanos + ")");
        }
        // Both sums first: an overflow must leave both readings as they were.
        long newNanos = Math.addExact(this.nanos, nanos);
        long newEpochNanos = Math.addExact(this.epochNanos, nanos);
        this.nanos = newNanos;
        this.epochNanos = newEpochNanos;
        return this;
    }

    /**
     * Moves both readings forward.
     *
     * @param amount how far, not negative
     * @return this clock
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws ArithmeticException if {@code amount} does not fit in a {@code long} of nanoseconds
     */
    public SettableClock advance(Duration amount) {
        return advance(amount.toNanos());
    }

    /**
     * Sets the monotonic reading, as it would be after a reboot; tests that need it only.
     *
     * @param nanos the new monotonic reading
     * @return this clock
     */
    public synchronized SettableClock setNanos(long nanos) {
        this.nanos = nanos;
        return this;
    }

    /**
     * Sets the wall-clock reading only, as setting the system time does (it may go back).
     *
     * @param epochNanos nanoseconds since the Unix epoch
     * @return this clock
     */
    public synchronized SettableClock setEpochNanos(long epochNanos) {
        this.epochNanos = epochNanos;
        return this;
    }

    /**
     * Sets the wall-clock reading only.
     *
     * @param instant the new time
     * @return this clock
     * @throws ArithmeticException if the instant does not fit in a {@code long} of epoch nanoseconds
     */
    public SettableClock setEpoch(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return setEpochNanos(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano()));
    }

    /**
     * Sets what {@link #cpu()} and {@link #node()} answer; -1 for unknown.
     *
     * @param cpu  the CPU, at least -1
     * @param node the NUMA node, at least -1
     * @return this clock
     * @throws IllegalArgumentException if either is below -1
     */
    public synchronized SettableClock setCpu(int cpu, int node) {
        if (cpu < -1 || node < -1) {
            throw new IllegalArgumentException("cpu and node are -1 (unknown) or more: " + cpu + ", " + node);
        }
        this.cpu = cpu;
        this.node = node;
        return this;
    }

    /**
     * Sets what {@link #clockStatus()} (and, installed, {@link FastClock#clockStatus()}) answers, so a test
     * can see how its code reacts to a clock that is not synchronized, too far off, or about to insert a
     * leap second: build it with {@link ClockStatus#of}. Its {@link ClockStatus#readAtEpochNanos()} is
     * replaced by this clock's {@link #epochNanos()} at each read.
     *
     * @param status the status, or null for unknown (the default)
     * @return this clock
     */
    public SettableClock setClockStatus(ClockStatus status) {
        this.status = status;
        return this;
    }

    /** The status set with {@link #setClockStatus(ClockStatus)}, read at this clock's time; unknown until one is set. */
    @Override
    public ClockStatus clockStatus() {
        ClockStatus s = status;
        long now = epochNanos();
        return s == null || !s.known() ? ClockStatus.unknown(now)
                : ClockStatus.of(s.state(), s.statusBits(), s.offsetNanos(), s.frequencyPpm(), s.maxErrorMicros(), s.estimatedErrorMicros(),
                        s.taiOffsetSeconds(), now);
    }

    /**
     * A {@link java.time.Clock} in UTC that reads this clock's wall-clock time.
     *
     * @return the view
     */
    public java.time.Clock asClock() {
        return TimeSourceClock.of(this);
    }

    @Override
    public long nanos() {
        return nanos;
    }

    @Override
    public long coarseNanos() {
        return nanos;
    }

    @Override
    public long epochNanos() {
        return epochNanos;
    }

    @Override
    public long epochMicros() {
        return Math.floorDiv(epochNanos, 1_000L);
    }

    @Override
    public long epochMillis() {
        return Math.floorDiv(epochNanos, 1_000_000L);
    }

    @Override
    public long coarseEpochMillis() {
        return epochMillis();
    }

    @Override
    public long epochSeconds() {
        return Math.floorDiv(epochNanos, 1_000_000_000L);
    }

    /** Returns 1: a settable clock moves in steps of any size. */
    @Override
    public long resolutionNanos(ClockId clock) {
        Objects.requireNonNull(clock, "clock");
        return 1;
    }

    @Override
    public int cpu() {
        return cpu;
    }

    @Override
    public int node() {
        return node;
    }

    @Override
    public boolean isSupported() {
        return cpu >= 0;
    }

    @Override
    public String toString() {
        return "SettableClock[nanos=" + nanos + ", epochNanos=" + epochNanos + ", cpu=" + cpu + ", node=" + node + "]";
    }
}
