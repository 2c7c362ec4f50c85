package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.MethodRoute;

import java.util.List;
import java.util.Optional;

/**
 * The Linux backend: one {@link Slot} per method, each planned at its first call by the one
 * {@link Planner} (or all at once, for a forced route or {@code LinuxX64Provider.backend(Route)}).
 *
 * <p>A record on purpose: HotSpot trusts a record's final fields as constants, so when FastClock holds
 * this backend as a constant each slot's call site folds to its planned {@link Call}, whose handle
 * inlines down to the downcall itself. A call that fails natively is answered by the JDK for that
 * call, so an error is never a value; a failed CPU or node call answers -1, "unknown".
 *
 * @param planner the planner
 * @param nanosSlot       {@code nanos}
 * @param coarseNanosSlot {@code coarseNanos}
 * @param epochNanosSlot  {@code epochNanos}
 * @param epochMicrosSlot {@code epochMicros}
 * @param epochMillisSlot {@code epochMillis}
 * @param coarseEpochMillisSlot {@code coarseEpochMillis}
 * @param epochSecondsSlot {@code epochSeconds}
 * @param resolutionSlot  {@code resolutionNanos}
 * @param bootNanosSlot   {@code bootNanos}
 * @param rawNanosSlot    {@code rawNanos}
 * @param taiNanosSlot    {@code taiNanos}
 * @param ticksSlot       {@code ticks}
 * @param cpuSlot         {@code cpu}
 * @param nodeSlot        {@code node}
 */
public record LinuxBackend(Planner planner, Slot nanosSlot, Slot coarseNanosSlot, Slot epochNanosSlot, Slot epochMicrosSlot, Slot epochMillisSlot,
                           Slot coarseEpochMillisSlot, Slot epochSecondsSlot, Slot resolutionSlot, Slot bootNanosSlot, Slot rawNanosSlot,
                           Slot taiNanosSlot, Slot ticksSlot, Slot cpuSlot, Slot nodeSlot) implements FastClockBackend {

    /**
     * A backend whose methods plan at their first call.
     *
     * @param env    the environment, or null for the live one, read at first need
     * @param forced the forced route, if any
     * @return the backend
     */
    public static LinuxBackend lazy(LinuxEnvironment env, Optional<Route> forced) {
        Planner p = new Planner(env, forced);
        return new LinuxBackend(p, Slot.of(Method.NANOS, p), Slot.of(Method.COARSE_NANOS, p), Slot.of(Method.EPOCH_NANOS, p),
                Slot.of(Method.EPOCH_MICROS, p), Slot.of(Method.EPOCH_MILLIS, p), Slot.of(Method.COARSE_EPOCH_MILLIS, p),
                Slot.of(Method.EPOCH_SECONDS, p), Slot.of(Method.RESOLUTION, p), Slot.of(Method.BOOT_NANOS, p),
                Slot.of(Method.RAW_NANOS, p), Slot.of(Method.TAI_NANOS, p), Slot.of(Method.TICKS, p), Slot.of(Method.CPU, p),
                Slot.of(Method.NODE, p));
    }

    /**
     * A backend with every method planned now.
     *
     * @param env    the environment, or null for the live one
     * @param forced the forced route, if any
     * @return the backend
     */
    public static LinuxBackend eager(LinuxEnvironment env, Optional<Route> forced) {
        LinuxBackend b = lazy(env, forced);
        b.planner.routes();
        return b;
    }

    @Override
    public long nanos() {
        return nanosSlot.read();
    }

    @Override
    public long coarseNanos() {
        return coarseNanosSlot.read();
    }

    @Override
    public long epochNanos() {
        return epochNanosSlot.read();
    }

    @Override
    public long epochMicros() {
        return epochMicrosSlot.read();
    }

    @Override
    public long epochMillis() {
        return epochMillisSlot.read();
    }

    @Override
    public long coarseEpochMillis() {
        return coarseEpochMillisSlot.read();
    }

    @Override
    public long epochSeconds() {
        return epochSecondsSlot.read();
    }

    @Override
    public long resolutionNanos(int linuxClockId) {
        return resolutionSlot.call().read(linuxClockId);
    }

    @Override
    public long bootNanos() {
        return bootNanosSlot.read();
    }

    @Override
    public long rawNanos() {
        return rawNanosSlot.read();
    }

    @Override
    public long taiNanos() {
        return taiNanosSlot.read();
    }

    @Override
    public long ticks() {
        return ticksSlot.read();
    }

    @Override
    public long ticksToNanos(long ticks) {
        return ticksSlot.call().ticksToNanos(ticks);
    }

    @Override
    public long ticksPerSecond() {
        return ticksSlot.call().ticksPerSecond();
    }

    @Override
    public int cpu() {
        return (int) cpuSlot.read();
    }

    @Override
    public int node() {
        return (int) nodeSlot.read();
    }

    @Override
    public boolean isSupported() {
        return !cpuSlot.call().isJdk() && !nodeSlot.call().isJdk();
    }

    /** Plans every method not yet planned (the report must show them all), then describes each. */
    @Override
    public List<MethodRoute> routes() {
        return planner.routes();
    }

    @Override
    public List<String> notes() {
        return planner.notes();
    }

    /**
     * Why the forced route cannot work here at all, if it cannot (opening it now); empty when none
     * is forced or it works.
     *
     * @return the reason, or empty
     */
    public Optional<String> forcedProblem() {
        return planner.forcedProblem();
    }

    /**
     * The choice for {@code m} once planned: for tests that check what was chosen.
     *
     * @param m the method
     * @return its choice, planning it if need be
     */
    Planner.Choice choice(Method m) {
        planner.routes();
        return planner.choice(m);
    }

    @Override
    public String toString() {
        return "LinuxBackend";
    }
}
