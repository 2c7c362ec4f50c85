package dev.fastclock;

import dev.fastclock.testproviders.ScriptedBackend;
import dev.fastclock.testproviders.ScriptedProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Other threads call FastClock while the choice is under way (the chosen provider's {@code create()}
 * holds the choosing thread until both are seen waiting; this class's own JVM). Every call from another
 * thread waits for the choice, with no expiry, and gets the chosen backend's answers: the clocks whose
 * JDK answer reads the same kernel clock ({@code nanos()}, the wall clocks) as much as {@code cpu()},
 * {@code ticks()}, {@code bootNanos()}, {@code providerName()} and {@code report()}: until the provider
 * is chosen no stand-in could be known to be its clock (this backend's is a settable clock, which
 * {@code System.nanoTime()} would not be).
 */
class RacingSelectionTest {

    /** The backend's readings: nothing the JDK would answer. */
    private static final SettableClock CLOCK = new SettableClock(42, 1_600_000_000_000_000_042L).setCpu(3, 1);
    private static final ScriptedBackend BACKEND = new ScriptedBackend(CLOCK);

    private static Thread exact;
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
            exact = Thread.ofPlatform().name("exact-racer").start(() -> {
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
                waiterWasWaitingInsideCreate = Bounded.awaitWaitingForTheChoice(waiter, exact);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return BACKEND;
        });
    }

    @Test
    void everyCallFromAnotherThreadWaitsForTheChoiceAndGetsTheChosenBackend() throws Exception {
        long first = Bounded.call("choosing", FastClock::nanos);
        assertEquals(42, first, "the choosing thread's first call is the chosen backend's");

        assertTrue(waiterWasWaitingInsideCreate, "the racers never waited for the choice:\n" + Bounded.threadDump());
        Bounded.join(waiter);
        Bounded.join(exact);
        assertNull(racerFailure.get(), () -> "a racing call threw: " + racerFailure.get());

        // The calls that raced the choice got the chosen backend's readings, not the JDK's.
        assertEquals(42, nanos, "the racer's FastClock.nanos()");
        assertEquals(1_600_000_000_000_000_042L, epochNanos, "the racer's FastClock.epochNanos()");
        assertEquals(1_600_000_000_000L, epochMillis, "the racer's FastClock.epochMillis()");
        assertTrue(nanoTimeBefore > 0 && epochBefore > 0 && millisBefore > 0 && nanoTimeAfter > 0 && epochAfter > 0 && millisAfter > 0);
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
