package dev.fastclock;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.Plan;
import dev.fastclock.testproviders.ScriptedProvider;
import dev.fastclock.testproviders.TallyBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.fastclock.Answers.assertBetween;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9 and issue 17's failure policy: a {@link StackOverflowError} or {@link OutOfMemoryError} while
 * choosing is the moment's, not the provider's. Here the provider's {@code create()} throws one the
 * first and second times, and the chosen backend's plan of {@code rawNanos} the first time (this class's
 * own JVM). The error reaches the caller and nothing is recorded: the next call chooses again, until it
 * succeeds, and the report shows a clean choice.
 */
class SelectionRetriedAfterVirtualMachineErrorTest {

    private static final TallyBackend TALLY = new TallyBackend();
    private static final StackOverflowError FIRST = new StackOverflowError("scripted: attempt 1");
    private static final OutOfMemoryError SECOND = new OutOfMemoryError("scripted: attempt 2");
    private static final StackOverflowError PLAN = new StackOverflowError("scripted: the first plan of rawNanos");
    private static final AtomicInteger RAW_PLANS = new AtomicInteger();

    /** The tally, but the first plan of rawNanos is cut short by a stack overflow. */
    private static final class FlakyPlans implements FastClockBackend {
        @Override
        public Plan plan(Method m) {
            if (m == Method.RAW_NANOS && RAW_PLANS.incrementAndGet() == 1) {
                throw PLAN;
            }
            return TALLY.plan(m);
        }
    }

    @BeforeAll
    static void aProviderThatFailsFatallyTwice() {
        System.setProperty(ScriptedProvider.ENABLE_PROPERTY, "true");
        ScriptedProvider.onCreate(attempt -> switch (attempt) {
            case 1 -> throw FIRST;
            case 2 -> throw SECOND;
            default -> new FlakyPlans();
        });
    }

    @Test
    void eachCallChoosesAgainUntilTheChoiceSucceeds() {
        assertSame(FIRST, assertThrows(StackOverflowError.class, FastClock::nanos), "the error reaches the caller");
        assertEquals(1, ScriptedProvider.creations());

        assertSame(SECOND, assertThrows(OutOfMemoryError.class, CpuLocator::cpu));
        assertEquals(2, ScriptedProvider.creations(), "chose again");

        long msBefore = System.currentTimeMillis();
        long millis = FastClock.epochMillis();
        long msAfter = System.currentTimeMillis();
        assertBetween(msBefore, millis, msAfter, "FastClock.epochMillis()");
        assertEquals(3, ScriptedProvider.creations(), "chose a third time, and succeeded");
        assertEquals(1, TALLY.calls(), "the call that made the choice went to the chosen backend");

        assertSame(PLAN, assertThrows(StackOverflowError.class, FastClock::rawNanos), "a plan cut short: the error reaches the caller");
        long before = System.nanoTime();
        long raw = FastClock.rawNanos();
        long after = System.nanoTime();
        assertBetween(before, raw, after, "rawNanos, planned again");
        assertEquals(2, RAW_PLANS.get(), "planned again, not the JDK's for good");

        assertEquals(ScriptedProvider.NAME, FastClock.providerName());
        Report report = FastClock.report();
        assertEquals(new Report.Provider(ScriptedProvider.NAME, ScriptedProvider.PRIORITY, "chosen"), report.providers().get(0));
        assertEquals(List.of(), report.problems());
        assertEquals(List.of(), report.messages(), "nothing to say: the errors were the moment's");
        for (var r : report.methods()) {
            assertEquals(TallyBackend.ROUTE, r.route(), r::toString);
            assertTrue(r.passedOver().isEmpty(), r::toString);
        }
        assertEquals(3, ScriptedProvider.creations(), "and never again");
        long calls = TALLY.calls();
        int made = Answers.callEveryMethodOnce();
        assertEquals(calls + made, TALLY.calls(), "every call went to the chosen backend");
        Answers.assertEveryMethodAnswersLikeTheJdk();
    }
}
