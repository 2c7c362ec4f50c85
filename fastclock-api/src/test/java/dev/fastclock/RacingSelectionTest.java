package dev.fastclock;

import dev.fastclock.testproviders.ScriptedBackend;
import dev.fastclock.testproviders.ScriptedProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static dev.fastclock.Answers.assertBetween;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Other threads call FastClock while the choice is under way (the chosen provider's {@code create()}
 * holds the choosing thread until they have; this class's own JVM). A call whose JDK answer reads the
 * same clock in the same units ({@code nanos()}, the wall clocks) gets it at once: {@code create()}
 * waits for that call to return, so had it waited for the choice it would never have returned. The
 * other calls ({@code cpu()}, {@code ticks()}, {@code bootNanos()}, {@code providerName()},
 * {@code report()}) wait for the choice, with no expiry, and get the chosen backend's answers: never a
 * stand-in in other units.
 */
class RacingSelectionTest {

    /** The backend's readings: nothing the JDK would answer. */
    private static final SettableClock CLOCK = new SettableClock(42, 1_600_000_000_000_000_042L).setCpu(3, 1);
    private static final ScriptedBackend BACKEND = new ScriptedBackend(CLOCK);

    private static volatile boolean exactRacerDoneInsideCreate;
    private static final AtomicReference<Throwable> racerFailure = new AtomicReference<>();
    private static long nanoTimeBefore;
    private static long nanos;
    private static long nanoTimeAfter;
    private static long epochBefore;
    private static long epochNanos;
    private static long epochAfter;
    private static long millisBefore;
    private static long epochMillis;
    private static long millisAfter;

    private static Thread waiter;
    private static volatile boolean waiterWasWaitingInsideCreate;
    private static int cpu;
    private static long ticks;
    private static long bootNanos;
    private static String providerName;
    private static Report report;

    @BeforeAll
    static void aProviderThatWaitsForOtherThreadsCalls() {
        System.setProperty(ScriptedProvider.ENABLE_PROPERTY, "true");
        ScriptedProvider.onCreate(attempt -> {
            waiter = Thread.ofPlatform().name("waiter").start(() -> {
                try {
                    cpu = CpuLocator.cpu();
                    ticks = FastClock.ticks();
                    bootNanos = FastClock.bootNanos();
                    providerName = FastClock.providerName();
                    report = FastClock.report();
                } catch (Throwable t) {
                    racerFailure.compareAndSet(null, t);
                }
            });
            Thread exact = Thread.ofPlatform().name("exact-racer").start(() -> {
                try {
                    nanoTimeBefore = System.nanoTime();
                    nanos = FastClock.nanos();
                    nanoTimeAfter = System.nanoTime();
                    epochBefore = Answers.epochNanos(Instant.now());
                    epochNanos = FastClock.epochNanos();
                    epochAfter = Answers.epochNanos(Instant.now());
                    millisBefore = System.currentTimeMillis();
                    epochMillis = FastClock.epochMillis();
                    millisAfter = System.currentTimeMillis();
                } catch (Throwable t) {
                    racerFailure.compareAndSet(null, t);
                }
            });
            try {
                exact.join(Bounded.LIMIT); // not a timing assertion: a racer that waited for us would never return
                waiterWasWaitingInsideCreate = Bounded.awaitWaitingForTheChoice(waiter);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            exactRacerDoneInsideCreate = !exact.isAlive();
            return BACKEND;
        });
    }

    @Test
    void exactCallsGetTheJdkAtOnceAndTheOthersWaitForTheChoice() throws Exception {
        long first = Bounded.call("choosing", FastClock::nanos);
        assertEquals(42, first, "the choosing thread's first call is the chosen backend's");

        assertTrue(exactRacerDoneInsideCreate, "an exact call racing the choice waited for it:\n" + Bounded.threadDump());
        assertTrue(waiterWasWaitingInsideCreate, "the waiter never waited for the choice:\n" + Bounded.threadDump());
        Bounded.join(waiter);
        assertNull(racerFailure.get(), () -> "a racing call threw: " + racerFailure.get());

        // While the choice was under way: the JDK's readings of the same clocks.
        assertBetween(nanoTimeBefore, nanos, nanoTimeAfter, "the racer's FastClock.nanos()");
        assertBetween(epochBefore, epochNanos, epochAfter, "the racer's FastClock.epochNanos()");
        assertBetween(millisBefore, epochMillis, millisAfter, "the racer's FastClock.epochMillis()");

        // After it: the chosen backend's answers, for the calls that waited.
        assertEquals(3, cpu);
        assertEquals(42, ticks, "ticks in the backend's units");
        assertEquals(42, bootNanos);
        assertEquals(ScriptedProvider.NAME, providerName);
        assertEquals(ScriptedProvider.NAME, report.provider());
        assertEquals(1, ScriptedProvider.creations());
        assertEquals(42, FastClock.nanos());
        assertEquals(1_600_000_000_000_000_042L, FastClock.epochNanos());
    }
}
