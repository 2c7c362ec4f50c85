package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.RepeatedTest;

/**
 * {@code CpuLocator.isSupported()} says whether cpu() and node() give real answers here, so it must not depend on
 * timing: on a machine where they do (the Linux provider with native access), every thread that asks gets true,
 * also a thread that asks while another is still planning cpu() or node() at start-up. A program that asks once
 * and picks its strategy (per-CPU shards or not) keeps a false for its whole life. A child JVM starts 16 threads at
 * once, each asking as its very first FastClock call.
 */
class CpuSupportRaceTest {

    @RepeatedTest(3)
    void everyThreadAskingAtStartUpIsToldTheTruth() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .jvmArgs("--enable-native-access=ALL-UNNAMED")
                .args("supported", "16")
                .run().assertSuccess();
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals("true", r.value("supported"), r::toString);
        assertEquals("0", r.value("supported.false"),
                () -> "isSupported() answered false to threads racing the first planning of cpu() or node()\n" + r);
    }
}
