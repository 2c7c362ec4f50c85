package dev.fastclock.spi;

import java.util.List;
import java.util.Objects;

/**
 * How a backend serves one method, decided once: the reader FastClock calls from then on, the route it
 * takes with the routes passed over (for the report), and a message to log once the plan is published,
 * if the user should hear of it (a fallback from the usual route, say). Immutable.
 *
 * @param reader  what answers the method; for {@link Method#TICKS} a {@link TickReader}
 * @param route   the route and what was passed over, for the report
 * @param warning one line to log once the plan is published, or null for nothing to say
 */
public record Plan(Reader reader, MethodRoute route, String warning) {

    /**
     * Checks the components.
     *
     * @param reader  the reader
     * @param route   the route
     * @param warning the message, or null
     */
    public Plan {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(route, "route");
    }

    /**
     * The JDK's answer to {@code m}, on the route {@code jdk}.
     *
     * @param m          the method
     * @param passedOver the routes tried before, with their reasons
     * @return the plan
     */
    public static Plan jdk(Method m, List<MethodRoute.PassedOver> passedOver) {
        return new Plan(m.jdk(), new MethodRoute(m.apiName(), JDK_ROUTE, m.jdkDetail(), passedOver), null);
    }

    /** The route name of the JDK's answers. */
    public static final String JDK_ROUTE = "jdk";

    /** Whether this plan answers with the JDK. @return true on the route {@value #JDK_ROUTE} */
    public boolean isJdk() {
        return JDK_ROUTE.equals(route.route());
    }
}
