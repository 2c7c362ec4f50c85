package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.Route;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses a route for each method: the forced route where it serves the method, else the method's
 * measured order ({@link Method#defaultOrder()}); a route is taken only when it serves the method and
 * its first call is sane ({@link Sanity}). Routes are opened lazily, so one never needed is never
 * touched (the vsyscall page in particular).
 */
public final class Planner {

    /** The route chosen for one method, and why every earlier route was passed over. */
    public record Choice(Method method, Route route, String how, List<String> passedOver) {
    }

    /**
     * The outcome: a backend, or (for a forced route not available here at all) the reason.
     *
     * @param backend  the backend, or null when {@code failure} is set
     * @param choices  per method
     * @param failure  why a forced route cannot work, or null
     * @param tables   the routes opened, for the report
     */
    public record Plan(LinuxBackend backend, Map<Method, Choice> choices, String failure, Map<Route, RouteTable> tables) {
    }

    private Planner() {
    }

    /**
     * Plans every method.
     *
     * @param env    where to look
     * @param forced the forced route, if any
     * @param rseq   glibc's rseq state (decides libc's place for {@code cpu})
     * @return the plan
     */
    public static Plan plan(LinuxEnvironment env, Optional<Route> forced, Rseq rseq) {
        Tables open = new Tables(env);
        Map<Route, RouteTable> tables = open.opened;
        if (forced.isPresent()) {
            Optional<String> why = open.apply(forced.get()).unavailableReason();
            if (why.isPresent()) {
                String failure = "-D" + Route.PROPERTY + "=" + forced.get().id() + " cannot work here: " + why.get();
                return new Plan(null, Map.of(), failure, tables);
            }
        }
        Map<Method, Choice> choices = new EnumMap<>(Method.class);
        for (Method m : Method.values()) {
            choices.put(m, choose(m, order(m, rseq), forced, open));
        }
        return new Plan(new LinuxBackend(
                handle(choices, tables, Method.NANOS), handle(choices, tables, Method.COARSE_NANOS),
                handle(choices, tables, Method.EPOCH_NANOS), handle(choices, tables, Method.EPOCH_MICROS),
                handle(choices, tables, Method.EPOCH_MILLIS), handle(choices, tables, Method.COARSE_EPOCH_MILLIS),
                handle(choices, tables, Method.EPOCH_SECONDS), handle(choices, tables, Method.RESOLUTION),
                handle(choices, tables, Method.CPU), handle(choices, tables, Method.NODE),
                choices.get(Method.CPU).route() != Route.JDK && choices.get(Method.NODE).route() != Route.JDK,
                describe(choices, tables, forced, rseq)), choices, null, tables);
    }

    /** The per-method account for {@code describe()}: route, how, and what was passed over. */
    static String describe(Map<Method, Choice> choices, Map<Route, RouteTable> tables, Optional<Route> forced, Rseq rseq) {
        StringBuilder sb = new StringBuilder();
        if (forced.isPresent()) {
            sb.append("forced: -D").append(Route.PROPERTY).append('=').append(forced.get().id()).append('\n');
        }
        for (Choice c : choices.values()) {
            sb.append(pad(c.method().apiName(), 19)).append(pad(c.route().id(), 9)).append(c.how()).append('\n');
            for (String p : c.passedOver()) {
                sb.append(pad("", 28)).append("passed over: ").append(p).append('\n');
            }
        }
        for (RouteTable t : tables.values()) {
            if (t.summary().isPresent()) {
                sb.append(t.route().id()).append(": ").append(t.summary().get()).append('\n');
            }
        }
        sb.append("rseq: ").append(rseq.describe()).append('\n');
        return sb.toString();
    }

    /** The routes, each opened at its first use. (Not a lambda: start-up pays for every lambda bootstrap.) */
    private static final class Tables {
        final Map<Route, RouteTable> opened = new EnumMap<>(Route.class);
        private LinuxEnvironment env;

        /** @param env the environment, or null to read the live one when a route first needs it */
        Tables(LinuxEnvironment env) {
            this.env = env;
        }

        RouteTable apply(Route r) {
            RouteTable t = opened.get(r);
            if (t == null) {
                t = switch (r) {
                    case VDSO -> Routes.vdso(env());
                    case LIBC -> Routes.libc();
                    case VSYSCALL -> Routes.vsyscall(env());
                    case JDK -> Routes.jdk();
                };
                opened.put(r, t);
            }
            return t;
        }

        private LinuxEnvironment env() {
            if (env == null) {
                env = LinuxEnvironment.live();
            }
            return env;
        }
    }

    /**
     * Plans one method at a time, at its first use: what the provider's default backend does, so a
     * method on the JDK route (such as {@code nanos}) costs no FFM start-up at all, and a method on
     * libc never reads the vDSO. Thread-safe; never throws (a failure to plan is the JDK route,
     * with the reason in the report).
     */
    public static final class Lazy {
        private final Tables tables = new Tables(null);
        private final Map<Method, Choice> choices = new EnumMap<>(Method.class);
        private Rseq rseq;

        /** Creates the planner; touches nothing native. */
        public Lazy() {
        }

        /**
         * The call serving {@code m}, planning it now if it is not yet.
         *
         * @param m the method
         * @return its call
         */
        public synchronized Call call(Method m) {
            try {
                Choice c = choices.get(m);
                if (c == null) {
                    // rseq only decides cpu's order: nothing native is read for the other methods.
                    c = choose(m, order(m, m == Method.CPU ? rseq() : null), Optional.empty(), tables);
                    choices.put(m, c);
                }
                return tables.apply(c.route()).served(m).orElseThrow().call();
            } catch (RuntimeException | LinkageError e) {
                // Never let planning fail a caller's clock read: the JDK answers, the report says why.
                choices.put(m, new Choice(m, Route.JDK, "System clocks", List.of("planning failed: " + e)));
                System.getLogger("dev.fastclock").log(System.Logger.Level.WARNING,
                        "FastClock: planning " + m.apiName() + " failed, the JDK serves it", e);
                return Call.JDK;
            }
        }

        /** Plans every method not yet planned, and describes all. */
        public synchronized String describe() {
            for (Method m : Method.values()) {
                call(m);
            }
            return Planner.describe(choices, tables.opened, Optional.empty(), rseq());
        }

        private Rseq rseq() {
            if (rseq == null) {
                rseq = Rseq.read();
            }
            return rseq;
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    /**
     * The default order of {@code m}; for {@code cpu}, libc goes behind the vDSO unless glibc answers
     * from rseq ({@code rseq} may be null for every other method).
     */
    static List<Route> order(Method m, Rseq rseq) {
        if (m == Method.CPU && !rseq.registered()) {
            return List.of(Route.VDSO, Route.LIBC, Route.VSYSCALL, Route.JDK);
        }
        return m.defaultOrder();
    }

    private static Choice choose(Method m, List<Route> order, Optional<Route> forced, Tables open) {
        List<Route> tries = new ArrayList<>(order);
        List<String> passed = new ArrayList<>();
        if (forced.isPresent()) {
            Route f = forced.get();
            tries.remove(f);
            if (open.apply(f).served(m).isPresent()) {
                tries.addFirst(f);
            } else {
                passed.add(f.id() + " (forced): " + open.apply(f).whyNot(m) + "; " + m.apiName() + " keeps its usual route");
            }
        }
        if (!tries.contains(Route.JDK)) {
            tries.add(Route.JDK);
        }
        for (Route r : tries) {
            RouteTable t = open.apply(r);
            Optional<RouteTable.Served> s = t.served(m);
            if (s.isEmpty()) {
                passed.add(r.id() + ": " + t.whyNot(m));
                continue;
            }
            Optional<String> insane = r == Route.JDK ? Optional.empty() : Sanity.check(m, s.get().call());
            if (insane.isPresent()) {
                passed.add(r.id() + ": " + insane.get());
                continue;
            }
            boolean fellBack = !passed.isEmpty() && !(forced.isPresent() && passed.size() == 1 && passed.getFirst().contains("(forced)"));
            if (fellBack) {
                // Looked up only when needed: System.getLogger costs start-up time.
                System.getLogger("dev.fastclock").log(System.Logger.Level.WARNING, "FastClock: " + m.apiName() + " falls back to the " + r.id()
                        + " route: " + String.join("; ", passed));
            }
            return new Choice(m, r, s.get().how(), List.copyOf(passed));
        }
        throw new IllegalStateException("the jdk route serves every method"); // unreachable: jdk serves all
    }

    private static Call handle(Map<Method, Choice> choices, Map<Route, RouteTable> tables, Method m) {
        return tables.get(choices.get(m).route()).served(m).orElseThrow().call();
    }
}
