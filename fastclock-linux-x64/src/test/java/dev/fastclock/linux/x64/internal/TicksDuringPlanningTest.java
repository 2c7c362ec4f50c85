package dev.fastclock.linux.x64.internal;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thread that reads {@code ticks()} while another thread is planning it (reading the TSC verdict,
 * calibrating: milliseconds) must get a reading in the same units as every later one: a start taken
 * then and an end taken after the plan is published must convert to the time that passed. FastClock
 * makes such a caller wait for the plan (the JDK's answer would be nanoseconds, the counter's ticks);
 * here, end to end in a child JVM, with this module's planner held, deterministically, inside its read
 * of {@code /proc/cpuinfo} (through the seam) until the reader is in {@code ticks()}.
 */
class TicksDuringPlanningTest {

    private static void startDuringPlanningConvertsToTheTimeThatPassed(boolean forced) throws Exception {
        String out = forced ? ChildJvm.runWithSeam(SeamMains.TicksDuringPlanning.class, "-Dseam.route=tsc")
                : ChildJvm.runWithSeam(SeamMains.TicksDuringPlanning.class);
        Map<String, String> v = ChildJvm.values(out);
        TscTrust.Verdict verdict = TscTrust.live();
        assertEquals(forced || verdict.trusted() ? "tsc" : "jdk", v.get("route.ticks"), verdict.reason() + "\n" + out);
        assertEquals("true", v.get("reader.waited"), "the reader waited for the plan: " + out);
        long start = Long.parseLong(v.get("start"));
        long end = Long.parseLong(v.get("end"));
        long elapsed = Long.parseLong(v.get("elapsed.ticksToNanos"));
        long passed = Long.parseLong(v.get("elapsed.nanoTime"));
        String detail = "ticks on " + v.get("route.ticks") + ": start " + start + " (read while another thread planned), end " + end
                + "; ticksToNanos(end - start) = " + elapsed + " ns, while " + passed + " ns passed by System.nanoTime()";
        System.out.println(detail);
        assertTrue(end >= start, "ticks() went back on one thread: " + detail);
        assertTrue(elapsed >= -1_000 && elapsed <= passed + passed / 1_000 + 1_000, detail);
        assertTrue(ChildJvm.lines(v, "note").stream().noneMatch(n -> n.startsWith("ticks: ") && n.contains("call(s) made from inside")),
                "no ticks reading was a stand-in: " + out);
    }

    @Test
    void onTheForcedTscRoute() throws Exception {
        startDuringPlanningConvertsToTheTimeThatPassed(true);
    }

    @Test
    void onTheDefaultRoute() throws Exception {
        startDuringPlanningConvertsToTheTimeThatPassed(false);
    }
}
