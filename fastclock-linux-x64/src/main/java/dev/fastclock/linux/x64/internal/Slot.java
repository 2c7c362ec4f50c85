package dev.fastclock.linux.x64.internal;

import dev.fastclock.internal.Logs;
import dev.fastclock.internal.Selection;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.ArrayList;
import java.util.List;

/**
 * One method of one backend: a call site whose target is, until the method is planned, "plan it"
 * ({@link #first()}), and after, the chosen {@link Call} as a constant.
 *
 * <p>Why a {@link MutableCallSite} and not a holder class: the JIT folds the call site's target as it
 * would a {@code static final} (measured equal in fastclock-bench), but unlike a class initializer the
 * planning it triggers can be answered around (a call that re-enters while planning is under way gets
 * the JDK's answer), can be cut short and retried (a stack overflow leaves the method unplanned, not
 * broken), and can log after publishing, outside any initializer.
 *
 * @param method  the method
 * @param planner the planner that plans it
 * @param site    the call site
 * @param invoker the call site's invoker, {@code ()Object}
 */
record Slot(Method method, Planner planner, MutableCallSite site, MethodHandle invoker) {

    // No class initializer beyond this constant: one that failed (a first call at the stack's edge)
    // would leave the class unusable for the life of the JVM.

    /** A slot for {@code m}, registered with {@code planner}; plans nothing. */
    static Slot of(Method m, Planner planner) {
        MethodType object = MethodType.methodType(Object.class);
        MutableCallSite site = new MutableCallSite(object);
        Slot s = new Slot(m, planner, site, site.dynamicInvoker());
        try {
            site.setTarget(MethodHandles.lookup().findVirtual(Slot.class, "first", object).bindTo(s));
        } catch (ReflectiveOperationException e) {
            throw new LinkageError("Slot.first", e); // a build error, never a runtime condition
        }
        planner.register(s);
        return s;
    }

    /** The call serving the method now: the planned one, or the JDK's while planning is under way. */
    Call call() {
        try {
            return (Call) (Object) invoker.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t); // first() throws nothing checked
        }
    }

    /** The method's value. */
    long read() {
        return call().read();
    }

    /** The call site's first target: plans, publishes, then logs. Never throws. */
    private Object first() {
        List<Selection.Deferred> logs = new ArrayList<>(0);
        Planner.Choice c;
        try {
            // Ticks, cpu and node wait for a plan under way on another thread: the JDK's stand-in would be
            // in other units (ticks) or "unknown" (-1) where the answer is known. The rest read the same
            // clock either way, so they answer from the JDK and never wait.
            c = method.waitsForPlan() ? planner.planWaiting(method, logs) : planner.plan(method, logs);
        } catch (Throwable t) {
            c = null; // a stack overflow even here: answer this call, plan at the next
        }
        if (c == null || c == planner.busy) {
            return Call.jdk(method.jdk); // only until the method is planned
        }
        try {
            site.setTarget(MethodHandles.constant(Object.class, c.call()));
            Logs.flush(logs);
        } catch (Throwable t) {
            // At the stack's edge: the choice is recorded, so the next call publishes it.
        }
        return c.call();
    }
}
