package dev.fastclock;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.TickReader;
import dev.fastclock.testproviders.ScriptedProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.fastclock.Answers.assertBetween;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, "ticks never mix units": a provider whose ticks are not nanoseconds (three per nanosecond:
 * {@code System.nanoTime() * 3}, converted by {@code / 3}) and whose choice is slow (its
 * {@code create()} takes 1.5 s; this class's own JVM). Threads whose first call is {@code ticks()} while
 * the choice is under way all get readings in the provider's units, so every difference of readings,
 * within a thread and across threads, converts right with {@code ticksToNanos}. The one exception, a
 * call made from inside the choice on the choosing thread, gets {@code System.nanoTime()} and the report
 * counts it. The other methods called meanwhile wait too, and answer from the provider. Values and units are
 * asserted, never times.
 */
class TicksNeverMixUnitsTest {

    private static final int RACERS = 8;
    private static final long SLOW_MILLIS = 1_500;

    /** Three ticks per nanosecond of {@code System.nanoTime()}. */
    private record Triple() implements TickReader {
        @Override
        public long read(long arg) {
            return System.nanoTime() * 3;
        }

        @Override
        public long toNanos(long ticks) {
            return ticks / 3;
        }

        @Override
        public long perSecond() {
            return 3_000_000_000L;
        }
    }

    /** Triple ticks, the JDK's answer for the rest. */
    private static final class TripleBackend implements FastClockBackend {
        @Override
        public Plan plan(Method m) {
            if (m == Method.TICKS) {
                return new Plan(new Triple(), new MethodRoute("ticks", "triple", "System.nanoTime() * 3", List.of()), null);
            }
            return new Plan(m.jdk(), new MethodRoute(m.apiName(), "triple", m.jdkDetail(), List.of()), null);
        }
    }

    /** One racer's readings: nanoTime brackets around its first and a later ticks(). */
    private record Readings(String thread, long n0, long t1, long n1, long n2, long t2, long n3, long perSecond) {
    }

    private static final ConcurrentLinkedQueue<Readings> READINGS = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<Throwable> FAILURES = new ConcurrentLinkedQueue<>();
    private static final List<Thread> racers = new ArrayList<>();
    private static volatile boolean racersWaitedInsideCreate;
    private static Thread exact;
    private static long inside;
    private static long insideBefore;
    private static long insideAfter;
    private static long exactNanosBefore;
    private static long exactNanos;
    private static long exactNanosAfter;
    private static long exactEpochBefore;
    private static long exactEpoch;
    private static long exactEpochAfter;

    private static Thread racer(int i) {
        return Thread.ofPlatform().name("ticks-" + i).start(() -> {
            try {
                long n0 = System.nanoTime();
                long t1 = FastClock.ticks();
                long n1 = System.nanoTime();
                long n2 = System.nanoTime();
                long t2 = FastClock.ticks();
                long n3 = System.nanoTime();
                READINGS.add(new Readings(Thread.currentThread().getName(), n0, t1, n1, n2, t2, n3, FastClock.ticksPerSecond()));
            } catch (Throwable t) {
                FAILURES.add(t);
            }
        });
    }

    @BeforeAll
    static void aSlowProviderWithTicksInOtherUnits() {
        System.setProperty(ScriptedProvider.ENABLE_PROPERTY, "true");
        ScriptedProvider.onCreate(attempt -> {
            // A call from inside the choice, on the choosing thread: the JDK's nanoseconds, counted.
            insideBefore = System.nanoTime();
            inside = FastClock.ticks();
            insideAfter = System.nanoTime();
            for (int i = 0; i < RACERS; i++) {
                racers.add(racer(i));
            }
            exact = Thread.ofPlatform().name("exact").start(() -> {
                try {
                    exactNanosBefore = System.nanoTime();
                    exactNanos = FastClock.nanos();
                    exactNanosAfter = System.nanoTime();
                    exactEpochBefore = Answers.epochNanos(Instant.now());
                    exactEpoch = FastClock.epochNanos();
                    exactEpochAfter = Answers.epochNanos(Instant.now());
                } catch (Throwable t) {
                    FAILURES.add(t);
                }
            });
            try {
                List<Thread> all = new ArrayList<>(racers);
                all.add(exact);
                racersWaitedInsideCreate = Bounded.awaitWaitingForTheChoice(all.toArray(Thread[]::new));
                Thread.sleep(SLOW_MILLIS); // a slow provider, with every racer waiting on it
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new TripleBackend();
        });
    }

    @Test
    void everyTicksReadingIsInTheProvidersUnitsFromTheFirst() throws Exception {
        long before = System.nanoTime();
        long first = Bounded.call("choosing", FastClock::ticks);
        long after = System.nanoTime();
        assertBetween(before, FastClock.ticksToNanos(first), after, "the choosing thread's first ticks(), converted");
        for (Thread t : racers) {
            Bounded.join(t);
        }
        assertTrue(FAILURES.isEmpty(), () -> "calls failed: " + FAILURES);
        assertTrue(racersWaitedInsideCreate, "the racers did not all wait for the choice: the test proved nothing\n" + Bounded.threadDump());
        assertEquals(3_000_000_000L, FastClock.ticksPerSecond());

        List<Readings> all = List.copyOf(READINGS);
        assertEquals(RACERS, all.size());
        for (Readings r : all) {
            assertEquals(3_000_000_000L, r.perSecond(), r::toString);
            assertBetween(r.n0(), FastClock.ticksToNanos(r.t1()), r.n1(), r.thread() + "'s first ticks(), converted: not in the provider's units");
            assertBetween(r.n0(), FastClock.ticksToNanos(r.t2()), r.n3(), r.thread() + "'s second ticks(), converted");
        }
        // Every difference, within a thread and across threads, converts right: [latest start, earliest end].
        for (Readings a : all) {
            for (Readings b : all) {
                long d = FastClock.ticksToNanos(b.t2() - a.t1());
                assertBetween(b.n2() - a.n1(), d, b.n3() - a.n0(), "ticksToNanos(" + b.thread() + "'s second - " + a.thread() + "'s first)");
            }
            long d = FastClock.ticksToNanos(first - a.t1());
            assertBetween(before - a.n1(), d, after - a.n0(), "ticksToNanos(the chooser's - " + a.thread() + "'s first)");
        }
    }

    @Test
    void theOneExceptionIsACallFromInsideTheChoiceAndTheReportCountsIt() throws Exception {
        Bounded.call("choosing", FastClock::ticks);
        assertBetween(insideBefore, inside, insideAfter, "ticks() from inside create(): System.nanoTime(), not the provider's units");
        assertEquals(List.of("ticks: 1 call(s) made from inside the choice on the choosing thread (a provider's or a logger's code calling back)"
                        + " were answered by the JDK (" + Method.TICKS.jdkDetail() + "), which may not be the clock or the units of the published route"),
                FastClock.report().notes());
    }

    @Test
    void theOtherMethodsWaitForTheChoiceTooAndAnswerFromTheProvider() throws Exception {
        Bounded.call("choosing", FastClock::ticks);
        Bounded.join(exact);
        assertTrue(racersWaitedInsideCreate, "nanos() and epochNanos() did not wait for the choice:\n" + Bounded.threadDump());
        // The provider answers nanos() and epochNanos() as the JDK does, so the brackets hold after the wait.
        assertBetween(exactNanosBefore, exactNanos, exactNanosAfter, "nanos() once the choice was made");
        assertBetween(exactEpochBefore, exactEpoch, exactEpochAfter, "epochNanos() once the choice was made");
    }
}
