package dev.fastclock.spi;

import java.util.List;

/**
 * What a {@link FastClockProvider} builds once it is chosen: a plan for each method of the catalogue
 * ({@link Method}).
 *
 * <p>FastClock asks for each method's plan once, at that method's first call (or at the first
 * {@code report()}), outside any class initializer and lock, and one plan at a time: a backend needs no
 * locking of its own for what it does in {@link #plan}. From then on every call of the method goes to
 * the plan's {@link Reader}, which FastClock holds as a constant the JIT inlines. Code that builds a
 * backend itself (tests, a benchmark) calls {@link #plan} itself, from one thread.
 *
 * <p>A backend that does not serve a method (one written before the method existed) returns null for
 * it: FastClock then answers it from the plan of the catalogue's {@link Method#fallback()} (or the
 * JDK's answer) and the report says so. This package depends on nothing else in FastClock.
 */
public interface FastClockBackend {

    /**
     * How this backend serves {@code method}. May do work (find and prove a native route, calibrate a
     * counter), never on a hot path. A failure it throws is caught: the method then takes the JDK's
     * answer for good, and the report and one log line give the reason; a {@link VirtualMachineError}
     * (a stack overflow at the caller's stack's edge, out of memory) is the moment's, not the
     * backend's: nothing is recorded and the next call plans again.
     *
     * @param method a {@linkplain Method#planned() planned} method of the catalogue
     * @return the plan, or null if this backend does not serve {@code method}
     */
    Plan plan(Method method);

    /**
     * Facts about this backend that belong in the report but to no one method (where the vDSO was
     * found, the clocksource), one line each. Called by {@code FastClock.report()}, never while a plan
     * is being made, so it must only read what the plans left behind: cheap, and no measuring.
     *
     * @return the notes, possibly empty
     */
    default List<String> notes() {
        return List.of();
    }

    /**
     * A backend whose every plan throws {@link IllegalStateException} with {@code message} at each call:
     * what a provider returns when the user forced a choice (a route, a mode) that cannot work, so the
     * first call fails loudly. Without a cause (an expected condition: a bad value, a route not available
     * here) its first plan logs {@code message} as one line; with one, the caller logs the failure with its
     * stack trace.
     *
     * @param message why it cannot work, and what to do
     * @param cause   the underlying failure, or null
     * @return the failing backend
     */
    static FastClockBackend failing(String message, Throwable cause) {
        return new FailedBackend(message, cause);
    }
}
