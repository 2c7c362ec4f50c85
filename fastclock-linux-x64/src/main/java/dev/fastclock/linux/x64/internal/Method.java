package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.Route;

import java.util.List;

import static dev.fastclock.linux.x64.Route.JDK;
import static dev.fastclock.linux.x64.Route.LIBC;
import static dev.fastclock.linux.x64.Route.VDSO;
import static dev.fastclock.linux.x64.Route.VSYSCALL;

/**
 * The methods the provider serves, each with its default route order.
 *
 * <p>The order is the measured one (fastclock-bench, one full JMH run: JDK 25, 2-core EPYC,
 * clocksource tsc, glibc 2.36; ns per call), not a guess:
 * <ul>
 *   <li>{@code nanos}: {@link System#nanoTime()} 24.2, the vDSO stub 24.5: HotSpot calls the same
 *       {@code clock_gettime(CLOCK_MONOTONIC)} from C without an FFM transition, so the JDK is never
 *       slower, needs no FFM at start-up, and is first. (The planning notes measured 17.4 against 19.7.)</li>
 *   <li>{@code epochMillis}: {@link System#currentTimeMillis()} 24.8 against the stub's REALTIME 27.1, for
 *       the same reason: the JDK is first.</li>
 *   <li>{@code cpu}: glibc's {@code sched_getcpu} reads the thread's rseq area (glibc 2.35+): 3.06 against
 *       4.2 for the vDSO's {@code getcpu} through a stub, so libc is first when rseq is registered
 *       (see {@link Rseq}); otherwise glibc would call the vDSO itself and the vDSO is first.</li>
 *   <li>everything else: the vDSO first (coarse clocks 4.8-5.4 against 24+ for anything the JDK has;
 *       libc's coarse clocks 6.3-6.7 add its own wrapper).</li>
 * </ul>
 * The vsyscall page (~450 ns, a trap per call) comes after libc; the JDK is always last.
 */
public enum Method {
    NANOS("nanos", List.of(JDK, VDSO, LIBC)),
    COARSE_NANOS("coarseNanos", List.of(VDSO, LIBC, JDK)),
    EPOCH_NANOS("epochNanos", List.of(VDSO, LIBC, JDK)),
    EPOCH_MICROS("epochMicros", List.of(VDSO, LIBC, VSYSCALL, JDK)),
    EPOCH_MILLIS("epochMillis", List.of(JDK, VDSO, LIBC, VSYSCALL)),
    COARSE_EPOCH_MILLIS("coarseEpochMillis", List.of(VDSO, LIBC, JDK)),
    EPOCH_SECONDS("epochSeconds", List.of(VDSO, LIBC, VSYSCALL, JDK)),
    RESOLUTION("resolutionNanos", List.of(VDSO, LIBC, JDK)),
    CPU("cpu", List.of(LIBC, VDSO, VSYSCALL, JDK)),
    NODE("node", List.of(VDSO, LIBC, VSYSCALL, JDK));

    private final String apiName;
    private final List<Route> defaultOrder;

    Method(String apiName, List<Route> defaultOrder) {
        this.apiName = apiName;
        this.defaultOrder = defaultOrder;
    }

    /** The FastClock/CpuLocator method name. */
    public String apiName() {
        return apiName;
    }

    /** The routes to try, in order, when none is forced. */
    public List<Route> defaultOrder() {
        return defaultOrder;
    }
}
