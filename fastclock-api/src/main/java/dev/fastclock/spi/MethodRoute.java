package dev.fastclock.spi;

import java.util.List;
import java.util.Objects;

/**
 * How one method is served: the route taken, how, and every route passed over before it with the
 * reason. Immutable.
 *
 * @param method     the API method, such as {@code nanos} or {@code cpu}
 * @param route      the route that serves it, such as {@code vdso} or {@code jdk}
 * @param detail     how that route serves it (the function, the clock), for people
 * @param passedOver the routes tried first and why each was not taken, in the order tried
 */
public record MethodRoute(String method, String route, String detail, List<PassedOver> passedOver) {

    /**
     * A route not taken and why.
     *
     * @param route  the route
     * @param reason why it was not taken
     */
    public record PassedOver(String route, String reason) {
        /**
         * Checks the components.
         *
         * @param route  the route
         * @param reason why it was not taken
         */
        public PassedOver {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Checks the components and copies the list.
     *
     * @param method     the API method
     * @param route      the route taken
     * @param detail     how
     * @param passedOver the routes passed over
     */
    public MethodRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(detail, "detail");
        passedOver = List.copyOf(passedOver);
    }
}
