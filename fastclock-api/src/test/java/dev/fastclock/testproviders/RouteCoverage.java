package dev.fastclock.testproviders;

import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

/**
 * The methods a backend's {@code routes()} must cover, read from the API itself so that a new clock
 * method without a route fails the tests: every public static {@code long} method of
 * {@link FastClock} but the tick conversions (they ride on {@code ticks}), and the CPU and node of
 * {@link CpuLocator}.
 */
public final class RouteCoverage {

    private RouteCoverage() {
    }

    /** The method names. @return them */
    public static Set<String> expectedMethods() {
        Set<String> names = new HashSet<>();
        for (Method m : FastClock.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()) && m.getReturnType() == long.class
                    && !m.getName().equals("ticksToNanos") && !m.getName().equals("ticksPerSecond")) {
                names.add(m.getName());
            }
        }
        for (Method m : CpuLocator.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()) && m.getReturnType() == int.class) {
                names.add(m.getName());
            }
        }
        return Set.copyOf(names);
    }
}
