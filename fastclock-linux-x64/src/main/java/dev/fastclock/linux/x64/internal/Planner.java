package dev.fastclock.linux.x64.internal;

import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.Reader;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses a route for each method: the forced route where it serves the method, else the row's measured
 * order ({@link Row}); a route is taken only when it serves the method and its first call passes the
 * row's sanity rule. Routes are opened at their first need, so one never needed is never touched (the
 * vsyscall page in particular).
 *
 * <p>Not thread-safe, on purpose: FastClock asks for one plan at a time (under its one claim), and an
 * eager backend plans everything before anyone else sees it. Nothing here locks, waits or logs: a
 * fallback's message travels in its {@link Plan}, logged by FastClock once it is published. Only
 * {@link #notes()} may be called from any thread: it reads a snapshot that each plan replaces.
 */
final class Planner {

    private final LinuxEnvironment given;
    private final Optional<RouteId> forced;
    private final Plan[] plans = new Plan[Method.values().length];
    private final Map<RouteId, Routes.Fns> opened = new EnumMap<>(RouteId.class);
    private LinuxEnvironment env;
    private Rseq rseq;
    private int[] nodeTable;
    private boolean nodeTableRead;
    private TscTrust.Verdict tsc;

    // What notes() reads from other threads: replaced after each plan, never changed.
    private volatile List<String> noted = List.of();
    private volatile Routes.Fns vdso;
    private volatile TscCalibrator calibrator;

    /**
     * @param env    the environment, or null to read the live one when a route first needs it
     * @param forced the forced route, if any
     */
    Planner(LinuxEnvironment env, Optional<RouteId> forced) {
        this.given = env;
        this.forced = forced;
    }

    /** The forced route, if any. */
    Optional<RouteId> forced() {
        return forced;
    }

    /**
     * The plan for {@code m}, made now if it was not: null for a method with no row here (none today;
     * the catalogue's fallback would answer it).
     */
    Plan plan(Method m) {
        Plan p = plans[m.ordinal()];
        if (p != null) {
            return p;
        }
        if (m == Method.IS_SUPPORTED) {
            p = supported();
        } else {
            Row row = Row.of(m);
            if (row == null) {
                return null;
            }
            p = choose(row);
        }
        plans[m.ordinal()] = p;
        note();
        return p;
    }

    /** The plan already made for {@code m}, or null. */
    Plan planned(Method m) {
        return plans[m.ordinal()];
    }

    /** {@code isSupported}: true where the CPU and the node are both served natively. */
    private Plan supported() {
        Plan cpu = plan(Method.CPU);
        Plan node = plan(Method.NODE);
        boolean yes = !cpu.isJdk() && !node.isJdk();
        String route = yes ? cpu.route().route() : Plan.JDK_ROUTE;
        return new Plan(new Constant(yes ? 1 : 0), new MethodRoute(Method.IS_SUPPORTED.apiName(), route,
                (yes ? "true" : "false") + ": cpu on " + cpu.route().route() + ", node on " + node.route().route(), List.of()), null);
    }

    /**
     * Why the forced route cannot work here at all, if it cannot (opening it now); empty when none is forced.
     *
     * @return the reason, or empty
     */
    Optional<String> forcedProblem() {
        if (forced.isEmpty() || forced.get() == RouteId.JDK) {
            return Optional.empty();
        }
        String why = open(forced.get()).unavailable();
        note();
        return why == null ? Optional.empty()
                : Optional.of("-D" + RouteId.PROPERTY + "=" + forced.get().id() + " cannot work here: " + why);
    }

    /**
     * What the report says beyond the methods: the forced route, what each route found, rseq, the ticks'
     * calibration, the clocksource. Any thread; measures the clocksource once per process, the first
     * time (never while a plan is being made: FastClock asks for notes outside its claim).
     */
    List<String> notes() {
        List<String> notes = new ArrayList<>(noted);
        TscCalibrator c = calibrator;
        if (c != null) {
            notes.add("ticks: " + c.describe());
        }
        Routes.Fns v = vdso;
        if (v != null && v.unavailable() == null) {
            Optional<String> verdict = Clocksource.verdict(v);
            if (verdict.isPresent()) {
                notes.add(verdict.get());
            }
        }
        return notes;
    }

    /** Replaces the snapshot {@link #notes()} reads. */
    private void note() {
        List<String> notes = new ArrayList<>();
        if (forced.isPresent()) {
            notes.add("forced: -D" + RouteId.PROPERTY + "=" + forced.get().id());
        }
        for (Routes.Fns f : opened.values()) {
            if (f.summary() != null) {
                notes.add(f.summary());
            }
        }
        if (rseq != null) {
            notes.add("rseq: " + rseq.describe());
        }
        if (!opened.isEmpty()) { // a route opened may have tried the stub page; none opened, Stubs stays unloaded
            Optional<String> stubs = Stubs.failureIfTried();
            if (stubs.isPresent()) {
                notes.add("stubs: " + stubs.get());
            }
        }
        noted = List.copyOf(notes);
        vdso = opened.get(RouteId.VDSO);
    }

    private Plan choose(Row m) {
        Method method = m.method;
        if (forced.orElse(null) == RouteId.JDK) {
            // The pure-Java answer needs no native access: nothing is opened or read.
            return Plan.jdk(method, List.of());
        }
        if (m == Row.CLOCK_STATUS) {
            return chooseStatus();
        }
        List<RouteId> tries = new ArrayList<>(m.order(m.needsRseq() ? rseq() : null));
        List<MethodRoute.PassedOver> passed = new ArrayList<>();
        boolean forcedPassed = false;
        int expected = 0; // passed-over routes that are policy, not trouble: no warning for them
        if (forced.isPresent()) {
            RouteId f = forced.get();
            tries.remove(f);
            Routes.Result r = Routes.serve(open(f), m, method == Method.NODE ? nodeTable() : null);
            if (r.served() != null) {
                tries.add(0, f);
            } else {
                passed.add(new MethodRoute.PassedOver(f.id() + " (forced)", r.whyNot() + "; " + m.apiName() + " keeps its usual route"));
                forcedPassed = true;
            }
        }
        if (!tries.contains(RouteId.JDK)) {
            tries.add(RouteId.JDK);
        }
        String warning = null;
        for (RouteId r : tries) {
            Reader reader;
            String how;
            if (r == RouteId.JDK) {
                // The JDK's own answer: nothing to open or prove (a JDK-first method loads nothing native).
                reader = method.jdk();
                how = method.jdkDetail();
            } else {
                Routes.Result res = Routes.serve(open(r), m, method == Method.NODE ? nodeTable() : null);
                if (res.served() == null) {
                    passed.add(new MethodRoute.PassedOver(r.id(), res.whyNot()));
                    if (r == RouteId.TSC && open(r).unavailable() != null) {
                        expected++; // the kernel does not trust the TSC here: ticks are nanoseconds, as documented
                    }
                    continue;
                }
                Optional<String> insane = m.check(res.served().call());
                if (insane.isPresent()) {
                    passed.add(new MethodRoute.PassedOver(r.id(), insane.get()));
                    continue;
                }
                Call call = res.served().call();
                if (r == RouteId.TSC) {
                    // Ticks are taken only with a rate: calibrated now, against CLOCK_MONOTONIC_RAW, so that no
                    // reading is ever handed out before its conversion is known.
                    TscCalibrator.Outcome cal = TscRouteCalibration.calibrate(open(RouteId.VDSO), open(RouteId.LIBC));
                    if (cal.calibrator().isEmpty()) {
                        passed.add(new MethodRoute.PassedOver(r.id(), "cannot calibrate: " + cal.detail()));
                        continue;
                    }
                    calibrator = cal.calibrator().get();
                    call = call.withCalibrator(cal.calibrator().get());
                    if (!tscVerdict().trusted()) {
                        warning = "-D" + RouteId.PROPERTY + "=tsc forces the time-stamp counter although the kernel does not trust it: "
                                + tscVerdict().reason();
                    }
                }
                reader = call;
                how = res.served().how();
            }
            if (passed.size() > (forcedPassed ? 1 : 0) + expected) {
                StringBuilder why = new StringBuilder();
                for (MethodRoute.PassedOver p : passed) {
                    why.append(why.length() == 0 ? "" : "; ").append(p.route()).append(": ").append(p.reason());
                }
                warning = m.apiName() + " falls back to the " + r.id() + " route: " + why;
            }
            return new Plan(reader, new MethodRoute(m.apiName(), r.id(), how, passed), warning);
        }
        throw new IllegalStateException("the jdk route serves every method"); // unreachable
    }

    /**
     * {@code clockStatus}: libc's {@code adjtimex} (through the environment's seam where a test gives one),
     * else the JDK's "unknown". Not a {@link Call}: it fills a struct, and it is no hot path.
     */
    private Plan chooseStatus() {
        Row m = Row.CLOCK_STATUS;
        List<MethodRoute.PassedOver> passed = new ArrayList<>();
        if (forced.isPresent() && forced.get() != RouteId.LIBC) {
            passed.add(new MethodRoute.PassedOver(forced.get().id() + " (forced)", "the " + forced.get().id()
                    + " route has no adjtimex; clockStatus keeps its usual route"));
        }
        Routes.Fns libc = open(RouteId.LIBC);
        Long address = libc.addresses().get(Fn.ADJTIMEX);
        if (address == null) {
            passed.add(new MethodRoute.PassedOver(RouteId.LIBC.id(), libc.unavailable() != null ? libc.unavailable() : libc.absent().get(Fn.ADJTIMEX)));
        } else {
            LinuxEnvironment.Adjtimex seam = given != null ? given.adjtimex() : null;
            StatusCall call = new StatusCall(seam != null ? seam : StatusCall.libc(address));
            Optional<String> insane = Row.checkStatus(call);
            if (insane.isEmpty()) {
                String how = libc.where().get(Fn.ADJTIMEX) + " (" + m.ways.get(0).note() + ")" + (seam != null ? " [through the test's seam]" : "");
                return new Plan(call, new MethodRoute(m.apiName(), RouteId.LIBC.id(), how, passed), null);
            }
            passed.add(new MethodRoute.PassedOver(RouteId.LIBC.id(), insane.get()));
        }
        return new Plan(Method.CLOCK_STATUS.jdk(), new MethodRoute(m.apiName(), Plan.JDK_ROUTE, Method.CLOCK_STATUS.jdkDetail(), passed),
                "clockStatus falls back to the jdk route (unknown): " + passed.get(passed.size() - 1).reason());
    }

    private Routes.Fns open(RouteId r) {
        Routes.Fns f = opened.get(r);
        if (f == null) {
            f = switch (r) {
                case VDSO -> Routes.vdso(env());
                case LIBC -> Routes.libc();
                case VSYSCALL -> Routes.vsyscall(env());
                case TSC -> Routes.tsc(tscVerdict(), forced.orElse(null) == RouteId.TSC);
                case JDK -> new Routes.Fns(RouteId.JDK, null, null, Map.of(), Map.of(), Map.of(), false);
            };
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

    /** A reader with a fixed answer. @param value the answer */
    private record Constant(long value) implements Reader {
        @Override
        public long read(long arg) {
            return value;
        }
    }
}
