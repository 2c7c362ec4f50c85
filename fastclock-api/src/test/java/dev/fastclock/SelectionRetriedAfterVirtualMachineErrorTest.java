package dev.fastclock;

import dev.fastclock.testproviders.ScriptedProvider;
import dev.fastclock.testproviders.TallyBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.fastclock.Answers.assertBetween;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9: a {@link StackOverflowError} or {@link OutOfMemoryError} during the choice (here thrown
 * by the provider's {@code create()}, the first and second times; this class's own JVM) publishes
 * nothing: that call gets the JDK's answer, and the next call chooses again, until it succeeds.
 */
class SelectionRetriedAfterVirtualMachineErrorTest {

    private static final TallyBackend TALLY = new TallyBackend();

    @BeforeAll
    static void aProviderThatFailsFatallyTwice() {
        System.setProperty(ScriptedProvider.ENABLE_PROPERTY, "true");
        ScriptedProvider.onCreate(attempt -> switch (attempt) {
            case 1 -> throw new StackOverflowError("scripted: attempt 1");
            case 2 -> throw new OutOfMemoryError("scripted: attempt 2");
            default -> TALLY;
        });
    }

    @Test
    void eachCallChoosesAgainUntilTheChoiceSucceeds() {
        long before = System.nanoTime();
        long nanos = FastClock.nanos();
        long after = System.nanoTime();
        assertBetween(before, nanos, after, "FastClock.nanos() after a StackOverflowError in the choice");
        assertEquals(1, ScriptedProvider.creations());

        assertEquals(-1, CpuLocator.cpu(), "CpuLocator.cpu() after an OutOfMemoryError in the choice");
        assertEquals(2, ScriptedProvider.creations(), "chose again");

        long msBefore = System.currentTimeMillis();
        long millis = FastClock.epochMillis();
        long msAfter = System.currentTimeMillis();
        assertBetween(msBefore, millis, msAfter, "FastClock.epochMillis()");
        assertEquals(3, ScriptedProvider.creations(), "chose a third time, and succeeded");
        assertTrue(TALLY.calls() >= 1, "the call that made the choice went to the chosen backend");

        assertEquals(ScriptedProvider.NAME, FastClock.providerName());
        Report report = FastClock.report();
        assertEquals(new Report.Provider(ScriptedProvider.NAME, ScriptedProvider.PRIORITY, "chosen"), report.providers().get(0));
        assertEquals(List.of(), report.problems());
        assertEquals(3, ScriptedProvider.creations(), "and never again");
        long calls = TALLY.calls();
        int made = Answers.callEveryMethodOnce();
        assertEquals(calls + made, TALLY.calls(), "every call went to the chosen backend");
        Answers.assertEveryMethodAnswersLikeTheJdk();
    }
}
