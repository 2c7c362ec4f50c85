package dev.fastclock.linux.x64.internal;

import dev.fastclock.internal.Selection;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.MethodRoute;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The one planner: chooses a route for each method, from the forced route where it serves the
 * method, else the method's measured order ({@link Method#order}); a route is taken only when it
 * serves the method and its first call passes the method's sanity rule. Routes are opened at their
 * first need, so one never needed is never touched (the vsyscall page in particular).
 *
 * <p>It serves every backend: the provider's default (each method planned at its first call), a
 * forced route and {@code LinuxX64Provider.backend(Route)} (every method planned at once: "eager" is
 * only that). Tests give it an environment through the same seam ({@link LinuxEnvironment}).
 *
 * <p>A first call can never deadlock or break a method: planning runs on the caller's thread, in no
 * class initializer and under no lock, only a try-lock that a second planner (another thread, or this
 * one re-entering) does not wait for: it answers that call from the JDK. Messages are collected and
 * logged by the caller after the choice is published. A {@link VirtualMachineError} mid-way (a
 * stack overflow at the stack's edge, out of memory) records nothing, so the next call plans again;
 * any other failure plans the JDK route for good, with the reason in the report.
 */
final class Planner {

    /**
     * The route chosen for one method, its call, and why every earlier route was passed over.
     *
     * @param method     the method
     * @param route      the route
     * @param call       the call that serves it
     * @param how        how, for the report
     * @param passedOver the routes passed over
     */
    record Choice(Method method, Route route, Call call, String how, List<MethodRoute.PassedOver> passedOver) {
    }

    /** What {@link #plan} answers when another planning holds the try-lock (or this thread's own, re-entering). */
    final Choice busy = new Choice(null, null, null, "busy", List.of());

    private final LinuxEnvironment given;
    private final Optional<Route> forced;
    private final AtomicReferenceArray<Choice> choices = new AtomicReferenceArray<>(Method.values().length);
    private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(Method.values().length);
    /**
     * The try-lock: the thread planning, or null. Guards everything below it. Claimed under this
     * object's monitor (held for the claim only), released by a plain field write, which no stack
     * overflow can stop (a method call could, and a planner stuck "busy" would leave every method on
     * the JDK). No static state: a class initializer cut short would break the class for good.
     */
    private volatile Thread owner;
    private final Map<Route, Routes.Fns> opened = new EnumMap<>(Route.class);
    private final List<Selection.Deferred> logs = new ArrayList<>();
    private LinuxEnvironment env;
    private Rseq rseq;
    private int[] nodeTable;
    private boolean nodeTableRead;
    private TscTrust.Verdict tsc;

    /**
     * @param env    the environment, or null to read the live one when a route first needs it
     * @param forced the forced route, if any
     */
    Planner(LinuxEnvironment env, Optional<Route> forced) {
        this.given = env;
        this.forced = forced;
    }

    /** The forced route, if any. */
    Optional<Route> forced() {
        return forced;
    }

    void register(Slot slot) {
        slots.set(slot.method().ordinal(), slot);
    }

    /** The choice for {@code m}, if planned. */
    Choice choice(Method m) {
        return choices.get(m.ordinal());
    }

    /**
     * Plans {@code m} unless it is planned: the choice, with the messages to log once it is
     * published; {@link #busy} when another planning holds the try-lock (another thread, or this one
     * re-entering); or null when a {@link VirtualMachineError} cut planning short. In both cases the
     * caller answers this call from the JDK.
     *
     * @param m    the method
     * @param out  receives the messages to log
     * @return the choice, or null
     */
    Choice plan(Method m, List<Selection.Deferred> out) {
        Choice c = choices.get(m.ordinal());
        if (c != null) {
            return c;
        }
        if (!claim(Thread.currentThread())) {
            return busy;
        }
        try {
            c = choices.get(m.ordinal());
            if (c != null) {
                return c;
            }
            try {
                c = choose(m);
            } catch (VirtualMachineError e) {
                logs.clear();
                return null; // nothing recorded: the next call plans again
            } catch (Throwable t) {
                c = new Choice(m, Route.JDK, Call.jdk(m.jdk), Routes.jdkHow(m),
                        List.of(new MethodRoute.PassedOver("planning", "failed: " + t)));
                logs.add(new Selection.Deferred(System.Logger.Level.WARNING,
                        "FastClock: planning " + m.apiName() + " failed, the JDK serves it", t));
            }
            choices.set(m.ordinal(), c);
            out.addAll(logs);
            logs.clear();
            return c;
        } finally {
            owner = null;
        }
    }

    /**
     * {@link #plan}, waiting (yielding, up to a second) while another thread plans: for ticks, whose
     * JDK answer is in other units, so a reading taken while planning is under way would not subtract
     * from the readings after. The planning thread never waits for anything (it takes no lock and logs
     * nothing), so the wait is bounded by its work; a re-entrant call on the planning thread itself
     * still gets {@link #busy}.
     */
    Choice planWaiting(Method m, List<Selection.Deferred> out) {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (true) {
            Choice c = plan(m, out);
            Thread o = owner;
            if (c != busy || o == Thread.currentThread() || System.nanoTime() - deadline > 0) {
                return c;
            }
            Thread.yield();
        }
    }

    /**
     * Why the forced route cannot work here at all, if it cannot (opening it now); empty when none is forced.
     *
     * @return the reason, or empty
     */
    Optional<String> forcedProblem() {
        if (forced.isEmpty() || forced.get() == Route.JDK) {
            return Optional.empty();
        }
        String why = withLock(() -> open(forced.get()).unavailable());
        return why == null ? Optional.empty()
                : Optional.of("-D" + Route.PROPERTY + "=" + forced.get().id() + " cannot work here: " + why);
    }

    /** Every method's route, planning those not yet planned (through their slots, so each is published). */
    List<MethodRoute> routes() {
        List<MethodRoute> out = new ArrayList<>();
        for (Method m : Method.values()) {
            Slot s = slots.get(m.ordinal());
            if (s != null) {
                s.call(); // plans it if need be
            }
            Choice c = choices.get(m.ordinal());
            if (c == null) {
                out.add(new MethodRoute(m.apiName(), "jdk", Routes.jdkHow(m),
                        List.of(new MethodRoute.PassedOver("planning", "under way on another thread: the JDK answers meanwhile"))));
            } else {
                out.add(new MethodRoute(m.apiName(), c.route().id(), c.how(), c.passedOver()));
            }
        }
        return out;
    }

    /** What the report says beyond the methods: the forced route, what each route found, rseq, the clocksource. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        forced.ifPresent(f -> notes.add("forced: -D" + Route.PROPERTY + "=" + f.id()));
        String more = withLock(() -> {
            StringBuilder sb = new StringBuilder();
            for (Routes.Fns f : opened.values()) {
                if (f.summary() != null) {
                    sb.append(f.summary()).append('\n');
                }
            }
            if (rseq != null) {
                sb.append("rseq: ").append(rseq.describe()).append('\n');
            }
            Choice ticks = choices.get(Method.TICKS.ordinal());
            if (ticks != null && ticks.call().tsc() != null) {
                sb.append("ticks: ").append(ticks.call().tsc().describe()).append('\n');
            }
            Routes.Fns vdso = opened.get(Route.VDSO);
            if (vdso != null && vdso.unavailable() == null) {
                Clocksource.verdict(vdso).ifPresent(v -> sb.append(v).append('\n'));
            }
            Stubs.failureIfTried().ifPresent(f -> sb.append("stubs: ").append(f).append('\n'));
            return sb.toString();
        });
        if (more != null) {
            more.lines().forEach(notes::add);
        } else {
            notes.add("planning is under way on another thread: route details not shown");
        }
        return notes;
    }

    /** Runs {@code body} holding the try-lock, waiting briefly for another thread; null if it cannot have it. */
    private <T> T withLock(java.util.function.Supplier<T> body) {
        Thread me = Thread.currentThread();
        if (owner == me) {
            return null; // re-entered while planning (a logger): do not wait for ourselves
        }
        for (int spins = 0; !claim(me); spins++) {
            if (spins > 10_000) {
                return null;
            }
            Thread.yield();
        }
        try {
            return body.get();
        } finally {
            owner = null;
        }
    }

    private boolean claim(Thread me) {
        synchronized (this) {
            if (owner != null) {
                return false;
            }
            owner = me;
            return true;
        }
    }

    private Choice choose(Method m) {
        if (forced.orElse(null) == Route.JDK) {
            // The pure-Java answer needs no native access: nothing is opened or read.
            return new Choice(m, Route.JDK, Call.jdk(m.jdk), Routes.jdkHow(m), List.of());
        }
        List<Route> tries = new ArrayList<>(m.order(m.needsRseq() ? rseq() : null));
        List<MethodRoute.PassedOver> passed = new ArrayList<>();
        boolean forcedPassed = false;
        int expected = 0; // passed-over routes that are policy, not trouble: no warning for them
        if (forced.isPresent()) {
            Route f = forced.get();
            tries.remove(f);
            Routes.Result r = Routes.serve(open(f), m, m == Method.NODE ? nodeTable() : null);
            if (r.served() != null) {
                tries.add(0, f);
            } else {
                passed.add(new MethodRoute.PassedOver(f.id() + " (forced)", r.whyNot() + "; " + m.apiName() + " keeps its usual route"));
                forcedPassed = true;
            }
        }
        if (!tries.contains(Route.JDK)) {
            tries.add(Route.JDK);
        }
        for (Route r : tries) {
            Routes.Result res = Routes.serve(open(r), m, m == Method.NODE ? nodeTable() : null);
            if (res.served() == null) {
                passed.add(new MethodRoute.PassedOver(r.id(), res.whyNot()));
                if (r == Route.TSC && open(r).unavailable() != null) {
                    expected++; // the kernel does not trust the TSC here: ticks are nanoseconds, as documented
                }
                continue;
            }
            Optional<String> insane = r == Route.JDK ? Optional.empty() : m.check.check(res.served().call());
            if (insane.isPresent()) {
                passed.add(new MethodRoute.PassedOver(r.id(), insane.get()));
                continue;
            }
            Routes.Served served = res.served();
            if (r == Route.TSC) {
                // Ticks are taken only with a rate: calibrated now, against CLOCK_MONOTONIC_RAW.
                TscCalibrator.Outcome cal = calibrate(served.call());
                if (cal.calibrator().isEmpty()) {
                    passed.add(new MethodRoute.PassedOver(r.id(), "cannot calibrate: " + cal.detail()));
                    continue;
                }
                served = new Routes.Served(served.call().withCalibrator(cal.calibrator().get()), served.how());
            }
            if (passed.size() > (forcedPassed ? 1 : 0) + expected) {
                StringBuilder why = new StringBuilder();
                for (MethodRoute.PassedOver p : passed) {
                    why.append(why.length() == 0 ? "" : "; ").append(p.route()).append(": ").append(p.reason());
                }
                logs.add(new Selection.Deferred(System.Logger.Level.WARNING,
                        "FastClock: " + m.apiName() + " falls back to the " + r.id() + " route: " + why, null));
            }
            return new Choice(m, r, served.call(), served.how(), passed);
        }
        throw new IllegalStateException("the jdk route serves every method"); // unreachable
    }

    /**
     * A calibrator for the TSC against {@code CLOCK_MONOTONIC_RAW} from the vDSO (else libc), read
     * with an ordered {@code lfence; rdtsc}. Classes, not lambdas: start-up pays for each lambda.
     */
    private TscCalibrator.Outcome calibrate(Call ticks) {
        Call raw = null;
        for (Route r : List.of(Route.VDSO, Route.LIBC)) {
            Routes.Result res = Routes.serve(open(r), Method.RAW_NANOS, null);
            if (res.served() != null && Method.RAW_NANOS.check.check(res.served().call()).isEmpty()) {
                raw = res.served().call();
                break;
            }
        }
        Optional<java.lang.invoke.MethodHandle> pairStub = Stubs.handle(Stubs.Shape.RAW_PAIR, true);
        if (raw == null) {
            return new TscCalibrator.Outcome(Optional.empty(), "no CLOCK_MONOTONIC_RAW from the vDSO or libc to calibrate against", 0);
        }
        Optional<java.lang.invoke.MethodHandle> ordered = Stubs.handle(Stubs.Shape.TSC_ORDERED, true);
        Call counter = ordered.isPresent()
                ? new Call(ordered.get(), 0, 0, Call.TICKS, Jdk.NANO_TIME, null, null, null) : ticks;
        Call reference = raw;
        TscCalibrator.PairReader pairs = null;
        if (pairStub.isPresent()) {
            // The whole pair in one native call: the raw clock's proven function, called by the stub.
            java.lang.foreign.MemorySegment buffer = java.lang.foreign.Arena.ofAuto().allocate(24, 8);
            Call pair = new Call(pairStub.get(), buffer.address(), raw.target(), Call.RAW, Jdk.NANO_TIME, null, null, null);
            pairs = new TscCalibrator.PairReader() {
                @Override
                public boolean read(long[] out) {
                    if (pair.raw(pair.arg()) != 0) {
                        return false;
                    }
                    out[0] = buffer.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0);
                    out[1] = buffer.get(java.lang.foreign.ValueLayout.JAVA_LONG, 8);
                    out[2] = buffer.get(java.lang.foreign.ValueLayout.JAVA_LONG, 16);
                    return true;
                }
            };
        }
        java.util.function.LongSupplier count = new java.util.function.LongSupplier() {
            @Override
            public long getAsLong() {
                return counter.raw(0);
            }
        };
        java.util.function.LongSupplier ref = new java.util.function.LongSupplier() {
            @Override
            public long getAsLong() {
                return reference.raw(reference.arg());
            }
        };
        // A second try when an overloaded moment (preempted pairs) spoiled the first, accepting a first
        // bound five times wider, which the recalibrations then narrow within tens of milliseconds: each
        // try is bounded at half the first call's 10 ms budget, and ticks that fall back now stay
        // nanoseconds for the process.
        TscCalibrator.Outcome first = TscCalibrator.start(count, ref, pairs);
        if (first.calibrator().isPresent()) {
            return first;
        }
        TscCalibrator.Outcome second = TscCalibrator.start(count, ref, pairs, 5);
        return second.calibrator().isPresent() ? second
                : new TscCalibrator.Outcome(Optional.empty(), first.detail() + "; again: " + second.detail(), first.heldNanos() + second.heldNanos());
    }

    private Routes.Fns open(Route r) {
        Routes.Fns f = opened.get(r);
        if (f == null) {
            f = switch (r) {
                case VDSO -> Routes.vdso(env());
                case LIBC -> Routes.libc();
                case VSYSCALL -> Routes.vsyscall(env());
                case TSC -> Routes.tsc(tscVerdict(), forced.orElse(null) == Route.TSC);
                case JDK -> new Routes.Fns(Route.JDK, null, null, Map.of(), Map.of(), Map.of(), false);
            };
            if (r == Route.TSC && f.unavailable() == null && !tscVerdict().trusted()) {
                logs.add(new Selection.Deferred(System.Logger.Level.WARNING, "FastClock: -D" + Route.PROPERTY
                        + "=tsc forces the time-stamp counter although the kernel does not trust it: " + tscVerdict().reason(), null));
            }
            opened.put(r, f);
        }
        return f;
    }

    private LinuxEnvironment env() {
        if (env == null) {
            env = given != null ? given : LinuxEnvironment.live();
        }
        return env;
    }

    private LinuxEnvironment.Files files() {
        return given != null ? given.files() : LinuxEnvironment.LIVE_FILES;
    }

    private Rseq rseq() {
        if (rseq == null) {
            rseq = Rseq.read();
        }
        return rseq;
    }

    private int[] nodeTable() {
        if (!nodeTableRead) {
            nodeTable = Routes.nodeTable(files());
            nodeTableRead = true;
        }
        return nodeTable;
    }

    private TscTrust.Verdict tscVerdict() {
        if (tsc == null) {
            LinuxEnvironment.Files f = files();
            String cs = "/sys/devices/system/clocksource/clocksource0/";
            tsc = TscTrust.decide(f.read("/proc/cpuinfo"), f.read(cs + "current_clocksource"), f.read(cs + "available_clocksource"));
        }
        return tsc;
    }
}
