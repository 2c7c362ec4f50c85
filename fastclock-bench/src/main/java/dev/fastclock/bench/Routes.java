package dev.fastclock.bench;

/** Forces FastClock's route for the rest of this JVM; JMH forks a JVM per param, so one per fork. */
final class Routes {
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
}
