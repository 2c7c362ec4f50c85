package dev.fastclock;

import dev.fastclock.spi.Method;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' view of the catalogue ({@link Method}): the planned rows, and each row's API method called by
 * reflection (statically, and through {@link FastClock#source()} / {@link CpuLocator#source()}), so that
 * per-method loops follow the catalogue instead of a hand-written list.
 */
final class Catalogue {

    private Catalogue() {
    }

    /** The rows a provider plans, in catalogue order: what a report lists. */
    static List<Method> planned() {
        List<Method> planned = new ArrayList<>();
        for (Method m : Method.values()) {
            if (m.planned()) {
                planned.add(m);
            }
        }
        return planned;
    }

    /** The api names of {@link #planned()}, in order. */
    static List<String> plannedNames() {
        List<String> names = new ArrayList<>();
        for (Method m : planned()) {
            names.add(m.apiName());
        }
        return names;
    }

    /** The class that declares the static method of {@code m}. */
    static Class<?> owner(Method m) {
        return m.owner() == Method.Owner.FAST_CLOCK ? FastClock.class : CpuLocator.class;
    }

    /** The instance interface that has the method of {@code m}. */
    static Class<?> sourceType(Method m) {
        return m.owner() == Method.Owner.FAST_CLOCK ? TimeSource.class : CpuSource.class;
    }

    /** What the API method of {@code m} takes. */
    static Class<?>[] parameters(Method m) {
        switch (m) {
            case RESOLUTION:
                return new Class<?>[]{ClockId.class};
            case TICKS_TO_NANOS:
                return new Class<?>[]{long.class};
            default:
                return new Class<?>[0];
        }
    }

    /** What the API method of {@code m} returns, from the row's unit. */
    static Class<?> returnType(Method m) {
        switch (m.unit()) {
            case BOOLEAN:
                return boolean.class;
            case CPU:
            case NODE:
                return int.class;
            case STATUS:
                return ClockStatus.class;
            default:
                return long.class;
        }
    }

    /** The static API method of {@code m}, called as {@link FastClock#read(Method)} calls it. */
    static long callStatic(Method m) {
        Object[] args = m == Method.TICKS_TO_NANOS ? new Object[]{FastClock.ticksPerSecond()}
                : m == Method.RESOLUTION ? new Object[]{ClockId.MONOTONIC} : new Object[0];
        return invoke(owner(m), null, m, args);
    }

    /** The instance method of {@code m} on FastClock's sources, called as {@link FastClock#read(Method)} calls the static one. */
    static long callSource(Method m) {
        return callOn(FastClock.source(), CpuLocator.source(), m);
    }

    /**
     * The instance method of {@code m} on {@code time} (rows of FastClock) or {@code cpu} (rows of
     * CpuLocator), called as {@link FastClock#read(Method)} calls the static one.
     */
    static long callOn(TimeSource time, CpuSource cpu, Method m) {
        Object target = m.owner() == Method.Owner.FAST_CLOCK ? time : cpu;
        Object[] args = m == Method.TICKS_TO_NANOS ? new Object[]{time.ticksPerSecond()}
                : m == Method.RESOLUTION ? new Object[]{ClockId.MONOTONIC} : new Object[0];
        return invoke(sourceType(m), target, m, args);
    }

    private static long invoke(Class<?> type, Object target, Method m, Object[] args) {
        try {
            return asLong(type.getMethod(m.apiName(), parameters(m)).invoke(target, args));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new AssertionError(e);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type.getName() + " has no method for catalogue row " + m, e);
        }
    }

    /** A reading as {@link FastClock#read(Method)} gives it: booleans 1 or 0, a status its state. */
    static long asLong(Object result) {
        if (result instanceof Long l) {
            return l;
        }
        if (result instanceof Integer i) {
            return i;
        }
        if (result instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (result instanceof ClockStatus s) {
            return s.state();
        }
        throw new AssertionError("not a reading: " + result);
    }
}
