package dev.fastclock.linux.x64;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The ways the Linux x86-64 provider can serve a method, in the order it falls back through them.
 *
 * <p>{@code -D}{@value #PROPERTY}{@code =vdso|libc|vsyscall|tsc|jdk} forces one route for every method
 * that route can serve; the other methods keep their usual route and
 * {@link dev.fastclock.FastClock#describe()} says so. A forced route that is not available here at
 * all makes every call fail with an {@link IllegalStateException} that says why.
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
     * The CPU's time-stamp counter, read with {@code rdtsc}: serves {@code ticks} only, and by default
     * only where the kernel trusts the TSC (constant and non-stop, not marked unstable). Forcing it
     * with {@code -Dfastclock.route=tsc} uses it even where the kernel does not (one warning, and the
     * report says so).
     */
    TSC,
    /** The JDK: {@link System#nanoTime()}, {@link System#currentTimeMillis()}, {@link java.time.Instant}; CPU unknown. */
    JDK;

    /** The system property that forces a route. */
    public static final String PROPERTY = "fastclock.route";

    /** The name used in {@value #PROPERTY} and in reports: {@code vdso}, {@code libc}, {@code vsyscall}, {@code tsc}, {@code jdk}. @return the name */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The route named {@code id}.
     *
     * @param id a route name, as {@link #id()} gives it
     * @return the route
     * @throws IllegalArgumentException naming the valid routes, if {@code id} is none of them
     */
    public static Route of(String id) {
        for (Route r : values()) {
            if (r.id().equals(id.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + id + " names no route; the routes are "
                + Arrays.stream(values()).map(Route::id).collect(Collectors.joining(", ")));
    }
}
