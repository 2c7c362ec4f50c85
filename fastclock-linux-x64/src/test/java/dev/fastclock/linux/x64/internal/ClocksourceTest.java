package dev.fastclock.linux.x64.internal;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clocksource verdict is a measurement: this machine's vDSO is timed against a system call, and
 * the verdict follows from the two costs, not from the clocksource's name.
 */
class ClocksourceTest {

    @Test
    void thisMachinesVdsoIsMeasured() {
        Clocksource.Measurement m = Clocksource.measure(Failsafe.live())
                .orElseThrow(() -> new AssertionError("no measurement with a usable vDSO and stub page"));
        assertTrue(m.userNanos() > 0 && m.userNanos() < 100_000, "ns per vDSO read: " + m.userNanos());
        assertTrue(m.syscallNanos() > 0 && m.syscallNanos() < 1_000_000, "ns per system call: " + m.syscallNanos());
        String current = Clocksource.current();
        String line = m.describe(current);
        assertTrue(line.startsWith("clocksource " + current + ": the vDSO "), line);
        System.out.println(line);
    }

    @Test
    void theVerdictFollowsTheCosts() {
        assertTrue(new Clocksource.Measurement(20, 400).userSpace(), "a twentieth of a system call: user space");
        assertTrue(new Clocksource.Measurement(49, 100).userSpace());
        assertFalse(new Clocksource.Measurement(50, 100).userSpace(), "half a system call or more: a system call");
        assertFalse(new Clocksource.Measurement(400, 380).userSpace());
        assertTrue(new Clocksource.Measurement(20, 400).describe("tsc").contains("reads the time in user space"));
        assertTrue(new Clocksource.Measurement(400, 380).describe("hpet").contains("makes a system call for each read"));
    }

    @Test
    void noVdsoNoMeasurement() {
        LinuxEnvironment none = Failsafe.live().withVdsoBase(OptionalLong.empty(), "no vDSO (test)").withImages(Failsafe.neverRead());
        assertEquals(Optional.empty(), Clocksource.measure(none));
    }
}
