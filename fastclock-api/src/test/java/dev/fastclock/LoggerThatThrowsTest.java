package dev.fastclock;

import dev.fastclock.testproviders.ReadingLoggerFinder;
import dev.fastclock.testproviders.ScriptedProvider;
import dev.fastclock.testproviders.TallyProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.fastclock.Answers.assertBetween;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A logger that breaks ({@link AssertionError}) on FastClock's first-use warning (the set-up of
 * {@link LoggerReadsFastClockTest}, in this class's own JVM): a clock read must not fail for a log
 * line, so the first call still answers, and every later call goes to the chosen backend.
 */
class LoggerThatThrowsTest {

    @BeforeAll
    static void aLoggerThatThrowsAndASelectionThatLogs() {
        LoggerReadsFastClockTest.aLoggerThatReadsFastClockAndASelectionThatLogs();
        System.setProperty(ReadingLoggerFinder.MODE_PROPERTY, ReadingLoggerFinder.THROWS);
    }

    @Test
    void theFirstCallAnswersAlthoughTheLoggerThrows() throws Exception {
        long before = System.nanoTime();
        long first = Bounded.call("first-call", FastClock::nanos);
        long after = System.nanoTime();
        assertBetween(before, first, after, "the first FastClock.nanos()");
        assertEquals(1, LoggerReadsFastClockTest.fastClockEntries().size(), "the logger was reached");
        assertEquals(TallyProvider.NAME, FastClock.providerName());
        assertEquals(1, ScriptedProvider.creations());
        LoggerReadsFastClockTest.assertEveryCallGoesToTheTally();
    }
}
