package dev.fastclock.linux.x64.internal;

import java.lang.invoke.MethodHandle;

/**
 * How one method is served: a handle of {@link Stubs#STUB}'s shape ({@code long f(long)}), the argument
 * to pass, and what to do with the result; or, with no handle, the JDK.
 *
 * <p>A record, so that inside a constant {@link LinuxBackend} every component is a constant to the
 * JIT: the handle inlines and the {@code switch} on {@code post} folds away. Plain arithmetic here
 * rather than method-handle combinators, which would cost class spinning at start-up.
 *
 * @param stub the handle, or null for the JDK route
 * @param arg  the argument (a clock id, or ignored)
 * @param post one of the {@code POST_} codes
 */
public record Call(MethodHandle stub, int arg, int post) {

    /** The value as it is. */
    public static final int RAW = 0;
    /** Nanoseconds to milliseconds. */
    public static final int NS_TO_MS = 1;
    /** Microseconds to milliseconds. */
    public static final int US_TO_MS = 2;
    /** {@code time()}: negative is a failure. */
    public static final int SECONDS = 3;
    /** The CPU from a {@link Stubs.Shape#GETCPU} result. */
    public static final int CPU_OF_PACKED = 4;
    /** The node from a {@link Stubs.Shape#GETCPU} result. */
    public static final int NODE_OF_PACKED = 5;
    /**
     * An {@code int} result, read from the low half of the register, where negative is a failure
     * ({@code sched_getcpu} called through the {@code long} shape: the upper half is undefined).
     */
    public static final int NON_NEGATIVE_INT = 6;

    /** The JDK route: no native call. */
    static final Call JDK = new Call(null, 0, RAW);

    /** Whether this is the JDK route. */
    public boolean isJdk() {
        return stub == null;
    }

    /** Calls with {@link #arg()}. */
    public long read() {
        return read(arg);
    }

    /**
     * Calls with {@code a}: the value, or {@link Stubs#FAILED} for a failed time call, or -1 for a
     * failed CPU or node call.
     */
    public long read(int a) {
        long v;
        try {
            v = (long) stub.invokeExact((long) a);
        } catch (Throwable t) {
            // Downcalls to the vDSO and our stubs do not throw; anything here is a bug worth seeing.
            if (t instanceof Error e) {
                throw e;
            }
            throw t instanceof RuntimeException r ? r : new IllegalStateException(t);
        }
        return switch (post) {
            case NS_TO_MS -> v == Stubs.FAILED ? v : v / 1_000_000L;
            case US_TO_MS -> v == Stubs.FAILED ? v : v / 1_000L;
            case SECONDS -> v < 0 ? Stubs.FAILED : v;
            case CPU_OF_PACKED -> v == -1L ? -1L : v & 0xffff_ffffL;
            case NODE_OF_PACKED -> v == -1L ? -1L : v >>> 32;
            case NON_NEGATIVE_INT -> (int) v < 0 ? -1L : (int) v;
            default -> v;
        };
    }
}
