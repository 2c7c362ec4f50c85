package dev.fastclock.internal;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Picks the provider: the forced one, else the available one with the highest priority, else
 * {@code jdk}. Every provider failure (while loading, naming, probing or creating) is caught on its
 * own, logged once and kept for the report. Runs once per JVM, from {@link Active}.
 */
public final class Selection {

    /** Bounds the loading loop: a broken ServiceLoader iterator could fail forever. */
    private static final int MAX_LOAD_ATTEMPTS = 256;

    private final FastClockBackend backend;
    private final String providerName;
    private final List<String> lines;

    private Selection(FastClockBackend backend, String providerName, List<String> lines) {
        this.backend = backend;
        this.providerName = providerName;
        this.lines = List.copyOf(lines);
    }

    /** The chosen backend (a throwing stand-in when a forced provider cannot work). */
    public FastClockBackend backend() {
        return backend;
    }

    /** The chosen provider's name, or {@code none} when a forced provider failed. */
    public String providerName() {
        return providerName;
    }

    /** The report of {@link dev.fastclock.FastClock#describe()}; never throws. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append("FastClock provider: ").append(providerName).append('\n');
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        sb.append("routes:\n");
        String routes;
        try {
            routes = backend.describeRoutes();
            if (routes == null) {
                routes = "(describeRoutes() returned null)";
            }
        } catch (RuntimeException | LinkageError e) {
            routes = "(describeRoutes() threw " + e + ")";
        }
        for (String l : routes.split("\n")) {
            if (!l.isEmpty()) {
                sb.append("  ").append(l).append('\n');
            }
        }
        return sb.toString();
    }

    static Selection fromServiceLoader() {
        try {
            ClassLoader loader = Selection.class.getClassLoader();
            return select(ServiceLoader.load(FastClockProvider.class, loader).iterator(),
                    System.getProperty(FastClockProvider.PROVIDER_PROPERTY));
        } catch (Throwable t) {
            rethrowIfFatal(t);
            // A bug here must not take the application down with it.
            log(System.Logger.Level.WARNING, "FastClock: provider selection failed, using jdk", t);
            return new Selection(new SystemClockProvider().create(), SystemClockProvider.NAME,
                    List.of("selection failed: " + t));
        }
    }

    /**
     * Selects from {@code found} (the ServiceLoader's providers) plus the built-in {@code jdk}.
     *
     * @param found  providers, possibly failing as a ServiceLoader iterator can
     * @param forced the forced name, or null/blank for none
     * @return the outcome
     */
    public static Selection select(Iterator<FastClockProvider> found, String forced) {
        List<String> failures = new ArrayList<>();
        List<Candidate> candidates = load(found, failures);
        candidates.add(new Candidate(new SystemClockProvider(), SystemClockProvider.NAME, Integer.MIN_VALUE));
        // Highest priority first; ties keep ServiceLoader order (a stable sort). Loops, not streams and
        // lambdas, in this file: it runs once, at start-up, where every lambda bootstrap costs.
        candidates.sort(new Comparator<Candidate>() {
            @Override
            public int compare(Candidate a, Candidate b) {
                return Integer.compare(b.priority, a.priority);
            }
        });

        String forcedName = forced == null || forced.isBlank() ? null : forced.trim();
        return forcedName != null ? selectForced(candidates, forcedName, failures) : selectByPriority(candidates, failures);
    }

    private static List<Candidate> load(Iterator<FastClockProvider> it, List<String> failures) {
        List<Candidate> candidates = new ArrayList<>();
        for (int attempt = 0; attempt < MAX_LOAD_ATTEMPTS; attempt++) {
            FastClockProvider provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (Throwable t) {
                rethrowIfFatal(t);
                fail(failures, "a provider failed to load: " + t, t);
                continue;
            }
            String className = provider.getClass().getName();
            String name;
            int priority;
            try {
                name = provider.name();
                priority = provider.priority();
            } catch (Throwable t) {
                rethrowIfFatal(t);
                fail(failures, className + " failed to give its name or priority: " + t, t);
                continue;
            }
            if (name == null || name.isBlank()) {
                fail(failures, className + " has no name: skipped", null);
            } else if (SystemClockProvider.NAME.equals(name)) {
                fail(failures, className + " uses the reserved name 'jdk': skipped", null);
            } else if (find(candidates, name) != null) {
                fail(failures, className + " reuses the name '" + name + "' of an earlier provider: skipped", null);
            } else {
                candidates.add(new Candidate(provider, name, priority));
            }
        }
        return candidates;
    }

    private static Selection selectForced(List<Candidate> candidates, String forced, List<String> failures) {
        List<String> lines = new ArrayList<>();
        lines.add("forced: -D" + FastClockProvider.PROVIDER_PROPERTY + "=" + forced);
        StringBuilder names = new StringBuilder();
        for (Candidate c : candidates) {
            names.append(names.isEmpty() ? "" : ", ").append(c.name);
        }
        String known = names.toString();
        Candidate chosen = find(candidates, forced);
        String problem;
        Throwable cause = null;
        if (chosen == null) {
            problem = "-D" + FastClockProvider.PROVIDER_PROPERTY + "=" + forced + " names no provider; found: " + known;
        } else {
            try {
                Optional<String> reason = chosen.provider.unavailableReason();
                if (reason.isEmpty()) {
                    FastClockBackend backend = chosen.provider.create();
                    if (backend == null) {
                        throw new IllegalStateException(chosen.provider.getClass().getName() + ".create() returned null");
                    }
                    lines.add("providers found: " + known);
                    addFailures(lines, failures);
                    return new Selection(backend, forced, lines);
                }
                problem = "forced provider '" + forced + "' cannot work here: " + reason.get() + " (providers found: " + known + ")";
            } catch (Throwable t) {
                rethrowIfFatal(t);
                cause = t;
                problem = "forced provider '" + forced + "' failed to start: " + t + " (providers found: " + known + ")";
            }
        }
        lines.add(problem);
        addFailures(lines, failures);
        log(System.Logger.Level.ERROR, "FastClock: " + problem);
        return new Selection(new FailedBackend(problem, cause), "none", lines);
    }

    private static Selection selectByPriority(List<Candidate> candidates, List<String> failures) {
        List<String> lines = new ArrayList<>();
        lines.add("providers, highest priority first:");
        FastClockBackend chosenBackend = null;
        String chosenName = null;
        for (Candidate c : candidates) {
            String head = "  " + c.name + " (priority " + c.priority + "): ";
            if (chosenBackend != null) {
                lines.add(head + "not tried: " + chosenName + " was chosen first");
                continue;
            }
            try {
                Optional<String> reason = c.provider.unavailableReason();
                if (reason.isPresent()) {
                    lines.add(head + "not available: " + reason.get());
                    continue;
                }
                FastClockBackend backend = c.provider.create();
                if (backend == null) {
                    throw new IllegalStateException(c.provider.getClass().getName() + ".create() returned null");
                }
                chosenBackend = backend;
                chosenName = c.name;
                lines.add(head + "chosen");
            } catch (Throwable t) {
                rethrowIfFatal(t);
                lines.add(head + "failed: " + t);
                log(System.Logger.Level.WARNING, "FastClock: provider " + c.name + " failed, skipped", t);
            }
        }
        addFailures(lines, failures);
        // jdk cannot fail, but never trust that with the application's clock.
        return chosenBackend != null
                ? new Selection(chosenBackend, chosenName, lines)
                : new Selection(new SystemClockProvider().create(), SystemClockProvider.NAME, lines);
    }

    private static void addFailures(List<String> lines, List<String> failures) {
        if (!failures.isEmpty()) {
            lines.add("skipped while loading:");
            for (String f : failures) {
                lines.add("  " + f);
            }
        }
    }

    private static void fail(List<String> failures, String what, Throwable t) {
        failures.add(what);
        log(System.Logger.Level.WARNING, "FastClock: " + what, t);
    }

    /** Looks the logger up only when there is something to say: System.getLogger costs start-up time. */
    private static void log(System.Logger.Level level, String message, Throwable t) {
        System.getLogger("dev.fastclock").log(level, message, t);
    }

    private static void log(System.Logger.Level level, String message) {
        System.getLogger("dev.fastclock").log(level, message);
    }

    private static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError e) {
            throw e;
        }
    }

    private static Candidate find(List<Candidate> candidates, String name) {
        for (Candidate c : candidates) {
            if (c.name.equals(name)) {
                return c;
            }
        }
        return null;
    }

    private record Candidate(FastClockProvider provider, String name, int priority) {
    }
}
