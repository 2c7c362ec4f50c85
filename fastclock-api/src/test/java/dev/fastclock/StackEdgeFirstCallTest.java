package dev.fastclock;

import dev.fastclock.spi.Method;
import dev.fastclock.testproviders.CountingProvider;
import dev.fastclock.testproviders.ScriptedProvider;
import dev.fastclock.testproviders.TallyProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import static dev.fastclock.Answers.assertBetween;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9: the JVM's first FastClock call made at the edge of the stack (this class's own JVM). A
 * thread recurses until {@link StackOverflowError}; then, from the deepest frame up, each frame makes
 * the call, so the call starts with a little more stack each time and overflows at every point of
 * first use until one succeeds (with the stack probe, FastClock's own overflow comes before it touches
 * anything; a call with a little more stack chooses, plans and publishes). Whatever overflowed,
 * no method may be broken for good: no {@link NoClassDefFoundError}, no
 * {@link ExceptionInInitializerError}, there or at normal depth afterwards, where every method must
 * answer right and the report must show a clean choice.
 */
class StackEdgeFirstCallTest {

    /** A small stack, so the dives are quick. */
    private static final long STACK_BYTES = 512 * 1024;

    // Written at the edge with plain stores only: a method call there could overflow in turn.
    private static volatile boolean served;
    private static long value;
    private static int overflows;
    private static final Throwable[] OTHERS = new Throwable[16];
    private static int otherCount;

    private static void dive(LongSupplier call) {
        try {
            dive(call);
        } catch (StackOverflowError deeper) {
            // The deepest frame, or a deeper frame's call overflowed: try here, with a little more stack.
        }
        if (!served) {
            try {
                value = call.getAsLong();
                served = true;
            } catch (StackOverflowError e) {
                overflows++;
            } catch (Throwable t) {
                if (otherCount < OTHERS.length) {
                    OTHERS[otherCount++] = t;
                }
            }
        }
    }

    /** Makes {@code call} at every depth from the stack's edge up until it succeeds; returns its value. */
    private static long atTheEdge(String name, LongSupplier call) throws InterruptedException {
        served = false;
        overflows = 0;
        otherCount = 0;
        Thread t = new Thread(null, () -> dive(call), "edge-" + name, STACK_BYTES);
        t.start();
        Bounded.join(t);
        List<Throwable> others = new ArrayList<>(Arrays.asList(OTHERS).subList(0, otherCount));
        assertTrue(others.isEmpty(), () -> name + " at the stack's edge threw other than StackOverflowError: " + describe(others));
        assertTrue(served, name + " never succeeded, even with the whole stack");
        return value;
    }

    /** Each throwable with its causes; the first with the stack of its deepest cause, the edge frames left out. */
    private static String describe(List<Throwable> others) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t : others) {
            sb.append('\n').append(t.getClass().getName()).append(": ").append(t.getMessage());
            Throwable deepest = t;
            for (Throwable c = t.getCause(); c != null && c != deepest; c = c.getCause()) {
                sb.append("\n  caused by ").append(c);
                deepest = c;
            }
            if (t == others.get(0)) {
                for (StackTraceElement f : deepest.getStackTrace()) {
                    if (!f.getMethodName().equals("dive")) {
                        sb.append("\n      at ").append(f);
                    }
                }
            }
        }
        return sb.toString();
    }

    @Test
    void firstCallAtTheStacksEdgeLeavesEveryMethodWorking() throws Exception {
        // The registered test providers' own class initializers are theirs, not FastClock's: run them
        // here, so that what the edge can break is FastClock's.
        new CountingProvider();
        new TallyProvider();
        new ScriptedProvider();

        // epochMicros() first, as issue 9 reproduced it.
        long before = Answers.epochNanos(java.time.Instant.now()) / 1_000;
        long micros = atTheEdge("epochMicros", FastClock::epochMicros);
        long after = Answers.epochNanos(java.time.Instant.now()) / 1_000;
        assertBetween(before, micros, after, "the first FastClock.epochMicros(), at the edge");
        int firstOverflows = overflows;

        // Then every other method's own first call at the edge, row by row of the catalogue, and the rest of the API.
        Map<String, LongSupplier> methods = new LinkedHashMap<>();
        for (Method m : Method.values()) {
            methods.put(m.apiName(), () -> FastClock.read(m));
        }
        for (ClockId id : ClockId.values()) {
            methods.put("resolutionNanos(" + id + ")", () -> FastClock.resolutionNanos(id));
        }
        methods.put("clockStatus", () -> FastClock.clockStatus().state());
        methods.put("source", () -> FastClock.source().nanos());
        methods.put("systemUTC", () -> FastClock.systemUTC().millis());
        methods.put("providerName", () -> FastClock.providerName().length());
        methods.put("report", () -> FastClock.report().methods().size());
        methods.put("describe", () -> FastClock.describe().length());
        for (Map.Entry<String, LongSupplier> m : methods.entrySet()) {
            atTheEdge(m.getKey(), m.getValue());
        }

        // At normal depth: everything answers, and the choice is the clean one.
        Answers.assertEveryMethodAnswersLikeTheJdk();
        Report report = FastClock.report();
        assertEquals("jdk", report.provider(), report::toString);
        assertEquals(List.of(), report.problems(), () -> "the edge left a trace in the choice:\n" + report);
        for (Report.Provider p : report.providers()) {
            assertTrue(p.outcome().equals("chosen") || p.outcome().startsWith("not available: "), () -> p + "\n" + report);
        }
        assertEquals(Catalogue.plannedNames(), report.methods().stream().map(r -> r.method()).toList());
        assertEquals(List.of(), report.messages(), () -> "the edge left a message:\n" + report);
        assertTrue(firstOverflows > 0, "the first call never overflowed: the test did not reach the edge");
    }
}
