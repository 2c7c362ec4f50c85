package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fastclock.Report;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.MethodRoute;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The failure cases of issue "Fallback chain and failure safety" that this machine can really produce, each in a
 * child JVM of the running JDK: native access denied or not enabled (and the pure-Java answers that need none,
 * issue "Linux provider, second design"), the trapping vsyscall route, glibc without rseq, and forced choices (a
 * provider, an unknown provider or route).
 */
class FailureModesTest {

    @Test
    void nativeAccessDeniedOnTheClassPathFallsBackToJdkAndNamesTheFlag() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .jvmArgs("--illegal-native-access=deny")
                .args("report", "20000", "jdk")
                .run().assertSuccess();
        assertEquals("jdk", r.value("provider"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        assertNativeAccessDeniedNamed(r, "--enable-native-access=ALL-UNNAMED");
    }

    @Test
    void nativeAccessDeniedOnTheModulePathFallsBackToJdkAndNamesTheFlag() {
        ChildJvm.Result r = ChildJvm.probeOnModulePath()
                .jvmArgs("--illegal-native-access=deny")
                .args("report", "20000", "jdk")
                .run().assertSuccess();
        assertEquals("jdk", r.value("provider"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        assertNativeAccessDeniedNamed(r, "--enable-native-access=dev.fastclock.linux.x64");
    }

    /**
     * The report: jdk chosen, linux-x64 not available, its outcome naming the flag that fixes it; every method on jdk.
     * An expected condition (issue 17): one log line naming the flag, no stack trace on stderr, and the line kept in
     * the report's messages.
     */
    private static void assertNativeAccessDeniedNamed(ChildJvm.Result r, String flag) {
        Report report = r.report();
        assertEquals("jdk", report.provider(), r::toString);
        String outcome = r.outcome("linux-x64");
        assertTrue(outcome.startsWith("not available") && outcome.contains(flag),
                () -> "the report should say linux-x64 is not available and name " + flag + ": " + outcome + "\n" + r);
        assertEquals("chosen", r.outcome("jdk"), r::toString);
        assertTrue(report.methods().stream().allMatch(m -> m.route().equals("jdk")), r::toString);
        assertEquals(Routing.METHODS, report.methods().stream().map(MethodRoute::method).toList(), r::toString);
        String line = ExpectedConditions.assertOneLineNoTrace(r, "linux-x64", flag);
        assertTrue(report.messages().stream().anyMatch(m -> m.startsWith("WARNING ") && m.contains(flag)),
                () -> "the report's messages keep the line: " + report.messages() + "\n" + line + "\n" + r);
    }

    /**
     * The kill switch {@code -Dfastclock.route=jdk} needs no native access: under {@code --illegal-native-access=deny}
     * with no {@code --enable-native-access} the Linux provider serves every method from the JDK, the report says so,
     * and nothing is printed (no native call was even attempted, so no warning or error).
     */
    @Test
    void routeJdkWorksUnderIllegalNativeAccessDenyOnTheClassPath() {
        assertRouteJdkUnderDeny(ChildJvm.probeOnClassPath());
    }

    @Test
    void routeJdkWorksUnderIllegalNativeAccessDenyOnTheModulePath() {
        assertRouteJdkUnderDeny(ChildJvm.probeOnModulePath());
    }

    private static void assertRouteJdkUnderDeny(ChildJvm child) {
        ChildJvm.Result r = child
                .jvmArgs("--illegal-native-access=deny", "-Dfastclock.route=jdk")
                .args("report", "20000", "jdk")
                .run().assertSuccess();
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        Map<String, String> allJdk = new LinkedHashMap<>();
        Routing.METHODS.forEach(m -> allJdk.put(m, "jdk"));
        assertEquals(16, allJdk.size(), () -> "the report of the third design has 16 method rows\n" + r);
        Routing.assertRoutes(allJdk, r);
        assertTrue(r.report().notes().contains("forced: -Dfastclock.route=jdk"), r::toString);
        assertEquals("", r.stderr().strip(), () -> "route=jdk calls no native code: nothing on stderr\n" + r);
    }

    /** Likewise {@code -Dfastclock.provider=jdk}: the pure-Java provider, chosen and reported as forced. */
    @Test
    void providerJdkWorksUnderIllegalNativeAccessDeny() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .jvmArgs("--illegal-native-access=deny", "-Dfastclock.provider=jdk")
                .args("report", "20000", "jdk")
                .run().assertSuccess();
        assertEquals("jdk", r.value("provider"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        Report report = r.report();
        assertEquals(Optional.of("jdk"), report.forced(), r::toString);
        assertEquals("chosen (forced)", r.outcome("jdk"), r::toString);
        assertTrue(r.outcome("linux-x64").startsWith("not tried"), r::toString);
        assertEquals(Routing.METHODS, report.methods().stream().map(MethodRoute::method).toList(), r::toString);
        assertTrue(report.methods().stream().allMatch(m -> m.route().equals("jdk")), r::toString);
        assertEquals("", r.stderr().strip(), () -> "provider=jdk calls no native code: nothing on stderr\n" + r);
    }

    @Test
    void withoutEnableNativeAccessOnTheClassPathItWorksAndTheJdkWarningIsTheOnlyNoise() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .args("report", "20000", "native")
                .run().assertSuccess();
        assertOnlyTheJdkWarning(r, "ALL-UNNAMED");
    }

    @Test
    void withoutEnableNativeAccessOnTheModulePathItWorksAndTheJdkWarningIsTheOnlyNoise() {
        ChildJvm.Result r = ChildJvm.probeOnModulePath()
                .args("report", "20000", "native")
                .run().assertSuccess();
        assertOnlyTheJdkWarning(r, "dev.fastclock.linux.x64");
    }

    private static void assertOnlyTheJdkWarning(ChildJvm.Result r, String module) {
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        Routing.assertRoutes(Routing.defaults(true), r);
        List<String> err = r.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, err.stream().filter(l -> l.startsWith("WARNING: A restricted method")).count(),
                () -> "the JDK's restricted-method warning should appear exactly once\n" + r);
        assertTrue(err.stream().allMatch(l -> l.startsWith("WARNING: ")), () -> "stderr has more than the JDK's warning\n" + r);
        assertTrue(err.stream().anyMatch(l -> l.contains("--enable-native-access=" + module)),
                () -> "the JDK's warning should name --enable-native-access=" + module + "\n" + r);
        assertTrue(err.size() <= 4, () -> "the JDK's warning is four lines at most\n" + r);
    }

    @Test
    void theVsyscallRouteGivesRightValuesAndIsUsedWhereItCanServe() {
        assumeTrue(Machine.vsyscallExecutable(), "the vsyscall page is not executable here (vsyscall=none): "
                + Machine.vsyscallLine().orElse("no [vsyscall] line in /proc/self/maps"));
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Dfastclock.route=vsyscall")
                // each vsyscall call is a ~450 ns trap: fewer rounds
                .args("report", "5000", "native")
                .run().assertSuccess();
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        // gettimeofday, time and getcpu (and epochMillis, from gettimeofday) on the page; the page has no
        // clock_gettime, so the other methods keep their usual route, and the report says why.
        Routing.assertRoutes(Routing.forced(Route.VSYSCALL), r);
        Routing.assertPassedOverExplained(Route.VSYSCALL, r.report().methods(), r);
    }

    @Test
    void withoutRseqCpuLocatorStillAnswersThePinnedCpu() {
        PinnedCpuTest.runPinned(1, "default", "glibc.pthread.rseq=0");
        PinnedCpuTest.runPinned(0, "default", "glibc.pthread.rseq=0");
    }

    @Test
    void withoutRseqTheLibcRouteStillAnswersThePinnedCpu() {
        PinnedCpuTest.runPinned(1, "libc", "glibc.pthread.rseq=0");
    }

    @Test
    void withoutRseqEveryValueIsRight() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .jvmArgs("--enable-native-access=ALL-UNNAMED")
                .env("GLIBC_TUNABLES", "glibc.pthread.rseq=0")
                .args("report", "20000", "native")
                .run().assertSuccess();
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        // sched_getcpu would make a vDSO call anyway: the provider goes to the vDSO directly and says why.
        Routing.assertRoutes(Routing.defaults(false), r);
        assertTrue(r.report().notes().stream().anyMatch(n -> n.startsWith("rseq: not registered")), r::toString);
    }

    @Test
    void forcingJdkWorks() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Dfastclock.provider=jdk")
                .args("report", "20000", "jdk")
                .run().assertSuccess();
        assertEquals("jdk", r.value("provider"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        assertEquals(Optional.of("jdk"), r.report().forced(), r::toString);
        assertEquals("", r.stderr().strip(), () -> "a forced jdk provider calls no native code: no warning\n" + r);
    }

    /**
     * Issue 17: {@code -Dfastclock.route=garbage} makes every call throw, saying why, and is logged as one line naming
     * the routes there are (it used to log nothing), with no stack trace.
     */
    @Test
    void anUnknownForcedRouteFailsEveryCallClearlyAndLogsOneLineNamingTheRoutes() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Dfastclock.route=garbage")
                .args("first-call")
                .run().assertSuccess();
        assertEquals("java.lang.IllegalStateException", r.value("first-call"), r::toString);
        String message = r.value("first-call.message");
        assertTrue(message.contains("garbage") && message.contains("fastclock.route"),
                () -> "the message should name the property and the bad value: " + message + "\n" + r);
        String[] routes = Arrays.stream(Route.values()).map(Route::id).toArray(String[]::new);
        for (String route : routes) {
            assertTrue(message.contains(route), () -> "the message should list the valid routes: " + message + "\n" + r);
        }
        assertEquals("java.lang.IllegalStateException", r.value("cpu-call"), r::toString);
        assertEquals(r.value("calls"), r.value("calls.threw"), () -> "every method of the catalogue throws\n" + r);
        assertEquals("1", r.value("clockStatus.threw"), r::toString);
        assertFalse(r.value("provider").equals("jdk"), () -> "a forced route must fail loudly, not fall back quietly\n" + r);
        String[] needles = new String[routes.length + 1];
        needles[0] = "-Dfastclock.route=garbage";
        System.arraycopy(routes, 0, needles, 1, routes.length);
        ExpectedConditions.assertOneLineNoTrace(r, needles);
        // the report says so too, on every method
        assertTrue(r.report().methods().stream().allMatch(m -> m.route().equals("none") && m.detail().contains("garbage")), r::toString);
    }

    /** Issue 17: route names are matched ignoring case: {@code -Dfastclock.route=VDSO} forces the vdso route. */
    @Test
    void aForcedRouteInAnotherCaseWorks() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Dfastclock.route=VDSO")
                .args("report", "20000", "native")
                .run().assertSuccess();
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        Routing.assertRoutes(Routing.forced(Route.VDSO), r);
        Routing.assertPassedOverExplained(Route.VDSO, r.report().methods(), r);
        assertEquals("", r.stderr().strip(), () -> "a forced route that works logs nothing\n" + r);
    }

    /**
     * A route forced where native access is denied cannot work: every call throws, naming the flag, and that is one
     * line with no stack trace.
     */
    @Test
    void aNativeRouteForcedUnderDenyFailsEveryCallAndSaysWhyInOneLine() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .jvmArgs("--illegal-native-access=deny", "-Dfastclock.route=vdso")
                .args("first-call")
                .run().assertSuccess();
        assertEquals("java.lang.IllegalStateException", r.value("first-call"), r::toString);
        assertTrue(r.value("first-call.message").contains("--enable-native-access=ALL-UNNAMED"), r::toString);
        assertEquals(r.value("calls"), r.value("calls.threw"), () -> "every method of the catalogue throws\n" + r);
        ExpectedConditions.assertOneLineNoTrace(r, "--enable-native-access=ALL-UNNAMED");
    }
}
