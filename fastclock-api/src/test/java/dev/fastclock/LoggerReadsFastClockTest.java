package dev.fastclock;

import dev.fastclock.spi.MethodRoute;
import dev.fastclock.testproviders.ReadingLoggerFinder;
import dev.fastclock.testproviders.ReadingLoggerFinder.Entry;
import dev.fastclock.testproviders.ScriptedProvider;
import dev.fastclock.testproviders.TallyBackend;
import dev.fastclock.testproviders.TallyProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.fastclock.Answers.assertBetween;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9: a logger that stamps its records with FastClock, reached by FastClock's own message at
 * first use. In this class's own JVM the scripted provider (highest) fails in {@code create()}, which
 * selection logs as a warning; the tally provider (real JDK readings, every call counted) is chosen;
 * and the registered {@link ReadingLoggerFinder} reads FastClock inside {@code log(...)}.
 *
 * <p>The first call must not deadlock or fail; the warning is delivered after the choice, on a daemon
 * thread of its own named {@code fastclock-log} (never the calling thread) and is kept in
 * {@link Report#messages()}; the logger must read right values, and once the choice is made every call
 * goes to the chosen backend.
 */
class LoggerReadsFastClockTest {

    static final String REFUSAL = "scripted: create() refused";

    @BeforeAll
    static void aLoggerThatReadsFastClockAndASelectionThatLogs() {
        System.setProperty(ReadingLoggerFinder.MODE_PROPERTY, ReadingLoggerFinder.READS);
        System.setProperty(ScriptedProvider.ENABLE_PROPERTY, "true");
        System.setProperty(TallyProvider.ENABLE_PROPERTY, "true");
        ScriptedProvider.onCreate(attempt -> {
            throw new IllegalStateException(REFUSAL);
        });
    }

    /** The records FastClock logged through {@code System.getLogger("dev.fastclock")}. */
    static List<Entry> fastClockEntries() {
        return ReadingLoggerFinder.entries().stream().filter(e -> e.logger().equals("dev.fastclock")).toList();
    }

    /** The one warning about the scripted provider, read right by the logger after the choice was published. */
    static void assertTheWarningWasLoggedOnceAndReadRight() {
        List<Entry> entries = fastClockEntries();
        assertEquals(1, entries.size(), entries::toString);
        Entry e = entries.get(0);
        assertEquals(System.Logger.Level.WARNING, e.level());
        assertEquals("FastClock: provider scripted failed, skipped", e.message());
        assertEquals(REFUSAL, assertInstanceOf(IllegalStateException.class, e.thrown()).getMessage());
        assertNull(e.readFailure(), () -> "reading FastClock inside the logger threw: " + e.readFailure());
        assertBetween(e.nanoTimeBefore(), e.nanos(), e.nanoTimeAfter(), "the logger's FastClock.nanos()");
        assertBetween(e.millisBefore(), e.epochMillis(), e.millisAfter(), "the logger's FastClock.epochMillis()");
        assertEquals(-1, e.cpu(), "the logger's CpuLocator.cpu()");
        assertEquals(TallyProvider.NAME, e.provider(), "FastClock logs only after its choice is published");
        assertEquals("fastclock-log", e.thread(), "delivered on FastClock's own thread, never the caller's");
        assertTrue(e.daemon(), "the fastclock-log thread is a daemon: it never holds the JVM's exit");
        List<String> messages = FastClock.report().messages();
        assertEquals(List.of("WARNING FastClock: provider scripted failed, skipped"), messages, "the message is in the report too");
    }

    /** Every call after the choice goes to the tally backend, which counts it. */
    static void assertEveryCallGoesToTheTally() {
        assertEquals(TallyProvider.NAME, FastClock.providerName());
        assertEquals(1, TallyProvider.creations());
        assertEquals(1, ScriptedProvider.creations());
        TallyBackend tally = TallyProvider.created();
        assertNotNull(tally);
        long before = tally.calls();
        int calls = Answers.callEveryMethodOnce();
        assertEquals(before + calls, tally.calls(), "every call went to the chosen backend");
        Answers.assertEveryMethodAnswersLikeTheJdk();

        Report report = FastClock.report();
        assertEquals(List.of(
                new Report.Provider(ScriptedProvider.NAME, ScriptedProvider.PRIORITY, "failed: java.lang.IllegalStateException: " + REFUSAL),
                new Report.Provider(TallyProvider.NAME, TallyProvider.PRIORITY, "chosen")),
                report.providers().subList(0, 2));
        assertEquals(Catalogue.plannedNames(), report.methods().stream().map(MethodRoute::method).toList());
        for (MethodRoute m : report.methods()) {
            assertEquals(TallyBackend.ROUTE, m.route(), m.toString());
        }
    }

    @Test
    void theFirstCallLogsThroughALoggerThatReadsFastClockWithoutDeadlockOrError() throws Exception {
        assertEquals(List.of(), fastClockEntries(), "nothing logged before first use");

        long before = System.nanoTime();
        long first = Bounded.call("first-call", FastClock::nanos);
        long after = System.nanoTime();

        assertBetween(before, first, after, "the first FastClock.nanos()");
        assertTheWarningWasLoggedOnceAndReadRight();
        assertEveryCallGoesToTheTally();
    }
}
