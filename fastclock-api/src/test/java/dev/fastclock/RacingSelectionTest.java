package dev.fastclock;

import dev.fastclock.testproviders.ScriptedProvider;
import dev.fastclock.testproviders.TallyBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static dev.fastclock.Answers.assertBetween;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9: another thread calls FastClock while the choice is under way (the chosen provider's
 * {@code create()} holds the selecting thread until that call returns; this class's own JVM). A
 * racing call waits for the choice, but only a bounded time (a second): here, where the choice waits
 * for it, it must not deadlock, and gets the JDK's answer, right.
 */
class RacingSelectionTest {

    private static final TallyBackend TALLY = new TallyBackend();

    private static volatile boolean racerDoneInsideCreate;
    private static final AtomicReference<Throwable> racerFailure = new AtomicReference<>();
    private static long nanoTimeBefore;
    private static long nanos;
    private static long nanoTimeAfter;
    private static int cpu;
    private static String providerName;
    private static Report report;

    @BeforeAll
    static void aProviderThatWaitsForAnotherThreadsCall() {
        System.setProperty(ScriptedProvider.ENABLE_PROPERTY, "true");
        ScriptedProvider.onCreate(attempt -> {
            Thread racer = Thread.ofPlatform().name("racer").start(() -> {
                try {
                    nanoTimeBefore = System.nanoTime();
                    nanos = FastClock.nanos();
                    nanoTimeAfter = System.nanoTime();
                    cpu = CpuLocator.cpu();
                    providerName = FastClock.providerName();
                    report = FastClock.report();
                } catch (Throwable t) {
                    racerFailure.set(t);
                }
            });
            try {
                racer.join(Bounded.LIMIT); // not a timing assertion: a racer that waits for us never returns
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            racerDoneInsideCreate = !racer.isAlive();
            return TALLY;
        });
    }

    @Test
    void aCallRacingAChoiceThatWaitsForItGetsTheJdkAfterABoundedWait() throws Exception {
        long before = System.nanoTime();
        long first = Bounded.call("selecting", FastClock::nanos);
        long after = System.nanoTime();
        assertBetween(before, first, after, "the selecting thread's FastClock.nanos()");

        assertTrue(racerDoneInsideCreate, "the racing call never returned (a deadlock):\n" + Bounded.threadDump());
        assertNull(racerFailure.get(), () -> "the racing call threw: " + racerFailure.get());
        assertBetween(nanoTimeBefore, nanos, nanoTimeAfter, "the racer's FastClock.nanos()");
        assertEquals(-1, cpu);
        assertEquals("jdk", providerName, "while the choice is under way the JDK answers");
        assertEquals("jdk", report.provider());
        assertEquals(1, ScriptedProvider.creations());

        assertEquals(ScriptedProvider.NAME, FastClock.providerName());
        long calls = TALLY.calls();
        int made = Answers.callEveryMethodOnce();
        assertEquals(calls + made, TALLY.calls(), "every call went to the chosen backend");
    }
}
