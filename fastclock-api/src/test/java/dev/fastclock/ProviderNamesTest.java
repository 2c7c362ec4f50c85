package dev.fastclock;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 17, item 5, in fresh JVMs: provider names are matched ignoring case
 * ({@code -Dfastclock.provider=JDK}, {@code =Settable}); an unknown name is one clear log line naming the
 * providers there are, with no stack trace, and every call says the same; and an application with the API
 * alone (no test provider or logger registered) where the Linux provider would work hears of it once, at
 * INFO, and finds it in the report.
 */
class ProviderNamesTest {

    /** The child: uses only the API (it also runs without the test classes), prints what FastClock did. */
    public static final class Child {
        public static void main(String[] args) throws InterruptedException {
            SettableClock.installed().setNanos(42);
            try {
                System.out.println("nanos=" + FastClock.nanos());
            } catch (IllegalStateException e) {
                System.out.println("threw=" + e.getMessage());
            }
            Report r = FastClock.report();
            System.out.println("provider=" + r.provider());
            System.out.println("forced=" + r.forced().orElse(""));
            for (String m : r.messages()) {
                System.out.println("message=" + m);
            }
            for (String n : r.notes()) {
                System.out.println("note=" + n);
            }
            // Let the log thread write, so the test sees the log lines.
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("fastclock-log")) {
                    t.join(120_000);
                }
            }
        }
    }

    private static ChildJvm.Result forced(String name, boolean testClasses) {
        ChildJvm c = ChildJvm.main(Child.class).jvmArgs("-Dfastclock.provider=" + name);
        ChildJvm.Result r = (testClasses ? c : c.withoutTestClasses()).run();
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    /** The lines of stderr that a stack trace would print. */
    private static List<String> traceLines(String stderr) {
        return stderr.lines().filter(l -> l.startsWith("\tat ") || l.startsWith("Caused by:")).toList();
    }

    @Test
    void jdkInCapitalsForcesJdk() {
        ChildJvm.Result r = forced("JDK", true);
        assertEquals("jdk", r.value("provider"), r::toString);
        assertEquals("JDK", r.value("forced"), "the name as given");
        assertNotEquals("42", r.value("nanos"), r::toString);
        assertEquals(List.of(), r.values("message"), r::toString);
    }

    @Test
    void settableInMixedCaseForcesSettable() {
        for (boolean testClasses : new boolean[]{true, false}) {
            ChildJvm.Result r = forced("Settable", testClasses);
            assertEquals("settable", r.value("provider"), r::toString);
            assertEquals("42", r.value("nanos"), () -> "the installed settable clock serves\n" + r);
            assertEquals(List.of(), r.values("message"), r::toString);
        }
    }

    @Test
    void anUnknownNameIsOneLineNamingTheProviders() {
        String expected = "-Dfastclock.provider=Nosuch names no provider (names are matched ignoring case); the providers found here: scripted, tally, counting, settable, jdk"
                + "";
        ChildJvm.Result r = forced("Nosuch", true);
        assertEquals("none", r.value("provider"), r::toString);
        assertEquals(expected, r.value("threw"), r::toString);
        String line = "FastClock: " + expected + "; every call throws IllegalStateException";
        assertEquals(List.of("WARNING " + line), r.values("message"), r::toString);
        // Logged by the test LoggerFinder, which prints "LEVEL [logger] message" and a thrown's trace.
        assertEquals(List.of("WARNING [dev.fastclock] " + line), r.stderr().lines().filter(l -> l.contains("FastClock")).toList(), r::toString);
        assertEquals(List.of(), traceLines(r.stderr()), r::toString);
    }

    @Test
    void anUnknownNameWithTheApiAloneNamesItsProviders() {
        ChildJvm.Result r = forced("linux-x64", false);
        String expected = "-Dfastclock.provider=linux-x64 names no provider (names are matched ignoring case); the providers found here: settable, jdk";
        assertEquals(expected, r.value("threw"), r::toString);
        // java.util.logging's console format: a header line, then "LEVEL: message".
        assertEquals(List.of("WARNING: FastClock: " + expected + "; every call throws IllegalStateException"),
                r.stderr().lines().filter(l -> l.contains("FastClock")).toList(), r::toString);
        assertEquals(List.of(), traceLines(r.stderr()), r::toString);
    }

    @Test
    void theApiAloneWhereTheLinuxProviderWouldWorkSaysSoOnce() {
        boolean linuxX64 = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch")) && Runtime.version().feature() >= 22;
        assumeTrue(linuxX64, "the hint is only given on Linux x86-64 with Java 22+, where fastclock-linux-x64 would work");
        ChildJvm.Result r = ChildJvm.main(Child.class).withoutTestClasses().run();
        assertEquals(0, r.exitCode(), r::toString);
        String hint = "only the jdk provider is present, on a Linux x86-64 JVM " + Runtime.version().feature()
                + " that could use the native routes: add the dependency dev.fastclock:fastclock-linux-x64";
        assertEquals("jdk", r.value("provider"), r::toString);
        assertEquals(List.of(hint), r.values("note"), r::toString);
        assertEquals(List.of("INFO FastClock: " + hint), r.values("message"), r::toString);
        assertEquals(List.of("INFO: FastClock: " + hint), r.stderr().lines().filter(l -> l.contains("FastClock")).toList(), r::toString);
        assertFalse(r.stderr().contains("\tat "), r::toString);
    }
}
