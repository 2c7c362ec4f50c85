package dev.fastclock.linux.x64.internal;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.Plan;

import java.util.List;
import java.util.Optional;

/**
 * The Linux backend: each method's plan, made by the one {@link Planner} when FastClock asks for it
 * (lazy: a program pays only for the routes it uses), or all at once for code that builds a backend
 * itself ({@link #eager}). A plan's reader is a {@link Call}: a record, so that where FastClock holds it
 * as a constant its handle inlines down to the downcall itself. A call that fails natively is answered
 * by the JDK for that call, so an error is never a value; a failed CPU or node call answers -1.
 */
public final class LinuxBackend implements FastClockBackend {

    private final Planner planner;

    private LinuxBackend(Planner planner) {
        this.planner = planner;
    }

    /**
     * A backend whose methods are planned when FastClock asks, one at a time.
     *
     * @param env    the environment, or null for the live one, read at first need
     * @param forced the forced route, if any
     * @return the backend
     */
    public static LinuxBackend lazy(LinuxEnvironment env, Optional<RouteId> forced) {
        return new LinuxBackend(new Planner(env, forced));
    }

    /**
     * A backend with every method planned now, on this thread, before anyone else can see it.
     *
     * @param env    the environment, or null for the live one
     * @param forced the forced route, if any
     * @return the backend
     */
    public static LinuxBackend eager(LinuxEnvironment env, Optional<RouteId> forced) {
        return lazy(env, forced).planAll();
    }

    /**
     * Plans every method not yet planned, now, on this thread.
     *
     * @return this backend
     */
    public LinuxBackend planAll() {
        for (Method m : Method.values()) {
            if (m.planned()) {
                plan(m);
            }
        }
        return this;
    }

    @Override
    public Plan plan(Method method) {
        return planner.plan(method);
    }

    @Override
    public List<String> notes() {
        return planner.notes();
    }

    /**
     * Why the forced route cannot work here at all, if it cannot (opening it now); empty when none is
     * forced or it works.
     *
     * @return the reason, or empty
     */
    public Optional<String> forcedProblem() {
        return planner.forcedProblem();
    }

    /**
     * The plan of {@code m}, making it if need be: for tests that check what was chosen.
     *
     * @param m the method
     * @return its plan
     */
    Plan planOf(Method m) {
        return planner.plan(m);
    }

    @Override
    public String toString() {
        return "LinuxBackend";
    }
}
