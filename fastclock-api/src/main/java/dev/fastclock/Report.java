package dev.fastclock;

import dev.fastclock.spi.MethodRoute;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What FastClock chose and why, as data: the provider, every provider passed over with its reason,
 * and for each method the route that serves it, how, and the routes passed over with their reasons.
 * {@link #toString()} renders it for people; {@link FastClock#describe()} returns that text.
 * Immutable.
 *
 * @param provider  the chosen provider's name, {@code none} when a forced provider cannot work
 * @param forced    the provider forced with {@code -Dfastclock.provider}, if any
 * @param providers every provider considered, highest priority first, with what became of it
 * @param problems  providers that could not be considered at all (failed to load, no name...)
 * @param methods   per method, the route and what was passed over
 * @param notes     facts about the routes that belong to no one method
 * @param messages  every start-up message FastClock logged (or had no logger to log through), as
 *                  {@code LEVEL text}, in order: what the log would show, for a program that exits before
 *                  the log thread writes it or has no logger configured
 */
public record Report(String provider, Optional<String> forced, List<Provider> providers, List<String> problems,
                     List<MethodRoute> methods, List<String> notes, List<String> messages) {

    /**
     * A provider and what became of it.
     *
     * @param name     its name
     * @param priority its priority
     * @param outcome  {@code chosen}, or why not: {@code not available: ...}, {@code failed: ...}, {@code not tried: ...}
     */
    public record Provider(String name, int priority, String outcome) {
        /**
         * Checks the components.
         *
         * @param name     its name
         * @param priority its priority
         * @param outcome  what became of it
         */
        public Provider {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * Checks the components and copies the lists.
     *
     * @param provider  the chosen provider's name
     * @param forced    the forced provider, if any
     * @param providers the providers considered
     * @param problems  providers not considered
     * @param methods   per method
     * @param notes     route facts
     * @param messages  the start-up messages
     */
    public Report {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(forced, "forced");
        providers = List.copyOf(providers);
        problems = List.copyOf(problems);
        methods = List.copyOf(methods);
        notes = List.copyOf(notes);
        messages = List.copyOf(messages);
    }

    /**
     * The route of one method.
     *
     * @param method the API method name, such as {@code nanos}
     * @return its route, if the backend reports it
     */
    public Optional<MethodRoute> method(String method) {
        for (MethodRoute m : methods) {
            if (m.method().equals(method)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The report as text, several lines: what {@link FastClock#describe()} returns. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("FastClock provider: ").append(provider).append('\n');
        forced.ifPresent(f -> sb.append("forced: -Dfastclock.provider=").append(f).append('\n'));
        if (!providers.isEmpty()) {
            sb.append("providers, highest priority first:\n");
            for (Provider p : providers) {
                sb.append("  ").append(p.name()).append(" (priority ").append(p.priority()).append("): ")
                        .append(p.outcome()).append('\n');
            }
        }
        if (!problems.isEmpty()) {
            sb.append("skipped while loading:\n");
            for (String p : problems) {
                sb.append("  ").append(p).append('\n');
            }
        }
        sb.append("routes:\n");
        for (MethodRoute m : methods) {
            sb.append("  ").append(pad(m.method(), 19)).append(pad(m.route(), 9)).append(m.detail()).append('\n');
            for (MethodRoute.PassedOver p : m.passedOver()) {
                sb.append("  ").append(pad("", 28)).append("passed over: ").append(p.route()).append(": ")
                        .append(p.reason()).append('\n');
            }
        }
        for (String n : notes) {
            sb.append("  ").append(n).append('\n');
        }
        if (!messages.isEmpty()) {
            sb.append("logged at start-up:\n");
            for (String m : messages) {
                sb.append("  ").append(m).append('\n');
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
