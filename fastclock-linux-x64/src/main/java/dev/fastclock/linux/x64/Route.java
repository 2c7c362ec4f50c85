package dev.fastclock.linux.x64;

import dev.fastclock.linux.x64.internal.RouteId;

import java.util.Locale;

/**
 * The ways the Linux x86-64 provider can serve a method, in the order it falls back through them.
 *
 * <p>{@code -D}{@value #PROPERTY}{@code =vdso|libc|vsyscall|tsc|jdk} (any case) forces one route for every
 * method that route can serve; the other methods keep their usual route and
 * {@link dev.fastclock.FastClock#describe()} says so. A forced route that is unknown, or not available
 * here at all, makes every call fail with an {@link IllegalStateException} that says why, and is logged
 * as one line naming the valid routes.
 */
public enum Route {
    /** The kernel's vDSO functions, found through the auxiliary vector, called through FFM. */
    VDSO,
    /** The C library's functions ({@code clock_gettime}, {@code sched_getcpu}...), through the linker's default lookup. */
    LIBC,
    /**
     * The fixed x86-64 vsyscall page ({@code gettimeofday}, {@code time}, {@code getcpu} only): used
     * only when {@code /proc/self/maps} shows it executable; every call traps into the kernel.
     */
    VSYSCALL,
    /**
     * The CPU's time-stamp counter, read in order ({@code lfence; rdtsc}): serves {@code ticks} only, and
     * by default only where the kernel trusts the TSC (constant and non-stop, not marked unstable).
     * Forcing it with {@code -Dfastclock.route=tsc} uses it even where the kernel does not (one warning,
     * and the report says so).
     */
    TSC,
    /** The JDK: {@link System#nanoTime()}, {@link System#currentTimeMillis()}, {@link java.time.Instant}; CPU unknown. */
    JDK;

    /** The system property that forces a route. */
    public static final String PROPERTY = RouteId.PROPERTY;

    /** The name used in {@value #PROPERTY} and in reports: {@code vdso}, {@code libc}, {@code vsyscall}, {@code tsc}, {@code jdk}. @return the name */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The planner's name for this route. */
    RouteId internal() {
        return RouteId.valueOf(name());
    }

    /**
     * The route named {@code id}, in any case.
     *
     * @param id a route name, as {@link #id()} gives it
     * @return the route
     * @throws IllegalArgumentException naming the valid routes, if {@code id} is none of them
     */
    public static Route of(String id) {
        StringBuilder names = new StringBuilder();
        for (Route r : values()) {
            if (r.id().equalsIgnoreCase(id.trim())) {
                return r;
            }
            names.append(names.length() == 0 ? "" : ", ").append(r.id());
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + id + " names no route; the routes are " + names
                + " (in any case)");
    }
}
