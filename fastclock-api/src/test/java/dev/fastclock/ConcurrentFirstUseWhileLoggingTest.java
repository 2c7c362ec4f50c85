package dev.fastclock;

import dev.fastclock.testproviders.ReadingLoggerFinder;
import dev.fastclock.testproviders.ScriptedProvider;
import dev.fastclock.testproviders.TallyProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;

import static dev.fastclock.Answers.assertBetween;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9: two threads make the JVM's first FastClock and CpuLocator calls at once while FastClock's
 * warning goes to a logger that reads FastClock (the set-up of {@link LoggerReadsFastClockTest}, in
 * this class's own JVM). Both finish, both read right values (the CPU waits for the choice, so it is
 * the chosen backend's), the warning is logged once on FastClock's own daemon thread, and then every
 * call goes to the chosen backend.
 */
class ConcurrentFirstUseWhileLoggingTest {

    @BeforeAll
    static void aLoggerThatReadsFastClockAndASelectionThatLogs() {
        LoggerReadsFastClockTest.aLoggerThatReadsFastClockAndASelectionThatLogs();
    }

    @Test
    void twoFirstCallsAtOnceBothFinishWithRightValues() throws Exception {
        assertEquals(List.of(), LoggerReadsFastClockTest.fastClockEntries());
        CyclicBarrier start = new CyclicBarrier(2);
        long[] nanos = new long[1];
        long[] epochMillis = new long[1];
        int[] cpu = new int[1];
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

        long nanoBefore = System.nanoTime();
        long millisBefore = System.currentTimeMillis();
        Thread a = Thread.ofPlatform().name("first-nanos").start(() -> {
            try {
                start.await();
                nanos[0] = FastClock.nanos();
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        Thread b = Thread.ofPlatform().name("first-cpu").start(() -> {
            try {
                start.await();
                cpu[0] = CpuLocator.cpu();
                epochMillis[0] = FastClock.epochMillis();
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        Bounded.join(a);
        Bounded.join(b);
        long millisAfter = System.currentTimeMillis();
        long nanoAfter = System.nanoTime();

        assertTrue(failures.isEmpty(), () -> "first calls failed: " + failures);
        assertBetween(nanoBefore, nanos[0], nanoAfter, "first-nanos: FastClock.nanos()");
        assertEquals(-1, cpu[0], "first-cpu: CpuLocator.cpu()");
        assertBetween(millisBefore, epochMillis[0], millisAfter, "first-cpu: FastClock.epochMillis()");
        LoggerReadsFastClockTest.assertTheWarningWasLoggedOnceAndReadRight();
        LoggerReadsFastClockTest.assertEveryCallGoesToTheTally();
    }
}
