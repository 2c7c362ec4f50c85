package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.Route;

import java.util.List;
import java.util.Optional;

import static dev.fastclock.linux.x64.Route.JDK;
import static dev.fastclock.linux.x64.Route.LIBC;
import static dev.fastclock.linux.x64.Route.TSC;
import static dev.fastclock.linux.x64.Route.VDSO;
import static dev.fastclock.linux.x64.Route.VSYSCALL;

/**
 * The methods the provider serves, as data: one row each, with the ways a route can serve it (C
 * function, argument, result conversion), its JDK equivalent, the sanity rule its first call must
 * pass, and its default route order. A new kernel clock is one row here, plus its API method.
 *
 * <p>The orders are the measured ones (fastclock-bench's {@code FastClockBench} per route; the
 * README's table has the figures), not guesses:
 * <ul>
 *   <li>{@code nanos} and {@code epochMillis}: the JDK first. HotSpot calls the same vDSO
 *       {@code clock_gettime} from C without an FFM transition, so it is never slower, and needs no
 *       FFM at start-up.</li>
 *   <li>{@code cpu} and {@code node}: libc first where glibc registered rseq (its
 *       {@code sched_getcpu} is a load from the thread's rseq area, cheaper than any call, and the
 *       node then comes from the kernel's CPU-to-node table); the vDSO first otherwise. See
 *       {@link #order(Rseq)}.</li>
 *   <li>everything else: the vDSO first (libc adds its own wrapper to the same code); the
 *       vsyscall page (a trap per call) after libc; the JDK always last.</li>
 * </ul>
 */
enum Method {
    NANOS("nanos", Jdk.NANO_TIME, Check.MONOTONIC, List.of(JDK, VDSO, LIBC),
            way(Fn.CLOCK_GETTIME, 1, Call.RAW, "CLOCK_MONOTONIC")),
    COARSE_NANOS("coarseNanos", Jdk.NANO_TIME, Check.MONOTONIC_COARSE, List.of(VDSO, LIBC, JDK),
            way(Fn.CLOCK_GETTIME, 6, Call.RAW, "CLOCK_MONOTONIC_COARSE")),
    EPOCH_NANOS("epochNanos", Jdk.EPOCH_NANOS, Check.EPOCH_NS, List.of(VDSO, LIBC, JDK),
            way(Fn.CLOCK_GETTIME, 0, Call.RAW, "CLOCK_REALTIME")),
    EPOCH_MICROS("epochMicros", Jdk.EPOCH_MICROS, Check.EPOCH_US, List.of(VDSO, LIBC, VSYSCALL, JDK),
            way(Fn.GETTIMEOFDAY, 0, Call.RAW, "")),
    EPOCH_MILLIS("epochMillis", Jdk.CURRENT_MILLIS, Check.EPOCH_MS, List.of(JDK, VDSO, LIBC, VSYSCALL),
            way(Fn.CLOCK_GETTIME, 0, Call.NS_TO_MS, "CLOCK_REALTIME, / 1e6"),
            // The vsyscall page has no clock_gettime: there epochMillis derives from gettimeofday.
            way(Fn.GETTIMEOFDAY, 0, Call.US_TO_MS, "/ 1000")),
    COARSE_EPOCH_MILLIS("coarseEpochMillis", Jdk.CURRENT_MILLIS, Check.EPOCH_MS_COARSE, List.of(VDSO, LIBC, JDK),
            way(Fn.CLOCK_GETTIME, 5, Call.NS_TO_MS, "CLOCK_REALTIME_COARSE, / 1e6")),
    EPOCH_SECONDS("epochSeconds", Jdk.EPOCH_SECONDS, Check.EPOCH_S, List.of(VDSO, LIBC, VSYSCALL, JDK),
            way(Fn.TIME, 0, Call.SECONDS, "t = NULL")),
    RESOLUTION("resolutionNanos", Jdk.RESOLUTION, Check.RESOLUTION, List.of(VDSO, LIBC, JDK),
            way(Fn.CLOCK_GETRES, 1, Call.POSITIVE, "the clock asked for")),
    BOOT_NANOS("bootNanos", Jdk.NANO_TIME, Check.BOOTTIME, List.of(VDSO, LIBC, JDK),
            way(Fn.CLOCK_GETTIME, 7, Call.RAW, "CLOCK_BOOTTIME")),
    RAW_NANOS("rawNanos", Jdk.NANO_TIME, Check.MONOTONIC_RAW, List.of(VDSO, LIBC, JDK),
            way(Fn.CLOCK_GETTIME, 4, Call.RAW, "CLOCK_MONOTONIC_RAW")),
    TAI_NANOS("taiNanos", Jdk.EPOCH_NANOS, Check.TAI, List.of(VDSO, LIBC, JDK),
            way(Fn.CLOCK_GETTIME, 11, Call.RAW, "CLOCK_TAI")),
    TICKS("ticks", Jdk.NANO_TIME, Check.TICKS, List.of(TSC, JDK),
            way(Fn.RDTSC, 0, Call.TICKS, "the CPU's time-stamp counter")),
    CPU("cpu", Jdk.UNKNOWN, Check.CPU, List.of(LIBC, VDSO, VSYSCALL, JDK),
            way(Fn.SCHED_GETCPU, 0, Call.NON_NEGATIVE_INT, "reads glibc's rseq area when registered"),
            way(Fn.GETCPU, 0, Call.CPU_OF_PACKED, "cpu")),
    NODE("node", Jdk.UNKNOWN, Check.NODE, List.of(LIBC, VDSO, VSYSCALL, JDK),
            way(Fn.SCHED_GETCPU, 0, Call.NODE_OF_CPU, "the CPU, then the kernel's CPU-to-node table"),
            way(Fn.GETCPU, 0, Call.NODE_OF_PACKED, "node"));

    /**
     * One way to serve a method: call {@code fn} with {@code arg}, convert with {@code post}.
     *
     * @param fn   the function
     * @param arg  its first argument (a clock id, or ignored)
     * @param post the {@link Call} code for the result
     * @param note what it reads, for the report
     */
    record Way(Fn fn, int arg, int post, String note) {
    }

    final String apiName;
    final int jdk;
    final Check check;
    private final List<Route> order;
    final List<Way> ways;

    Method(String apiName, int jdk, Check check, List<Route> order, Way... ways) {
        this.apiName = apiName;
        this.jdk = jdk;
        this.check = check;
        this.order = order;
        this.ways = List.of(ways);
    }

    private static Way way(Fn fn, int arg, int post, String note) {
        return new Way(fn, arg, post, note);
    }

    /** The FastClock/CpuLocator method name. */
    String apiName() {
        return apiName;
    }

    /**
     * The routes to try, in order, when none is forced. For {@code cpu} and {@code node}, libc goes
     * behind the vDSO unless glibc answers from rseq ({@code rseq} is read only for them; null is
     * fine for every other method).
     */
    List<Route> order(Rseq rseq) {
        if ((this == CPU || this == NODE) && !rseq.registered()) {
            return List.of(VDSO, LIBC, VSYSCALL, JDK);
        }
        return order;
    }

    /** Whether a call made while another thread plans this method waits for the plan (see {@link Slot}). */
    boolean waitsForPlan() {
        return this == TICKS || this == CPU || this == NODE;
    }

    /** Whether the order depends on glibc's rseq state. */
    boolean needsRseq() {
        return this == CPU || this == NODE;
    }

    /** Each method's sanity rule: a first call must give a value this close to the JDK's to be taken. */
    enum Check {
        MONOTONIC, MONOTONIC_COARSE, MONOTONIC_RAW, BOOTTIME, EPOCH_NS, EPOCH_US, EPOCH_MS, EPOCH_MS_COARSE, EPOCH_S, TAI,
        RESOLUTION, TICKS, CPU, NODE;

        private static final long SECOND_NS = 1_000_000_000L;
        private static final int MAX_CPU = 1 << 16;

        /**
         * Empty if {@code c}'s first call gives a sane value, else what was wrong. Loose where the
         * clocks legitimately differ (a coarse clock lags by up to a tick, raw drifts from monotonic
         * by the NTP slew, boot time leads monotonic by the time suspended, TAI leads UTC by the
         * kernel's offset), exact where they are the same kernel clock.
         */
        Optional<String> check(Call c) {
            try {
                return switch (this) {
                    case MONOTONIC -> mono(c, 0, 0, "CLOCK_MONOTONIC");
                    case MONOTONIC_COARSE -> mono(c, SECOND_NS, 0, "CLOCK_MONOTONIC_COARSE");
                    // NTP slews by at most 500 ppm: raw and monotonic part by at most that much of the uptime.
                    case MONOTONIC_RAW -> {
                        long a = System.nanoTime();
                        yield mono(c, a / 1000 + SECOND_NS, a / 1000 + SECOND_NS, "CLOCK_MONOTONIC_RAW");
                    }
                    // Boot time leads monotonic by the time suspended; in a time namespace both are shifted,
                    // each by its own offset, so the lead is at least the difference of the two offsets.
                    case BOOTTIME -> {
                        long a = System.nanoTime() + namespaceLead();
                        long v = c.raw(c.arg());
                        yield within(v, a, Long.MAX_VALUE / 2, "CLOCK_BOOTTIME", "System.nanoTime() + the namespace's boottime - monotonic offsets");
                    }
                    case EPOCH_NS -> epoch(c, 1_000_000L, 1, 1, "CLOCK_REALTIME");
                    case EPOCH_US -> epoch(c, 1_000L, 1, 1, "gettimeofday");
                    case EPOCH_MS -> epoch(c, 1L, 1, 1, "epoch ms");
                    case EPOCH_MS_COARSE -> epoch(c, 1L, 1_000, 1, "CLOCK_REALTIME_COARSE");
                    // The TAI offset is 37 s where a daemon set it; allow up to a minute.
                    case TAI -> epoch(c, 1_000_000L, 1, 60_000, "CLOCK_TAI");
                    case EPOCH_S -> {
                        long a = System.currentTimeMillis() / 1_000L;
                        long v = c.raw(c.arg());
                        long b = System.currentTimeMillis() / 1_000L;
                        yield within(v, a - 2, b + 1, "time()", "System.currentTimeMillis() / 1000");
                    }
                    case RESOLUTION -> within(c.raw(1), 1, SECOND_NS, "clock_getres(CLOCK_MONOTONIC)", "1 ns .. 1 s");
                    case TICKS -> {
                        long a = c.raw(0);
                        long b = c.raw(0);
                        yield a == 0 || b < a
                                ? Optional.of("two readings " + a + ", " + b + " do not count up")
                                : Optional.empty();
                    }
                    case CPU, NODE -> within(c.raw(0), 0, MAX_CPU - 1, name().toLowerCase(java.util.Locale.ROOT), "0 .. " + (MAX_CPU - 1));
                };
            } catch (VirtualMachineError e) {
                throw e; // the stack's edge or the heap's, not the route's fault: the planner plans again later
            } catch (RuntimeException | Error t) {
                return Optional.of("its first call threw " + t);
            }
        }

        /**
         * This process's time namespace's boottime offset less its monotonic one, in nanoseconds, from
         * {@code /proc/self/timens_offsets}; 0 outside a namespace or where the file cannot be read.
         */
        static long namespaceLead() {
            Optional<String> text = LinuxEnvironment.LIVE_FILES.read("/proc/self/timens_offsets");
            long boot = 0;
            long mono = 0;
            if (text.isPresent()) {
                for (String line : text.get().split("\n")) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length == 3) {
                        try {
                            long ns = Long.parseLong(f[1]) * SECOND_NS + Long.parseLong(f[2]);
                            if (f[0].equals("boottime")) {
                                boot = ns;
                            } else if (f[0].equals("monotonic")) {
                                mono = ns;
                            }
                        } catch (NumberFormatException e) {
                            return 0;
                        }
                    }
                }
            }
            return boot - mono;
        }

        private static Optional<String> mono(Call c, long lagNs, long leadNs, String what) {
            long a = System.nanoTime();
            long v = c.raw(c.arg());
            long b = System.nanoTime();
            return within(v, a - lagNs, b + leadNs, what, "System.nanoTime()");
        }

        private static Optional<String> epoch(Call c, long perMilli, long lagMillis, long leadMillis, String what) {
            long a = System.currentTimeMillis();
            long v = c.raw(c.arg());
            long b = System.currentTimeMillis();
            if (v == Stubs.FAILED) {
                return Optional.of("its first call returned an error");
            }
            return within(Math.floorDiv(v, perMilli), a - lagMillis, b + leadMillis, what + " in ms", "System.currentTimeMillis()");
        }

        private static Optional<String> within(long v, long lo, long hi, String what, String reference) {
            if (v == Stubs.FAILED || (v == -1 && lo >= 0)) {
                return Optional.of("its first call returned an error");
            }
            if (v < lo || v > hi) {
                return Optional.of("its first call gave " + what + " = " + v + ", outside [" + lo + ", " + hi + "] from " + reference);
            }
            return Optional.empty();
        }
    }
}
