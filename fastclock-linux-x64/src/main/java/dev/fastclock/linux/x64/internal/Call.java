package dev.fastclock.linux.x64.internal;

import dev.fastclock.spi.Reader;
import dev.fastclock.spi.TickReader;

import java.lang.invoke.MethodHandle;

/**
 * How one method is served: a handle of the hot shape ({@code long f(long arg, long target)}), its
 * arguments, what to do with the result, and the JDK answer for a call that fails; or, with no
 * handle, the JDK answer itself. The plan's {@link Reader} (and, for ticks, its {@link TickReader}).
 *
 * <p>A record, so that once FastClock holds it as a constant every component is a constant to the
 * JIT: the handle inlines and the {@code switch}es on the int codes fold away (int codes rather than
 * enums: a switch on an enum reads a lookup array the JIT does not fold).
 *
 * @param handle   the handle, or null for the JDK route
 * @param arg      the first argument (a clock id; ignored by most)
 * @param target   the second argument: the proven function a stub calls (ignored by direct calls)
 * @param post     one of the {@code POST_} codes: what the result means
 * @param jdk      the catalogue's JDK answer: the answer when there is no handle or the call failed
 * @param nodeOfCpu for {@link #NODE_OF_CPU}: the kernel's CPU-to-node table, -1 for a CPU it does not know
 * @param fallback for {@link #NODE_OF_CPU}: the call that answers a CPU the table does not know
 * @param tsc      for {@link #TICKS}: the calibrator that converts ticks and is told of each reading
 */
record Call(MethodHandle handle, long arg, long target, int post, Reader jdk, int[] nodeOfCpu, Call fallback, TscCalibrator tsc)
        implements TickReader {

    /** The value as it is; {@link Stubs#FAILED} is a failure. */
    static final int RAW = 0;
    /** Nanoseconds to milliseconds. */
    static final int NS_TO_MS = 1;
    /** Microseconds to milliseconds. */
    static final int US_TO_MS = 2;
    /** {@code time()}: negative is a failure. */
    static final int SECONDS = 3;
    /** {@code clock_getres}: not positive is a failure. */
    static final int POSITIVE = 4;
    /** The CPU from a {@link Stubs.Shape#GETCPU} result. */
    static final int CPU_OF_PACKED = 5;
    /** The node from a {@link Stubs.Shape#GETCPU} result. */
    static final int NODE_OF_PACKED = 6;
    /**
     * An {@code int} result, read from the low half of the register, where negative is a failure
     * ({@code sched_getcpu} called through the {@code long} shape: the upper half is undefined).
     */
    static final int NON_NEGATIVE_INT = 7;
    /** {@code sched_getcpu}'s CPU looked up in {@link #nodeOfCpu()}, else {@link #fallback()}. */
    static final int NODE_OF_CPU = 8;
    /** A time-stamp counter reading: every value is one. */
    static final int TICKS = 9;

    /** A call that converts no ticks. */
    Call(MethodHandle handle, long arg, long target, int post, Reader jdk, int[] nodeOfCpu, Call fallback) {
        this(handle, arg, target, post, jdk, nodeOfCpu, fallback, null);
    }

    /** A call with no native part: the JDK answers. */
    static Call jdk(Reader jdk) {
        return new Call(null, 0, 0, RAW, jdk, null, null, null);
    }

    /** This call with {@code calibrator} told of each reading. */
    Call withCalibrator(TscCalibrator calibrator) {
        return new Call(handle, arg, target, post, jdk, nodeOfCpu, fallback, calibrator);
    }

    /** A tick count in nanoseconds: the calibrator's, or the identity where ticks are nanoseconds. */
    @Override
    public long toNanos(long ticks) {
        return tsc == null ? ticks : tsc.ticksToNanos(ticks);
    }

    /** The rate of the ticks this call reads. */
    @Override
    public long perSecond() {
        return tsc == null ? 1_000_000_000L : tsc.ticksPerSecond();
    }

    /** Whether this is the JDK route. */
    boolean isJdk() {
        return handle == null;
    }

    /**
     * The value, calling with {@code a} as the first argument where the method takes one (the clock of
     * {@code resolutionNanos}) and with {@link #arg()} otherwise: never a failure sentinel (a failed time
     * call is answered by the JDK, a failed CPU or node call by -1, "unknown").
     */
    @Override
    public long read(long a) {
        long x = post == POSITIVE ? a : arg;
        if (handle == null) {
            return jdk.read(a);
        }
        long v = raw(x);
        return v == Stubs.FAILED ? jdk.read(a) : v;
    }

    /**
     * The converted value with failures kept: {@link Stubs#FAILED} for a failed time call, -1 for a
     * failed CPU or node call. What the sanity rules judge, so a route that errs is passed over.
     */
    long raw(long a) {
        if (handle == null) {
            return jdk.read(a);
        }
        long v;
        try {
            v = (long) handle.invokeExact(a, target);
        } catch (Throwable t) {
            // Downcalls to the vDSO, libc and our stubs do not throw; anything here is a bug worth seeing.
            if (t instanceof Error e) {
                throw e;
            }
            throw t instanceof RuntimeException r ? r : new IllegalStateException(t);
        }
        return switch (post) {
            case NS_TO_MS -> v == Stubs.FAILED ? v : v / 1_000_000L;
            case US_TO_MS -> v == Stubs.FAILED ? v : v / 1_000L;
            case SECONDS, POSITIVE -> v < 0 || (post == POSITIVE && v == 0) ? Stubs.FAILED : v;
            case CPU_OF_PACKED -> v == -1L ? -1L : v & 0xffff_ffffL;
            case NODE_OF_PACKED -> v == -1L ? -1L : v >>> 32;
            case NON_NEGATIVE_INT -> (int) v < 0 ? -1L : (int) v;
            case NODE_OF_CPU -> node((int) v);
            // One compare. When a recalibration is due it runs first and the counter is read again
            // after it, so the reading is the time of return, not of a moment before a stall.
            case TICKS -> tsc == null || !tsc.due(v) ? v : recalibrateThenRead(v, a);
            default -> v;
        };
    }

    private long recalibrateThenRead(long reading, long a) {
        tsc.observe(reading);
        try {
            return (long) handle.invokeExact(a, target);
        } catch (Throwable t) {
            if (t instanceof Error e) {
                throw e;
            }
            throw t instanceof RuntimeException r ? r : new IllegalStateException(t);
        }
    }

    private long node(int cpu) {
        int[] table = nodeOfCpu;
        int node = cpu >= 0 && cpu < table.length ? table[cpu] : -1;
        return node >= 0 ? node : fallback.read(0);
    }

    @Override
    public String toString() {
        return "Call[" + (handle == null ? jdk : "post " + post + ", arg " + arg + ", target 0x" + Long.toHexString(target)) + "]";
    }
}
