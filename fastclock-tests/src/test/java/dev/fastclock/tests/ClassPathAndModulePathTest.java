package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fastclock.FastClock;
import dev.fastclock.Report;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The Linux provider is found and used both ways a user deploys it: as named modules on the module path
 * ({@code uses} in dev.fastclock, {@code provides} in dev.fastclock.linux.x64) and as jars on the class path
 * (META-INF/services); each with the native-access flag that names it, which silences the JDK's warning.
 */
class ClassPathAndModulePathTest {

    @Test
    void modulePathSelectsTheLinuxProviderThroughUsesAndProvides() {
        ChildJvm.Result r = ChildJvm.probeOnModulePath()
                .jvmArgs("--enable-native-access=dev.fastclock.linux.x64")
                .args("report", "20000", "native")
                .run().assertSuccess();
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals("dev.fastclock", r.value("api.module"), r::toString);
        assertEquals("dev.fastclock.linux.x64", r.value("linux.module"), r::toString);
        // The probe's module requires dev.fastclock only: the provider module came in by service binding.
        assertEquals(Artifacts.PROBE_MODULE, r.value("probe.module"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        Routing.assertRoutes(Routing.defaults(true), r);
        assertEquals("", r.stderr().strip(), () -> "native access is enabled for the module: no warning expected\n" + r);
    }

    @Test
    void modulePathWithoutTheLinuxModuleFallsBackToJdk() {
        ChildJvm.Result r = ChildJvm.modulePath(Artifacts.PROBE_MODULE, dev.fastclock.tests.probe.Probe.class.getName(),
                        List.of(Artifacts.probeModule(), Artifacts.apiJar()))
                .args("report", "20000", "jdk")
                .run().assertSuccess();
        assertEquals("jdk", r.value("provider"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
    }

    @Test
    void classPathSelectsTheLinuxProviderThroughMetaInfServices() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .jvmArgs("--enable-native-access=ALL-UNNAMED")
                .args("report", "20000", "native")
                .run().assertSuccess();
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals("unnamed", r.value("api.module"), r::toString);
        assertEquals("none", r.value("linux.module"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        Routing.assertRoutes(Routing.defaults(true), r);
        assertEquals("", r.stderr().strip(), () -> "native access is enabled for the class path: no warning expected\n" + r);
    }

    @Test
    void thisTestJvmUsesTheLinuxProviderOnItsClassPath() {
        assertEquals("linux-x64", FastClock.providerName(), FastClock::describe);
        Report report = FastClock.report();
        assertEquals("linux-x64", report.provider(), report::toString);
        assertEquals("chosen", report.providers().get(0).outcome(), report::toString);
        Routing.assertRoutes(Routing.defaults(Machine.rseqRegistered()), report.methods(), report);
        // describe() renders a report (a fresh one: its notes may carry a fresh measurement) as text.
        String describe = FastClock.describe();
        assertTrue(describe.startsWith("FastClock provider: linux-x64\n"), describe);
        assertTrue(Routing.METHODS.stream().allMatch(m -> describe.contains("\n  " + m + " ")), describe);
    }
}
