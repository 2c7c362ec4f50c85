package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.Route;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one route can do here: for each {@link Method} either a handle or the reason it has none, or,
 * for a route not available at all, one reason for everything.
 *
 * <p>Not thread-safe: the {@link Planner} that owns it is. Each served method is a {@link Call}; {@link Method#RESOLUTION}'s takes the clock id as its argument.
 */
public final class RouteTable {

    /** A method this route serves: the call, and how, for the report. */
    public record Served(Call call, String how) {
    }

    private final Route route;
    private final String unavailable;
    private final String summary;
    private final Map<Method, Served> served = new EnumMap<>(Method.class);
    private final Map<Method, String> missing = new EnumMap<>(Method.class);
    private Runnable whenFirstMissing;

    private RouteTable(Route route, String unavailable, String summary) {
        this.route = route;
        this.unavailable = unavailable;
        this.summary = summary;
    }

    /** A route not available here at all. */
    static RouteTable unavailable(Route route, String reason) {
        return new RouteTable(route, Objects.requireNonNull(reason), null);
    }

    /** An available route; fill it with {@link #serve} and {@link #miss}. */
    static RouteTable available(Route route, String summary) {
        return new RouteTable(route, null, summary);
    }

    /** Runs {@code fill} (once) the first time a method neither served nor missed yet is asked for. */
    void whenFirstMissing(Runnable fill) {
        this.whenFirstMissing = fill;
    }

    private void fillIfUnknown(Method m) {
        if (whenFirstMissing != null && !served.containsKey(m) && !missing.containsKey(m)) {
            Runnable fill = whenFirstMissing;
            whenFirstMissing = null;
            fill.run();
        }
    }

    RouteTable serve(Method m, Call call, String how) {
        served.put(m, new Served(call, how));
        missing.remove(m);
        return this;
    }

    RouteTable miss(Method m, String reason) {
        if (!served.containsKey(m)) {
            missing.put(m, reason);
        }
        return this;
    }

    /** The route. */
    public Route route() {
        return route;
    }

    /** Why the route is not available here at all, or empty if it is. */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailable);
    }

    /** One line on what the route found (e.g. the vDSO's address), or empty when unavailable. */
    public Optional<String> summary() {
        return Optional.ofNullable(summary);
    }

    /** The handle for {@code m}, if this route serves it. */
    public Optional<Served> served(Method m) {
        fillIfUnknown(m);
        return Optional.ofNullable(served.get(m));
    }

    /** Why this route does not serve {@code m}. */
    public String whyNot(Method m) {
        if (unavailable != null) {
            return unavailable;
        }
        fillIfUnknown(m);
        return missing.getOrDefault(m, "the " + route.id() + " route has no " + m.apiName());
    }
}
