package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Issue "Runs on Java 17 and 21": an application compiled for Java 17 against fastclock-api, with
 * fastclock-linux-x64 (built for 22) beside it, on a Java 17-21 runtime ({@link OlderJava}) and on the build's JDK.
 * On 17-21 it gets the {@code jdk} provider with right values, and the Linux provider's absence is one line naming
 * Java 22, with no stack trace; on 22+ it gets {@code linux-x64}.
 */
class Java17Test {

    // One child per set-up, shared by the tests that read different parts of what it did.
    private static final Map<String, ChildJvm.Result> RUNS = new HashMap<>();

    private static OlderJava.Runtime java17() {
        OlderJava.Search s = OlderJava.find();
        assumeTrue(s.runtime().isPresent(), s::whyNone);
        return s.runtime().get();
    }

    private static synchronized ChildJvm.Result run(String key, Supplier<ChildJvm.Result> child) {
        return RUNS.computeIfAbsent(key, k -> child.get());
    }

    private static ChildJvm.Result classPathOn17() {
        OlderJava.Runtime java = java17();
        return run("classpath-17", () -> Java17Programs.consumerOnClassPath().java(java.java()).args("values").run());
    }

    private static ChildJvm.Result modulePathOn17() {
        OlderJava.Runtime java = java17();
        return run("modulepath-17", () -> Java17Programs.consumerOnModulePath().java(java.java()).args("values").run());
    }

    @Test
    void onTheClassPathJava17GetsTheJdkProviderWithRightValues() {
        ChildJvm.Result r = classPathOn17().assertSuccess();
        assertJdkProvider(r);
        assertEquals("unnamed", r.value("api.module"), r::toString);
    }

    @Test
    void onTheModulePathJava17StartsAndGetsTheJdkProviderWithRightValues() {
        ChildJvm.Result r = modulePathOn17().assertSuccess();
        assertJdkProvider(r);
        assertEquals("dev.fastclock", r.value("api.module"), r::toString);
        assertEquals(Java17Programs.MODULE, r.value("consumer.module"), r::toString);
    }

    /** Issue 17: an expected condition is one line with no stack trace (it used to carry UnsupportedClassVersionError's). */
    @Test
    void onTheClassPathJava17SaysWhyInOneLineWithoutAStackTrace() {
        assertOneLineReason(classPathOn17().assertSuccess());
    }

    /** The same on the module path. */
    @Test
    void onTheModulePathJava17SaysWhyInOneLineWithoutAStackTrace() {
        assertOneLineReason(modulePathOn17().assertSuccess());
    }

    @Test
    void onJava17TheSettableProviderAndTheJavaTimeViewWork() {
        OlderJava.Runtime java = java17();
        ChildJvm.Result r = Java17Programs.consumerOnClassPath().java(java.java())
                .jvmArgs("-Dfastclock.provider=settable").args("settable")
                .run().assertSuccess();
        assertEquals("settable", r.value("provider"), r::toString);
        assertEquals("ok", r.value("settable"), r::toString);
    }

    @Test
    void onJava17Log4jWithLog4jClockStampsEachLineWithFastClocksTime() {
        OlderJava.Runtime java = java17();
        Java17Programs.Log4j log = new Java17Programs.Log4j();
        ChildJvm.Result r = Java17Programs.log4jConsumer(log).java(java.java())
                .jvmArgs("-Dfastclock.provider=settable").args("settable")
                .run().assertSuccess();
        assertEquals("settable", r.value("provider"), r::toString);
        assertEquals(List.of(
                        "2031-05-04T03:02:01.123456789 INFO  orders - first",
                        "2031-05-04T03:02:01.123457900 INFO  orders - second"),
                log.lines(), r::toString);
    }

    @Test
    void onJava17Log4jWithLog4jClockWorksOnTheModulePath() {
        OlderJava.Runtime java = java17();
        Java17Programs.Log4j log = new Java17Programs.Log4j();
        ChildJvm.Result r = Java17Programs.log4jConsumerOnModulePath(log).java(java.java())
                .jvmArgs("-Dfastclock.provider=settable").args("settable")
                .run().assertSuccess();
        assertEquals("settable", r.value("provider"), r::toString);
        assertEquals(List.of(
                        "2031-05-04T03:02:01.123456789 INFO  orders - first",
                        "2031-05-04T03:02:01.123457900 INFO  orders - second"),
                log.lines(), r::toString);
    }

    @Test
    void onTheBuildJdkTheSameConsumerGetsLinuxX64OnTheClassPath() {
        ChildJvm.Result r = Java17Programs.consumerOnClassPath()
                .jvmArgs("--enable-native-access=ALL-UNNAMED").args("values")
                .run().assertSuccess();
        assertLinuxProvider(r);
    }

    @Test
    void onTheBuildJdkTheSameConsumerGetsLinuxX64OnTheModulePath() {
        ChildJvm.Result r = Java17Programs.consumerOnModulePath()
                .jvmArgs("--enable-native-access=dev.fastclock.linux.x64").args("values")
                .run().assertSuccess();
        assertLinuxProvider(r);
        assertEquals("dev.fastclock", r.value("api.module"), r::toString);
    }

    private static void assertJdkProvider(ChildJvm.Result r) {
        assertTrue(Integer.parseInt(r.value("java.specification.version")) <= OlderJava.NEWEST, r::toString);
        assertEquals("jdk", r.value("provider"), r::toString);
        assertEquals("ok", r.value("values"), r::toString);
        assertEquals("-1", r.value("cpu"), r::toString);
        assertEquals("false", r.value("supported"), r::toString);
        // Issue 20: the jdk provider cannot tell the kernel's clock state
        assertEquals("false", r.value("status.known"), r::toString);
        assertEquals("-1", r.value("read.clockStatus"), r::toString);
    }

    /**
     * One warning line naming Java 22 (the program waits for FastClock's log thread before it ends, so the line is on
     * stderr), no stack trace, and the same line kept among the report's start-up messages.
     */
    private static void assertOneLineReason(ChildJvm.Result r) {
        assertEquals("jdk", r.value("provider"), r::toString);
        assertTrue(r.describe().contains("Java 22"), () -> "describe() should say the Linux provider needs Java 22\n" + r);
        String line = ExpectedConditions.assertOneLineNoTrace(r, "Java 22");
        assertTrue(line.startsWith("WARNING: "), () -> "a warning: " + line + "\n" + r);
        assertTrue(r.describe().lines().dropWhile(l -> !l.equals("logged at start-up:")).anyMatch(l -> l.contains("WARNING") && l.contains("Java 22")),
                () -> "describe() should list the warning among the start-up messages\n" + r);
    }

    private static void assertLinuxProvider(ChildJvm.Result r) {
        assertTrue(Integer.parseInt(r.value("java.specification.version")) >= 22, r::toString);
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals("ok", r.value("values"), r::toString);
        assertEquals("true", r.value("supported"), r::toString);
        assertEquals("", r.stderr().strip(), () -> "native access is enabled: nothing expected on stderr\n" + r);
    }
}
