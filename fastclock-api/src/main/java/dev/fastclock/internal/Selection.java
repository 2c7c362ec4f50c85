package dev.fastclock.internal;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.SystemClockBackend;
import dev.fastclock.spi.UnavailableException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Picks the provider: the forced one, else the available one with the highest priority, else
 * {@code jdk}. Every provider failure (while loading, naming, probing or creating) is caught on its
 * own and kept for the report and for one log line. Nothing is logged here: the messages are
 * collected in {@link #messages()} and logged once the choice is published ({@link Active}).
 *
 * <p>Names are matched without regard to case: {@code -Dfastclock.provider=Linux-X64} forces
 * {@code linux-x64}.
 */
public final class Selection {

    /** Bounds the loading loop: a broken ServiceLoader iterator could fail forever. */
    private static final int MAX_LOAD_ATTEMPTS = 256;
    /** The name of {@code dev.fastclock.settable.SettableClockProvider} (this package does not depend on that one). */
    private static final String SETTABLE = "settable";
    /** The first Java feature version with the final FFM API, which the native providers need. */
    private static final int FFM_FEATURE = 22;

    /**
     * What became of one provider.
     *
     * @param name     its name
     * @param priority its priority
     * @param outcome  {@code chosen}, {@code not available: ...}, {@code failed: ...} or {@code not tried: ...}
     */
    public record Outcome(String name, int priority, String outcome) {
    }

    private final FastClockBackend backend;
    private final String providerName;
    private final String forced;
    private final List<Outcome> outcomes;
    private final List<String> problems;
    private final List<Message> messages;
    private final List<String> notes;

    private Selection(FastClockBackend backend, String providerName, String forced, List<Outcome> outcomes,
                      List<String> problems, List<Message> messages, List<String> notes) {
        this.backend = backend;
        this.providerName = providerName;
        this.forced = forced;
        this.outcomes = List.copyOf(outcomes);
        this.problems = List.copyOf(problems);
        this.messages = List.copyOf(messages);
        this.notes = List.copyOf(notes);
    }

    /** The chosen backend (a throwing stand-in when a forced provider cannot work). @return it */
    public FastClockBackend backend() {
        return backend;
    }

    /** The chosen provider's name, or {@code none} when a forced provider failed. @return the name */
    public String providerName() {
        return providerName;
    }

    /** The forced provider's name as given, or null when none was forced. @return the name */
    public String forced() {
        return forced;
    }

    /** Every provider considered, highest priority first. @return the outcomes */
    public List<Outcome> outcomes() {
        return outcomes;
    }

    /** Providers that could not even be considered (failed to load, no name...), one line each. @return the lines */
    public List<String> problems() {
        return problems;
    }

    /** What to log once this selection is published (and keep for the report). @return the messages */
    public List<Message> messages() {
        return messages;
    }

    /** Facts about the choice for the report, such as a faster provider that is missing. @return the lines */
    public List<String> notes() {
        return notes;
    }

    /** Selection from the ServiceLoader and {@code -Dfastclock.provider}. @return the outcome */
    static Selection fromServiceLoader() {
        try {
            ClassLoader loader = Selection.class.getClassLoader();
            return select(ServiceLoader.load(FastClockProvider.class, loader).iterator(),
                    System.getProperty(FastClockProvider.PROVIDER_PROPERTY));
        } catch (VirtualMachineError e) {
            throw e; // a stack overflow or out of memory: nothing is recorded, the next call selects again
        } catch (Throwable t) {
            // A bug here must not take the application down with it.
            return new Selection(new SystemClockBackend(), SystemClockProvider.NAME, null, List.of(), List.of("selection failed: " + t),
                    List.of(new Message(System.Logger.Level.WARNING, "FastClock: provider selection failed, using jdk", t)), List.of());
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
        List<String> problems = new ArrayList<>();
        List<Message> logs = new ArrayList<>();
        List<Candidate> candidates = load(found, problems, logs);
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
        return forcedName != null
                ? selectForced(candidates, forcedName, problems, logs)
                : selectByPriority(candidates, problems, logs);
    }

    private static List<Candidate> load(Iterator<FastClockProvider> it, List<String> problems, List<Message> logs) {
        List<Candidate> candidates = new ArrayList<>();
        for (int attempt = 0; attempt < MAX_LOAD_ATTEMPTS; attempt++) {
            FastClockProvider provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                // ServiceLoader wraps what a provider's constructor threw: a stack overflow or out of memory
                // there is this moment's, not the provider's failure, so select again later.
                for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                    if (c instanceof VirtualMachineError) {
                        throw (VirtualMachineError) c;
                    }
                }
                String tooNew = tooNewForThisJvm(t);
                if (tooNew != null) {
                    // Expected on Java 17-21 with the Linux provider present: one line, no stack trace
                    // (and once: on the module path the loader reports the same provider twice).
                    if (!problems.contains(tooNew)) {
                        problems.add(tooNew);
                        logs.add(new Message(System.Logger.Level.WARNING, "FastClock: " + tooNew, null));
                    }
                } else {
                    problem(problems, logs, "a provider failed to load: " + t, t);
                }
                continue;
            }
            String className = provider.getClass().getName();
            String name;
            int priority;
            try {
                name = provider.name();
                priority = provider.priority();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                problem(problems, logs, className + " failed to give its name or priority: " + t, t);
                continue;
            }
            if (name == null || name.isBlank()) {
                problem(problems, logs, className + " has no name: skipped", null);
            } else if (SystemClockProvider.NAME.equalsIgnoreCase(name.trim())) {
                problem(problems, logs, className + " uses the reserved name 'jdk': skipped", null);
            } else if (find(candidates, name) != null) {
                problem(problems, logs, className + " reuses the name '" + name + "' of an earlier provider: skipped", null);
            } else {
                candidates.add(new Candidate(provider, name.trim(), priority));
            }
        }
        return candidates;
    }

    /**
     * One line when {@code t} is a provider compiled for a newer Java than this JVM (the Linux provider
     * needs Java 22's FFM API), else null.
     */
    static String tooNewForThisJvm(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnsupportedClassVersionError) {
                String msg = String.valueOf(c.getMessage());
                int slash = msg.indexOf(' ');
                String cls = slash > 0 ? msg.substring(0, slash).replace('/', '.') : "a provider";
                return cls + " needs Java " + FFM_FEATURE + " or newer (this JVM is Java "
                        + Runtime.version().feature() + "): the jdk provider serves; run on Java " + FFM_FEATURE
                        + "+ for the native routes";
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static Selection selectForced(List<Candidate> candidates, String forced, List<String> problems, List<Message> logs) {
        List<Outcome> outcomes = new ArrayList<>();
        StringBuilder names = new StringBuilder();
        for (Candidate c : candidates) {
            names.append(names.length() == 0 ? "" : ", ").append(c.name);
        }
        String known = names.toString();
        Candidate chosen = find(candidates, forced);
        String problem;
        Throwable cause = null;
        if (chosen == null) {
            problem = "-D" + FastClockProvider.PROVIDER_PROPERTY + "=" + forced + " names no provider (names are matched ignoring case); the providers found here: " + known;
        } else {
            try {
                Optional<String> reason = chosen.provider.unavailableReason();
                if (reason.isEmpty()) {
                    FastClockBackend backend = create(chosen);
                    for (Candidate c : candidates) {
                        outcomes.add(new Outcome(c.name, c.priority, c == chosen ? "chosen (forced)" : "not tried: " + chosen.name + " was forced"));
                    }
                    return new Selection(backend, chosen.name, forced, outcomes, problems, logs, List.of());
                }
                problem = "forced provider '" + chosen.name + "' cannot work here: " + reason.get() + "; the providers found here: " + known;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (UnavailableException e) {
                problem = "forced provider '" + chosen.name + "' cannot work here: " + e.getMessage() + "; the providers found here: " + known;
            } catch (Throwable t) {
                cause = t;
                problem = "forced provider '" + chosen.name + "' failed to start: " + t + "; the providers found here: " + known;
            }
        }
        for (Candidate c : candidates) {
            outcomes.add(new Outcome(c.name, c.priority, c == chosen ? "failed: " + problem : "not tried: " + forced + " was forced"));
        }
        problems.add(problem);
        if (cause != null) {
            // Unexpected: logged here with its stack trace (the failing backend logs only expected conditions).
            logs.add(new Message(System.Logger.Level.WARNING, "FastClock: " + problem + "; every call throws IllegalStateException", cause));
        }
        return new Selection(FastClockBackend.failing(problem, cause), "none", forced, outcomes, problems, logs, List.of());
    }

    private static Selection selectByPriority(List<Candidate> candidates, List<String> problems, List<Message> logs) {
        List<Outcome> outcomes = new ArrayList<>();
        FastClockBackend chosenBackend = null;
        String chosenName = null;
        for (Candidate c : candidates) {
            if (chosenBackend != null) {
                outcomes.add(new Outcome(c.name, c.priority, "not tried: " + chosenName + " was chosen first"));
                continue;
            }
            try {
                Optional<String> reason = c.provider.unavailableReason();
                if (reason.isPresent()) {
                    outcomes.add(new Outcome(c.name, c.priority, "not available: " + reason.get()));
                    continue;
                }
                chosenBackend = create(c);
                chosenName = c.name;
                outcomes.add(new Outcome(c.name, c.priority, "chosen"));
            } catch (VirtualMachineError e) {
                throw e;
            } catch (UnavailableException e) {
                // Expected (native access denied, say): one line, no stack trace.
                outcomes.add(new Outcome(c.name, c.priority, "not available: " + e.getMessage()));
                logs.add(new Message(System.Logger.Level.WARNING, "FastClock: provider " + c.name + " is not available: " + e.getMessage(), null));
            } catch (Throwable t) {
                outcomes.add(new Outcome(c.name, c.priority, "failed: " + t));
                logs.add(new Message(System.Logger.Level.WARNING, "FastClock: provider " + c.name + " failed, skipped", t));
            }
        }
        List<String> notes = new ArrayList<>();
        if (SystemClockProvider.NAME.equals(chosenName) && onlyBuiltIns(candidates) && problems.isEmpty() && couldUseNativeRoutes()) {
            // Only jdk was found, on a JVM where the Linux provider would serve every method faster.
            String hint = "only the jdk provider is present, on a Linux x86-64 JVM " + Runtime.version().feature()
                    + " that could use the native routes: add the dependency dev.fastclock:fastclock-linux-x64";
            notes.add(hint);
            logs.add(new Message(System.Logger.Level.INFO, "FastClock: " + hint, null));
        }
        // jdk cannot fail, but never trust that with the application's clock.
        return chosenBackend != null
                ? new Selection(chosenBackend, chosenName, null, outcomes, problems, logs, notes)
                : new Selection(new SystemClockBackend(), SystemClockProvider.NAME, null, outcomes, problems, logs, notes);
    }

    /**
     * Whether the only providers found are the API's own: {@code jdk}, which is always a candidate (and is
     * chosen in the loop above like any other), and {@code settable}, which fastclock-api always registers
     * but which serves only when forced.
     */
    private static boolean onlyBuiltIns(List<Candidate> candidates) {
        for (Candidate c : candidates) {
            if (!c.name.equals(SystemClockProvider.NAME) && !c.name.equals(SETTABLE)) {
                return false;
            }
        }
        return true;
    }

    /** Linux on x86-64 with Java 22+: where {@code fastclock-linux-x64} would work. */
    private static boolean couldUseNativeRoutes() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64")) && Runtime.version().feature() >= FFM_FEATURE;
    }

    private static FastClockBackend create(Candidate c) {
        FastClockBackend backend = c.provider.create();
        if (backend == null) {
            throw new IllegalStateException(c.provider.getClass().getName() + ".create() returned null");
        }
        return backend;
    }

    private static void problem(List<String> problems, List<Message> logs, String what, Throwable t) {
        problems.add(what);
        logs.add(new Message(System.Logger.Level.WARNING, "FastClock: " + what, t));
    }

    private static Candidate find(List<Candidate> candidates, String name) {
        for (Candidate c : candidates) {
            if (c.name.equalsIgnoreCase(name.trim())) {
                return c;
            }
        }
        return null;
    }

    private record Candidate(FastClockProvider provider, String name, int priority) {
    }
}
