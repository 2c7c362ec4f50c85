package dev.fastclock.linux.x64.internal;

import dev.fastclock.spi.Method;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.fastclock.linux.x64.internal.RouteId.JDK;
import static dev.fastclock.linux.x64.internal.RouteId.LIBC;
import static dev.fastclock.linux.x64.internal.RouteId.TSC;
import static dev.fastclock.linux.x64.internal.RouteId.VDSO;
import static dev.fastclock.linux.x64.internal.RouteId.VSYSCALL;

/**
 * The Linux provider's row for each method of the catalogue ({@link Method}): the ways a route can serve
 * it (C function, argument, result conversion) and its default route order. Everything else follows from
 * the catalogue: a {@code clock_gettime} way reads the row's clock in its unit, the sanity rule a first
 * call must pass is the clock's ({@link #check}), and the JDK's answer is the catalogue's. A test checks
 * that every planned method of the catalogue has a row ({@link Method#IS_SUPPORTED} excepted: it follows
 * from the CPU's and node's plans).
 *
 * <p>The orders are the measured ones (fastclock-bench's {@code FastClockBench} per route; the README's
 * table has the figures):
 * <ul>
 *   <li>{@code nanos} and {@code epochMillis}: the JDK first. HotSpot calls the same vDSO
 *       {@code clock_gettime} from C without an FFM transition, so it is never slower, and needs no
 *       FFM at start-up.</li>
 *   <li>{@code cpu} and {@code node}: libc first where glibc registered rseq (its {@code sched_getcpu}
 *       is a load from the thread's rseq area, and the node then comes from the kernel's CPU-to-node
 *       table); the vDSO first otherwise ({@link #order(Rseq)}).</li>
 *   <li>everything else: the vDSO first (libc adds its own wrapper to the same code); the vsyscall page
 *       (a trap per call) after libc; the JDK always last.</li>
 * </ul>
 */
enum Row {
    NANOS(Method.NANOS, List.of(JDK, VDSO, LIBC), clock()),
    COARSE_NANOS(Method.COARSE_NANOS, List.of(VDSO, LIBC, JDK), clock()),
    EPOCH_NANOS(Method.EPOCH_NANOS, List.of(VDSO, LIBC, JDK), clock()),
    EPOCH_MICROS(Method.EPOCH_MICROS, List.of(VDSO, LIBC, VSYSCALL, JDK), new Way(Fn.GETTIMEOFDAY, 0, Call.RAW, "")),
    // The vsyscall page has no clock_gettime: there epochMillis derives from gettimeofday.
    EPOCH_MILLIS(Method.EPOCH_MILLIS, List.of(JDK, VDSO, LIBC, VSYSCALL), clock(), new Way(Fn.GETTIMEOFDAY, 0, Call.US_TO_MS, "/ 1000")),
    COARSE_EPOCH_MILLIS(Method.COARSE_EPOCH_MILLIS, List.of(VDSO, LIBC, JDK), clock()),
    EPOCH_SECONDS(Method.EPOCH_SECONDS, List.of(VDSO, LIBC, VSYSCALL, JDK), new Way(Fn.TIME, 0, Call.SECONDS, "t = NULL")),
    BOOT_NANOS(Method.BOOT_NANOS, List.of(VDSO, LIBC, JDK), clock()),
    RAW_NANOS(Method.RAW_NANOS, List.of(VDSO, LIBC, JDK), clock()),
    TAI_NANOS(Method.TAI_NANOS, List.of(VDSO, LIBC, JDK), clock()),
    TICKS(Method.TICKS, List.of(TSC, JDK), new Way(Fn.RDTSC, 0, Call.TICKS, "lfence; rdtsc: the CPU's time-stamp counter, in order")),
    RESOLUTION(Method.RESOLUTION, List.of(VDSO, LIBC, JDK), new Way(Fn.CLOCK_GETRES, 1, Call.POSITIVE, "the clock asked for")),
    CPU(Method.CPU, List.of(LIBC, VDSO, VSYSCALL, JDK),
            new Way(Fn.SCHED_GETCPU, 0, Call.NON_NEGATIVE_INT, "reads glibc's rseq area when registered"),
            new Way(Fn.GETCPU, 0, Call.CPU_OF_PACKED, "cpu")),
    NODE(Method.NODE, List.of(LIBC, VDSO, VSYSCALL, JDK),
            new Way(Fn.SCHED_GETCPU, 0, Call.NODE_OF_CPU, "the CPU, then the kernel's CPU-to-node table"),
            new Way(Fn.GETCPU, 0, Call.NODE_OF_PACKED, "node")),
    // One system call; the vDSO has no adjtimex.
    CLOCK_STATUS(Method.CLOCK_STATUS, List.of(LIBC, JDK), new Way(Fn.ADJTIMEX, 0, Call.RAW, "modes = 0: reads, never sets"));

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

    /** Stands for "{@code clock_gettime} of the row's clock, in its unit", resolved from the catalogue. */
    private static Way clock() {
        return new Way(Fn.CLOCK_GETTIME, -1, -1, "");
    }

    final Method method;
    private final List<RouteId> order;
    final List<Way> ways;

    Row(Method method, List<RouteId> order, Way... ways) {
        this.method = method;
        this.order = order;
        List<Way> resolved = new ArrayList<>();
        for (Way w : ways) {
            resolved.add(w.arg() < 0 ? clockWay(method) : w);
        }
        this.ways = List.copyOf(resolved);
    }

    /** {@code clock_gettime} of {@code m}'s clock, converted to its unit. */
    private static Way clockWay(Method m) {
        // ifs, not a switch on the enum: that would load a lookup class at the first call
        int post;
        if (m.unit() == Method.Unit.NANOSECONDS) {
            post = Call.RAW;
        } else if (m.unit() == Method.Unit.MILLISECONDS) {
            post = Call.NS_TO_MS;
        } else {
            throw new IllegalArgumentException(m.apiName() + ": no conversion from ns to " + m.unit());
        }
        return new Way(Fn.CLOCK_GETTIME, m.clock().linuxId(), post, m.clock().cName() + (post == Call.NS_TO_MS ? ", / 1e6" : ""));
    }

    /** The row of {@code m}, or null for a method with none ({@link Method#IS_SUPPORTED}, the conversions). */
    static Row of(Method m) {
        for (Row r : values()) {
            if (r.method == m) {
                return r;
            }
        }
        return null;
    }

    /** The method's name, for messages. */
    String apiName() {
        return method.apiName();
    }

    /**
     * The routes to try, in order, when none is forced. For {@code cpu} and {@code node}, libc goes
     * behind the vDSO unless glibc answers from rseq ({@code rseq} is read only for them; null is fine for
     * every other row).
     */
    List<RouteId> order(Rseq rseq) {
        if (needsRseq() && !rseq.registered()) {
            return List.of(VDSO, LIBC, VSYSCALL, JDK);
        }
        return order;
    }

    /** Whether the order depends on glibc's rseq state. */
    boolean needsRseq() {
        return this == CPU || this == NODE;
    }

    private static final long SECOND_NS = 1_000_000_000L;
    private static final int MAX_CPU = 1 << 16;

    /**
     * Empty if {@code c}'s first call gives a sane value for this row, else what was wrong: the JDK's
     * answer for the same clock brackets it. Loose where the clocks legitimately differ (a coarse clock
     * lags by up to a tick, raw drifts from monotonic by the NTP slew, boot time leads monotonic by the
     * time suspended, TAI leads UTC by the kernel's offset), exact where they are the same kernel clock.
     * The rule is the clock's, so a new method on a clock already here needs none of its own.
     */
    Optional<String> check(Call c) {
        try {
            if (method.clock() != null) {
                return checkClock(c);
            }
            return switch (this) {
                case RESOLUTION -> within(c.raw(1), 1, SECOND_NS, "clock_getres(CLOCK_MONOTONIC)", "1 ns .. 1 s");
                case TICKS -> {
                    long a = c.raw(0);
                    long b = c.raw(0);
                    yield a == 0 || b < a ? Optional.of("two readings " + a + ", " + b + " do not count up") : Optional.empty();
                }
                case CPU, NODE -> within(c.raw(0), 0, MAX_CPU - 1, apiName(), "0 .. " + (MAX_CPU - 1));
                case CLOCK_STATUS -> throw new IllegalStateException("clockStatus is checked by checkStatus");
                default -> throw new IllegalStateException("no sanity rule for " + apiName());
            };
        } catch (VirtualMachineError e) {
            throw e; // the stack's edge or the heap's, not the route's fault
        } catch (RuntimeException | Error t) {
            return Optional.of("its first call threw " + t);
        }
    }

    /** The first {@code adjtimex} must give a clock state and non-negative errors. */
    static Optional<String> checkStatus(StatusCall s) {
        try {
            dev.fastclock.spi.Timex t = s.timex();
            if (!t.known()) {
                return Optional.of("its first call failed");
            }
            if (t.maxError() < 0 || t.estError() < 0) {
                return Optional.of("its first call gave maxerror " + t.maxError() + ", esterror " + t.estError());
            }
            return Optional.empty();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error t) {
            return Optional.of("its first call threw " + t);
        }
    }

    private Optional<String> checkClock(Call c) {
        String what = method.clock().cName();
        switch (method.clock()) {
            case MONOTONIC:
                return mono(c, 0, 0, what);
            case MONOTONIC_COARSE:
                return mono(c, SECOND_NS, 0, what);
            case MONOTONIC_RAW: {
                // NTP slews by at most 500 ppm: raw and monotonic part by at most that much of the uptime.
                long a = System.nanoTime();
                return mono(c, a / 1000 + SECOND_NS, a / 1000 + SECOND_NS, what);
            }
            case BOOTTIME: {
                // Boot time leads monotonic by the time suspended; in a time namespace both are shifted, each by
                // its own offset, so the lead is at least the difference of the two offsets.
                long a = System.nanoTime() + namespaceLead();
                return within(c.raw(c.arg()), a, Long.MAX_VALUE / 2, what, "System.nanoTime() + the namespace's boottime - monotonic offsets");
            }
            case REALTIME:
                return method.unit() == Method.Unit.SECONDS ? seconds(c) : epoch(c, 1, 1, what);
            case REALTIME_COARSE:
                return method.unit() == Method.Unit.SECONDS ? seconds(c) : epoch(c, 1_000, 1, what);
            case TAI:
                // The TAI offset is 37 s where a daemon set it; allow up to a minute.
                return epoch(c, 1, 60_000, what);
            default:
                throw new IllegalStateException("no sanity rule for " + what);
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

    /** A wall-clock reading in the row's unit, in milliseconds against {@code System.currentTimeMillis()}. */
    private Optional<String> epoch(Call c, long lagMillis, long leadMillis, String what) {
        long perMilli = 1_000_000L / method.unit().nanos();
        long a = System.currentTimeMillis();
        long v = c.raw(c.arg());
        long b = System.currentTimeMillis();
        if (v == Stubs.FAILED) {
            return Optional.of("its first call returned an error");
        }
        return within(Math.floorDiv(v, perMilli), a - lagMillis, b + leadMillis, what + " in ms", "System.currentTimeMillis()");
    }

    private static Optional<String> seconds(Call c) {
        long a = System.currentTimeMillis() / 1_000L;
        long v = c.raw(c.arg());
        long b = System.currentTimeMillis() / 1_000L;
        return within(v, a - 2, b + 1, "time()", "System.currentTimeMillis() / 1000");
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
