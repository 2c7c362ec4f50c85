package dev.fastclock;

import dev.fastclock.spi.Method;
import dev.fastclock.testproviders.ReadingLoggerFinder;
import dev.fastclock.testproviders.ReadingLoggerFinder.Entry;
import dev.fastclock.testproviders.ScriptedProvider;
import dev.fastclock.testproviders.TallyBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.fastclock.Answers.assertBetween;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9: a call that comes back into FastClock on the selecting thread while the choice is under
 * way, here from the chosen provider's own {@code create()}, directly and through a logger that reads
 * FastClock (in this class's own JVM). It gets the JDK's answer at once, never a deadlock, a
 * half-made choice or an error; the report counts every such call per method (the JDK's answer need
 * not be the chosen provider's clock), and once the choice is published every call goes to it.
 */
class ReentrantSelectionTest {

    private static final TallyBackend TALLY = new TallyBackend();
    private static final String LOGGER = "dev.fastclock.test.scripted";

    // What create() saw, re-entering; written by the selecting thread, read after it is joined.
    private static long nanoTimeBefore;
    private static long nanos;
    private static long nanoTimeAfter;
    private static long millisBefore;
    private static long epochMillis;
    private static long millisAfter;
    private static int cpu;
    private static String providerName;
    private static Report report;
    private static long tallyCallsInCreate;

    @BeforeAll
    static void aProviderThatCallsFastClockWhileBeingCreated() {
        System.setProperty(ReadingLoggerFinder.MODE_PROPERTY, ReadingLoggerFinder.READS);
        System.setProperty(ScriptedProvider.ENABLE_PROPERTY, "true");
        ScriptedProvider.onCreate(attempt -> {
            nanoTimeBefore = System.nanoTime();
            millisBefore = System.currentTimeMillis();
            nanos = FastClock.nanos();
            epochMillis = FastClock.epochMillis();
            cpu = CpuLocator.cpu();
            millisAfter = System.currentTimeMillis();
            nanoTimeAfter = System.nanoTime();
            providerName = FastClock.providerName();
            report = FastClock.report();
            // A provider that logs while it builds: the logger reads FastClock too.
            System.getLogger(LOGGER).log(System.Logger.Level.INFO, "scripted: building the backend");
            tallyCallsInCreate = TALLY.calls();
            return TALLY;
        });
    }

    @Test
    void reEnteringCallsGetTheJdkAndTheChoiceIsMadeOnce() throws Exception {
        long before = System.nanoTime();
        long first = Bounded.call("first-call", FastClock::nanos);
        long after = System.nanoTime();
        assertBetween(before, first, after, "the first FastClock.nanos()");
        assertEquals(1, ScriptedProvider.creations(), "re-entering did not start a second selection");

        // Inside create(): the JDK answered, right.
        assertBetween(nanoTimeBefore, nanos, nanoTimeAfter, "FastClock.nanos() inside create()");
        assertBetween(millisBefore, epochMillis, millisAfter, "FastClock.epochMillis() inside create()");
        assertEquals(-1, cpu, "CpuLocator.cpu() inside create()");
        assertEquals("jdk", providerName, "while the choice is under way the JDK answers");
        assertEquals("jdk", report.provider());
        assertEquals(List.of("the choice is under way on this thread (the report was asked for from inside it): the JDK answers meanwhile"),
                report.notes());
        assertEquals(0, tallyCallsInCreate, "the backend being built served nothing before it was chosen");

        // The logger, called from inside create(), read FastClock too.
        List<Entry> logged = ReadingLoggerFinder.entries().stream().filter(e -> e.logger().equals(LOGGER)).toList();
        assertEquals(1, logged.size(), logged::toString);
        Entry e = logged.get(0);
        assertNull(e.readFailure(), () -> "reading FastClock inside the logger threw: " + e.readFailure());
        assertBetween(e.nanoTimeBefore(), e.nanos(), e.nanoTimeAfter(), "the logger's FastClock.nanos()");
        assertBetween(e.millisBefore(), e.epochMillis(), e.millisAfter(), "the logger's FastClock.epochMillis()");
        assertEquals(-1, e.cpu());
        assertEquals("jdk", e.provider());
        assertEquals("first-call", e.thread());

        // After: the scripted provider's backend serves every call.
        assertEquals(ScriptedProvider.NAME, FastClock.providerName());
        assertEquals(ScriptedProvider.NAME, FastClock.report().provider());
        long calls = TALLY.calls();
        int made = Answers.callEveryMethodOnce();
        assertEquals(calls + made, TALLY.calls(), "every call went to the chosen backend");
        Answers.assertEveryMethodAnswersLikeTheJdk();
        assertTrue(ReadingLoggerFinder.entries().stream().noneMatch(x -> x.logger().equals("dev.fastclock")),
                "a clean selection logs nothing");

        // Every stand-in is counted, per method: from create() and from the logger.
        List<String> notes = FastClock.report().notes();
        String tail = " call(s) made from inside the choice on the choosing thread (a provider's or a logger's code calling back)"
                + " were answered by the JDK (";
        String end = "), which may not be the clock or the units of the published route";
        assertEquals(List.of("nanos: 2" + tail + Method.NANOS.jdkDetail() + end,
                "epochMillis: 2" + tail + Method.EPOCH_MILLIS.jdkDetail() + end,
                "cpu: 2" + tail + Method.CPU.jdkDetail() + end), notes);
    }
}
