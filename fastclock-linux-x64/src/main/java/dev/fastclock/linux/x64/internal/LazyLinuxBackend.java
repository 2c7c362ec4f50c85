package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import dev.fastclock.spi.FastClockBackend;

/**
 * The provider's default backend: each method is planned at its own first call, in a holder class
 * of its own, so a program pays only for the routes it uses. {@code FastClock.nanos()} (served by
 * the JDK, measured faster) starts no FFM at all; {@code CpuLocator.cpu()} (libc) never reads the
 * vDSO. Measured with fastclock-bench's {@code ColdStart}: see the README's Performance section.
 *
 * <p>Each holder's {@code static final Call} is a constant to the JIT once initialized, so the hot
 * path is the same as {@link LinuxBackend}'s. Class initialization makes each plan run once,
 * thread-safely; {@link Planner.Lazy#call} never throws, so a holder never fails to initialize.
 * One per JVM: the provider creates it once.
 */
public final class LazyLinuxBackend implements FastClockBackend {

    static final Planner.Lazy PLAN = new Planner.Lazy();

    // One holder per method: the JVM initializes each at its first use, once.
    private static final class Nanos {
        static final Call C = PLAN.call(Method.NANOS);
    }

    private static final class CoarseNanos {
        static final Call C = PLAN.call(Method.COARSE_NANOS);
    }

    private static final class EpochNanos {
        static final Call C = PLAN.call(Method.EPOCH_NANOS);
    }

    private static final class EpochMicros {
        static final Call C = PLAN.call(Method.EPOCH_MICROS);
    }

    private static final class EpochMillis {
        static final Call C = PLAN.call(Method.EPOCH_MILLIS);
    }

    private static final class CoarseEpochMillis {
        static final Call C = PLAN.call(Method.COARSE_EPOCH_MILLIS);
    }

    private static final class EpochSeconds {
        static final Call C = PLAN.call(Method.EPOCH_SECONDS);
    }

    private static final class Resolution {
        static final Call C = PLAN.call(Method.RESOLUTION);
    }

    private static final class Cpu {
        static final Call C = PLAN.call(Method.CPU);
    }

    private static final class Node {
        static final Call C = PLAN.call(Method.NODE);
    }

    /** The backend; creating it plans nothing. */
    public LazyLinuxBackend() {
    }

    @Override
    public long nanos() {
        return LinuxBackend.nanos(Nanos.C);
    }

    @Override
    public long coarseNanos() {
        return LinuxBackend.coarseNanos(CoarseNanos.C);
    }

    @Override
    public long epochNanos() {
        return LinuxBackend.epochNanos(EpochNanos.C);
    }

    @Override
    public long epochMicros() {
        return LinuxBackend.epochMicros(EpochMicros.C);
    }

    @Override
    public long epochMillis() {
        return LinuxBackend.epochMillis(EpochMillis.C);
    }

    @Override
    public long coarseEpochMillis() {
        return LinuxBackend.coarseEpochMillis(CoarseEpochMillis.C);
    }

    @Override
    public long epochSeconds() {
        return LinuxBackend.epochSeconds(EpochSeconds.C);
    }

    @Override
    public long resolutionNanos(ClockId clock) {
        return LinuxBackend.resolutionNanos(Resolution.C, clock);
    }

    @Override
    public int cpu() {
        return LinuxBackend.cpuOrNode(Cpu.C);
    }

    @Override
    public int node() {
        return LinuxBackend.cpuOrNode(Node.C);
    }

    @Override
    public boolean isSupported() {
        return !Cpu.C.isJdk() && !Node.C.isJdk();
    }

    /** Plans every method not yet planned (the report must show them all), then describes each. */
    @Override
    public String describeRoutes() {
        return PLAN.describe();
    }

    @Override
    public String toString() {
        return "LazyLinuxBackend";
    }
}
