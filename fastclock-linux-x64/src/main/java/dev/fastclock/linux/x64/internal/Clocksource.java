package dev.fastclock.linux.x64.internal;

import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Whether this machine's vDSO reads the time in user space or makes a system call, decided by a
 * measurement rather than a list of clocksource names: a vDSO {@code clock_gettime(CLOCK_MONOTONIC)}
 * is timed against a vDSO {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)}, a clock the vDSO never
 * serves itself and so always passes to the kernel. A user-space read costs a small fraction of that
 * system call (tsc; kvm-clock, pvclock and Hyper-V's clock with their stable flag); one that costs
 * about as much is a system call (hpet, acpi_pm, an unstable pvclock).
 */
public final class Clocksource {

    /** CLOCK_PROCESS_CPUTIME_ID: the vDSO hands it to the kernel. */
    private static final int SYSCALL_CLOCK = 2;

    /**
     * The measured costs.
     *
     * @param userNanos    ns per vDSO CLOCK_MONOTONIC read
     * @param syscallNanos ns per system call through the same stub
     */
    public record Measurement(double userNanos, double syscallNanos) {
        /** Whether the vDSO's CLOCK_MONOTONIC is clearly cheaper than a system call. @return true if so */
        public boolean userSpace() {
            return userNanos * 2 < syscallNanos;
        }

        /** @param clocksource the current clocksource's name @return one line */
        public String describe(String clocksource) {
            return String.format(java.util.Locale.ROOT, "clocksource %s: the vDSO %s (measured %.0f ns a read against %.0f ns for a system call)",
                    clocksource, userSpace() ? "reads the time in user space" : "makes a system call for each read, so every clock costs a system call here",
                    userNanos, syscallNanos);
        }
    }

    private Clocksource() {
    }

    /** Times both reads through the vDSO's clock_gettime, or empty where the route has none. */
    static Optional<Measurement> measure(Routes.Fns vdso) {
        Long clock = vdso.addresses().get(Fn.CLOCK_GETTIME);
        Optional<MethodHandle> stub = Stubs.handle(Stubs.Shape.CLOCK, true);
        if (clock == null || stub.isEmpty()) {
            return Optional.empty();
        }
        Call c = new Call(stub.get(), 1, clock, Call.RAW, dev.fastclock.spi.Method.NANOS.jdk(), null, null, null);
        // Both timed by the same loop once the JIT has compiled it: in the interpreter the loop's own
        // cost would swamp a user-space read and the two would look alike.
        for (int i = 0; i < 3; i++) {
            perCall(c, 1, 5_000);
        }
        double user = Double.MAX_VALUE;
        double sys = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            user = Math.min(user, perCall(c, 1, 1_000));
            sys = Math.min(sys, perCall(c, SYSCALL_CLOCK, 100));
        }
        return Optional.of(new Measurement(user, sys));
    }

    /**
     * Measures this process's own vDSO, or empty where it has no usable clock_gettime or no stub page.
     *
     * @param env where to find the vDSO
     * @return the measurement
     */
    public static Optional<Measurement> measure(LinuxEnvironment env) {
        Routes.Fns vdso = Routes.vdso(env);
        return vdso.unavailable() == null ? measure(vdso) : Optional.empty();
    }

    /** The verdict, once measured: the same for every backend of the process. */
    private static volatile Optional<String> verdict;
    /** How many times {@link #verdict} measured: at most once per process (a test seam). */
    private static final java.util.concurrent.atomic.AtomicInteger VERDICT_MEASUREMENTS = new java.util.concurrent.atomic.AtomicInteger();

    /** Taken by the one thread that measures the verdict; the others neither measure nor wait. */
    private static final java.util.concurrent.atomic.AtomicBoolean MEASURING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * One line for the report when the vDSO makes a system call here; empty when it reads in user space.
     * Measured once per process, at the first call (a few milliseconds; the report asks outside any
     * claim, so no first call waits on it), and remembered. A report asked for while that first
     * measurement is under way on another thread goes without the line rather than measure again or wait.
     */
    static Optional<String> verdict(Routes.Fns vdso) {
        Optional<String> v = verdict;
        if (v == null) {
            if (!MEASURING.compareAndSet(false, true)) {
                return Optional.empty();
            }
            boolean done = false;
            try {
                VERDICT_MEASUREMENTS.incrementAndGet();
                Optional<Measurement> m = measure(vdso);
                v = m.isPresent() && !m.get().userSpace() ? Optional.of(m.get().describe(current())) : Optional.empty();
                verdict = v;
                done = true;
            } finally {
                if (!done) {
                    MEASURING.set(false); // cut short (the stack's edge, say): the next report measures
                }
            }
        }
        return v;
    }

    /** How many times the report's verdict was measured in this process: 0 or 1 (for the tests). */
    static int verdictMeasurements() {
        return VERDICT_MEASUREMENTS.get();
    }

    /** @return the current clocksource's name */
    public static String current() {
        return LinuxEnvironment.LIVE_FILES.read("/sys/devices/system/clocksource/clocksource0/current_clocksource")
                .map(String::strip).orElse("(unknown)");
    }

    /** ns per {@code clock_gettime(clock)} over {@code n} calls; the best round is the cost, a preempted one is not. */
    private static double perCall(Call c, int clock, int n) {
        long sink = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += c.raw(clock);
        }
        double ns = (System.nanoTime() - t0) / (double) n;
        if (sink == 42) {
            Thread.onSpinWait(); // keeps the loop's results alive
        }
        return ns;
    }
}
