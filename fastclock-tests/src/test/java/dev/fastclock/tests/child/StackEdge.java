package dev.fastclock.tests.child;

import dev.fastclock.FastClock;
import dev.fastclock.spi.Method;
import dev.fastclock.tests.probe.Bounds;
import dev.fastclock.tests.probe.ReportLines;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A child program for issue "Linux provider, second design": FastClock's first calls made at the very edge of
 * the stack. With the third design's stack probe (issue 17: {@code internal.Active} recurses a fixed depth before it
 * takes the claim), a first call at the edge throws {@link StackOverflowError} having touched nothing; deeper than
 * the probe, nothing inside selection or planning may be cut short by it.
 *
 * <p>{@code StackEdge STACK_KB select|lazy}: a thread with a stack of {@code STACK_KB} KiB recurses until it
 * overflows, then on the way back up, at every frame, calls each catalogue method not yet answered
 * ({@code epochMicros} first, then every other), catching each {@code StackOverflowError}. With {@code select} the provider is chosen
 * first, at normal depth, so the edge hits the per-method planning; with {@code lazy} even the choice of provider
 * happens at the edge. Then, at normal depth, every method must answer right.
 *
 * <p>Prints {@code edge.deepest=} (frames), {@code edge.overflows=} (errors caught from FastClock calls),
 * {@code edge.first.METHOD=} (the depth at which each first answered), {@code edge.unexpected=} (how many calls
 * threw anything else) with an {@code edge.throwable=} line for each, then {@code bounds=ok} after checking every
 * method at normal depth, the report ({@link ReportLines}) and {@code probe=done}.
 */
public final class StackEdge {

    /** The order of the first calls: epochMicros first, as in the reproduction. */
    static final List<Method> ORDER;

    static {
        List<Method> order = new ArrayList<>(List.of(Method.EPOCH_MICROS));
        for (Method m : Truth.METHODS) {
            if (!order.contains(m)) {
                order.add(m);
            }
        }
        ORDER = List.copyOf(order);
    }

    private int deepest = -1;
    private int overflows;
    private final Map<String, Integer> answered = new LinkedHashMap<>();
    private final List<Throwable> unexpected = new ArrayList<>();

    private StackEdge() {
    }

    /** Recurses to the edge; on the way back, at every frame, makes the first calls not yet answered. */
    private void dive(int depth) {
        try {
            dive(depth + 1);
        } catch (StackOverflowError e) {
            if (deepest < 0) {
                deepest = depth;
            }
        }
        if (answered.size() < ORDER.size()) {
            firstCalls(depth);
        }
    }

    private void firstCalls(int depth) {
        for (Method m : ORDER) {
            if (answered.containsKey(m.apiName())) {
                continue;
            }
            try {
                Truth.call(m);
                answered.put(m.apiName(), depth);
            } catch (StackOverflowError e) {
                overflows++;
            } catch (Throwable t) {
                // Anything else is a finding (an AssertionError from Truth: a wrong value; or a broken class).
                unexpected.add(t);
                answered.put(m.apiName(), depth);
            }
        }
    }

    /** A failed class lookup and a resource read from a jar on the class path, at normal depth. */
    private static void warmTheJdk() {
        try {
            Class.forName("dev.fastclock.tests.child.NoSuchClass");
        } catch (ClassNotFoundException expected) {
            // initialized
        }
        try (java.io.InputStream in = StackEdge.class.getClassLoader().getResourceAsStream("META-INF/MANIFEST.MF")) {
            if (in != null) {
                in.readAllBytes();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int stackKb = Integer.parseInt(args[0]);
        boolean selectFirst = args[1].equals("select");
        // Everything of the test's own initialized at normal depth, so only FastClock meets the edge; and the JDK's
        // generic machinery a first class or resource lookup initializes (an overflow inside a JDK class initializer
        // poisons that class for every caller, FastClock or not: here ClassNotFoundException and the jar verifier).
        Truth.checkTheJdksAnswers();
        ORDER.size();
        warmTheJdk();
        if (selectFirst) {
            System.out.println("provider.before=" + FastClock.providerName());
        }
        StackEdge edge = new StackEdge();
        Thread t = new Thread(null, () -> edge.dive(0), "stack-edge", stackKb * 1024L);
        t.start();
        t.join();
        System.out.println("edge.deepest=" + edge.deepest);
        System.out.println("edge.overflows=" + edge.overflows);
        edge.answered.forEach((m, d) -> System.out.println("edge.first." + m + "=" + d));
        System.out.println("edge.unexpected=" + edge.unexpected.size());
        for (Throwable u : edge.unexpected) {
            StringBuilder sb = new StringBuilder(u.toString());
            for (Throwable c = u.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                sb.append(" / caused by ").append(c);
            }
            StackTraceElement[] at = u.getStackTrace();
            for (int i = 0; i < Math.min(12, at.length); i++) {
                sb.append(i == 0 ? " / at " : " < ").append(at[i]);
            }
            System.out.println("edge.throwable=" + sb.toString().replace('\n', ' '));
        }

        // At normal depth: every method answers right, on this thread and on a fresh one.
        for (Method m : Truth.METHODS) {
            Truth.call(m);
        }
        Thread other = new Thread(() -> Truth.METHODS.forEach(m -> Truth.call(m)), "after-edge");
        other.setUncaughtExceptionHandler((th, e) -> System.out.println("after.failure=" + e));
        other.start();
        other.join();
        Bounds.checkTime(FastClock.source(), 2_000);
        System.out.println("bounds=ok");
        System.out.println("provider=" + FastClock.providerName());
        ReportLines.printReport();
        System.out.println("probe=done");
    }
}
