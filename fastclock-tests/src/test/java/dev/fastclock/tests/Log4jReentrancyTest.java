package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Issue "Where users already are", re-entrancy as it happens in production: FastClock's own System.Logger routed
 * into Log4j2 ({@code log4j-jpl}), Log4j2 stamping every event with {@link dev.fastclock.integrations.Log4jClock},
 * so the warning FastClock logs while it starts is stamped by FastClock itself, while a second thread logs at the
 * same moment. No deadlock; every line, FastClock's own included, carries the right time.
 *
 * <p>Third design (issue 17): FastClock logs its start-up message on its own daemon thread once the choice is
 * released, so the line stamped by Log4jClock reads a settled choice and never re-enters the choice under way.
 */
class Log4jReentrancyTest {

    private static final long MILLI = 1_000_000L;

    /** Java 17-21: the Linux provider is too new for the JVM, which FastClock logs while it starts. */
    @Test
    void onJava17TheTooNewProviderIsLoggedThroughLog4jClockWithoutDeadlockAtTheRightTime() {
        OlderJava.Search s = OlderJava.find();
        assumeTrue(s.runtime().isPresent(), s::whyNone);
        Java17Programs.Log4j log = new Java17Programs.Log4j();
        ChildJvm.Result r = Java17Programs.log4jConsumer(log, Artifacts.log4jJplJar())
                .java(s.runtime().get().java()).args("race")
                .run();
        assertRaceWentRight(r, log);
    }

    /** The build's JDK with native access denied: the Linux provider fails to start, which FastClock logs while it starts. */
    @Test
    void withNativeAccessDeniedTheFallbackIsLoggedThroughLog4jClockWithoutDeadlockAtTheRightTime() {
        Java17Programs.Log4j log = new Java17Programs.Log4j();
        ChildJvm.Result r = Java17Programs.log4jConsumer(log, Artifacts.log4jJplJar())
                .jvmArgs("--illegal-native-access=deny").args("race")
                .run();
        assertRaceWentRight(r, log);
    }

    private static void assertRaceWentRight(ChildJvm.Result r, Java17Programs.Log4j log) {
        assertFalse(r.stdout().contains("deadlock=yes"), () -> "deadlock\n" + r);
        r.assertSuccess();
        assertEquals("jdk", r.value("provider"), r::toString);
        long start = Long.parseLong(r.value("race.start"));
        long end = Long.parseLong(r.value("race.end"));
        long read = Long.parseLong(r.value("race.read"));
        String all = "log file:\n" + String.join("\n", log.lines()) + "\n" + r;
        // Log4j2 reports an exception thrown while it logs (by the clock, say) on stderr, and drops the event.
        assertTrue(r.stderr().lines().noneMatch(l -> l.contains("Exception") || l.contains("Error")),
                () -> "an exception or error on stderr\n" + all);
        // a millisecond either side: the JDK's Instant and FastClock may round differently, never more
        assertTrue(read >= start - MILLI && read <= end + MILLI, () -> "FastClock.epochNanos() " + read + " outside the race\n" + all);

        List<Java17Programs.Event> events = log.events();
        List<Java17Programs.Event> app = events.stream().filter(e -> e.logger().equals("app")).toList();
        List<Java17Programs.Event> fastClock = events.stream().filter(e -> e.logger().equals("dev.fastclock")).toList();
        // Two threads make Log4j2's first calls at once here (the app's and FastClock's, through
        // log4j-jpl), and Log4j2 can lose lines logged while another thread is still configuring it
        // (seen with FastClock's line logged on another thread, and with it logged on this one). What
        // FastClock answers for: no deadlock, no exception, every line that was written stamped right.
        List<String> expected = List.of("logged while FastClock starts", "after the race");
        assertTrue(expected.containsAll(app.stream().map(Java17Programs.Event::message).toList()), all);
        // FastClock's own line: logged after the thread that chose has left Log4j2 (logged inside it, the
        // app's half-built event above would be lost). When it reaches log4j-jpl while another thread
        // is still configuring Log4j2, Log4j2 may drop it under its default configuration (seen here);
        // the report keeps the reason either way, and a line that was written is stamped in the race.
        assertTrue(r.describe().contains("Java 22") || r.describe().contains("native access is denied"),
                () -> "the report gives the start-up fallback's reason\n" + all);
        for (Java17Programs.Event e : events) {
            assertTrue(e.epochNanos() >= start - MILLI && e.epochNanos() <= end + MILLI,
                    () -> "a line stamped outside the race [" + start + ", " + end + "]: " + e.line() + "\n" + all);
        }
    }
}
