package dev.fastclock.testproviders;

import dev.fastclock.SettableClock;
import dev.fastclock.settable.SettableBackend;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A working backend over a {@link SettableClock} whose plan of each method, and whose {@link #notes()},
 * the test may script: a plan of its own, null (the method not served), an exception, a plan with a
 * reader of the wrong kind. Unscripted methods answer from the clock on the route {@value #ROUTE}. It
 * counts how often each method was planned. Scripts are set before first use; notes may change any time.
 */
public final class ScriptedBackend implements FastClockBackend {

    /** The route name of the unscripted plans. */
    public static final String ROUTE = "scripted";

    private final SettableBackend clock;
    private final Map<Method, Function<Method, Plan>> scripts = new EnumMap<>(Method.class);
    private final int[] asked = new int[Method.values().length];
    private volatile Supplier<List<String>> notes = List::of;

    /**
     * A backend reading {@code clock}.
     *
     * @param clock the clock its unscripted plans read
     */
    public ScriptedBackend(SettableClock clock) {
        this.clock = new SettableBackend(clock);
    }

    /**
     * What {@link #plan(Method)} does for {@code m} from now on.
     *
     * @param m    the method
     * @param plan called with {@code m}; may return null or throw
     * @return this backend
     */
    public synchronized ScriptedBackend on(Method m, Function<Method, Plan> plan) {
        scripts.put(m, Objects.requireNonNull(plan));
        return this;
    }

    /**
     * {@code m} is not served: its plan is null.
     *
     * @param ms the methods
     * @return this backend
     */
    public ScriptedBackend skip(Method... ms) {
        for (Method m : ms) {
            on(m, x -> null);
        }
        return this;
    }

    /**
     * What {@link #notes()} answers from now on.
     *
     * @param notes called on every {@link #notes()}; may return null or throw
     * @return this backend
     */
    public ScriptedBackend notes(Supplier<List<String>> notes) {
        this.notes = Objects.requireNonNull(notes);
        return this;
    }

    /**
     * The unscripted plan of {@code m}: the clock's reader on the route {@value #ROUTE}.
     *
     * @param m the method
     * @return the plan
     */
    public Plan unscripted(Method m) {
        return new Plan(clock.plan(m).reader(), new MethodRoute(m.apiName(), ROUTE, "the scripted backend's settable clock", List.of()), null);
    }

    /**
     * How many times FastClock asked for the plan of {@code m}.
     *
     * @param m the method
     * @return the count
     */
    public synchronized int asked(Method m) {
        return asked[m.ordinal()];
    }

    @Override
    public Plan plan(Method method) {
        Function<Method, Plan> script;
        synchronized (this) {
            asked[method.ordinal()]++;
            script = scripts.get(method);
        }
        return script != null ? script.apply(method) : unscripted(method);
    }

    @Override
    public List<String> notes() {
        return notes.get();
    }

    @Override
    public String toString() {
        return "ScriptedBackend";
    }
}
