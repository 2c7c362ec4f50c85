package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A ticks() difference measures time right even when its first reading was taken while FastClock was still
 * choosing the provider or planning (and calibrating) ticks on another thread: the stand-in answer given meanwhile
 * must be on the same scale as the planned one, or a difference spanning the switch mixes nanoseconds and TSC
 * counts. A child JVM starts 16 threads at once, each timing a sleep (1 ms to 2 s, staggered: longer than a loaded
 * machine takes to choose the provider and plan) with ticks() as its very first FastClock call; by default, and with
 * the counter forced ({@code -Dfastclock.route=tsc}) where the kernel does not trust it, so the units differ.
 * {@link TicksUnitsTest} adds the delays of issue 17.
 */
class TicksRaceTest {

    @ParameterizedTest(name = "route {0}")
    @ValueSource(strings = {"default", "tsc"})
    void aTicksDifferenceSpanningStartUpIsStillTheTimeElapsed(String route) {
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Dfastclock.route=" + (route.equals("tsc") ? "tsc" : ""))
                .args("ticks-race", "16")
                .run().assertSuccess();
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals("0", r.value("ticks.back"), () -> "ticks() went back on a thread\n" + r);
        assertEquals("0", r.value("ticks.wrong"), () -> "a ticks() difference spanning start-up was converted wrong\n" + r);
    }
}
