package dev.fastclock.bench;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Forces FastClock's route for the rest of this JVM; JMH forks a JVM per param, so one per fork. */
public final class Routes {
    /** The route param value that leaves the provider's own per-method choice alone. */
    static final String DEFAULT = "default";

    private Routes() {
    }

    /**
     * Sets {@code fastclock.route} unless {@code route} is {@link #DEFAULT}. Must run before the
     * first FastClock or CpuLocator call of the JVM: the provider and routes are chosen once.
     */
    static void force(String route) {
        if (!DEFAULT.equals(route)) {
            System.setProperty("fastclock.route", route);
        }
    }

    /** Take it in a benchmark's parameters to run it with the route forced to vdso, before FastClock's first use. */
    @State(Scope.Benchmark)
    public static class Vdso {
        @Setup
        public void force() {
            Routes.force("vdso");
        }
    }

    /** Likewise, forced to libc. */
    @State(Scope.Benchmark)
    public static class Libc {
        @Setup
        public void force() {
            Routes.force("libc");
        }
    }
}
