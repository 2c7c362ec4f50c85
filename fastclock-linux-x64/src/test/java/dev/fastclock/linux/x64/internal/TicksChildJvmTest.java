package dev.fastclock.linux.x64.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10's forced and default routes in fresh JVMs, as an application meets them: the facade with
 * and without {@code -Dfastclock.route=tsc}, its report and its log; the counter forced where the
 * kernel does not trust it (the live machine where it does not, and faked files through the seam
 * everywhere) logging one warning that names the verdict; and the doctor's {@code tsc} and
 * {@code ticks} rows. Expectations branch on the live verdict ({@link TscTrust#live()}), never on
 * what this machine happens to be.
 */
class TicksChildJvmTest {

    private static final String NATIVE = "--enable-native-access=ALL-UNNAMED";
    private static final String CALIBRATION = "\\d+\\.\\d{6} MHz \u00b1\\S+ ppm over \\S+ \\S+ of CLOCK_MONOTONIC_RAW.*";

    private static Map<String, String> values(String out) {
        return ChildJvm.values(out);
    }

    private static List<String> lines(Map<String, String> v, String key) {
        return ChildJvm.lines(v, key);
    }

    /** The log's warnings from FastClock: JUL prints each as a line starting "WARNING: FastClock: ". */
    private static List<String> fastClockWarnings(String out) {
        return out.lines().filter(l -> l.startsWith("WARNING: ") && l.contains("FastClock")).toList();
    }

    private static void assertOnTheCounter(String what, Map<String, String> v, String out) {
        assertEquals("linux-x64", v.get("provider"), what + "\n" + out);
        assertEquals("tsc", v.get("route.ticks"), what + "\n" + out);
        List<String> ticks = lines(v, "note").stream().filter(n -> n.startsWith("ticks: ")).toList();
        assertEquals(1, ticks.size(), what + ": one ticks line in the notes\n" + out);
        assertTrue(ticks.getFirst().substring("ticks: ".length()).matches(CALIBRATION), what + ": " + ticks.getFirst());
        long tps = Long.parseLong(v.get("ticksPerSecond"));
        assertTrue(tps >= TscCalibration.MIN_TICKS_PER_SECOND && tps <= TscCalibration.MAX_TICKS_PER_SECOND, what + ": " + tps);
        assertTrue(Math.abs(Long.parseLong(v.get("ticksToNanos.ticksPerSecond")) - 1_000_000_000L) <= 1_000, what + "\n" + out);
        assertTrue(out.contains("describe.begin"), out);
        String describe = out.substring(out.indexOf("describe.begin"), out.indexOf("describe.end"));
        assertTrue(describe.lines().anyMatch(l -> l.matches("  ticks +tsc +.*")), what + ": describe() shows ticks on tsc\n" + describe);
        assertTrue(describe.lines().anyMatch(l -> l.matches("  ticks: " + CALIBRATION)), what + ": describe() shows the rate\n" + describe);
    }

    private static void assertCountedUp(String what, Map<String, String> v, String out) {
        assertFalse(v.containsKey("ticks.back"), what + ": ticks() went back in the child\n" + out);
        assertEquals("true", v.get("ticks.advanced"), what + "\n" + out);
    }

    @Test
    void forcedTicksAreOnTheCounterAndTheOtherMethodsKeepTheirRoutes() throws Exception {
        TscTrust.Verdict live = TscTrust.live();
        String out = ChildJvm.run(TicksChildMains.Facade.class, Map.of(), NATIVE, "-Dfastclock.route=tsc");
        Map<String, String> v = values(out);
        assertEquals(String.valueOf(live.trusted()), v.get("verdict.trusted"), "the child sees this machine's verdict\n" + out);
        assertOnTheCounter("forced", v, out);
        assertCountedUp("forced", v, out);
        List<String> notes = lines(v, "note");
        assertEquals("forced: -Dfastclock.route=tsc", notes.getFirst(), out);
        List<String> warnings = fastClockWarnings(out);
        if (live.trusted()) {
            assertTrue(notes.contains("tsc: rdtsc (" + live.reason() + ")"), notes.toString());
            assertEquals(List.of(), warnings, "forcing a counter the kernel trusts warns of nothing\n" + out);
        } else {
            assertTrue(notes.contains("tsc: rdtsc (FORCED: " + live.reason() + ")"), notes.toString());
            assertEquals(1, warnings.size(), "forcing an untrusted counter warns once\n" + out);
            assertTrue(warnings.getFirst().contains("-Dfastclock.route=tsc") && warnings.getFirst().contains(live.reason()),
                    "the warning names the verdict: " + warnings);
            assertEquals(1, lines(v, "message").stream().filter(m -> m.startsWith("WARNING FastClock: -Dfastclock.route=tsc")).count(),
                    "and the report keeps it\n" + out);
        }

        // Every other method as in a child without the property; the forced route passed over, saying why.
        Map<String, String> byDefault = values(ChildJvm.run(TicksChildMains.Facade.class, Map.of(), NATIVE));
        for (String key : v.keySet()) {
            // isSupported has no route of its own to pass over: it follows cpu and node.
            if (key.startsWith("route.") && !key.equals("route.ticks") && !key.equals("route.isSupported")) {
                assertEquals(byDefault.get(key), v.get(key), key + " keeps its route when tsc is forced\n" + out);
                String method = key.substring("route.".length());
                assertTrue(lines(v, "passedOver." + method).stream().anyMatch(p -> p.startsWith("tsc (forced): ")),
                        method + " says why the forced tsc route does not serve it\n" + out);
            }
        }
    }

    @Test
    void byDefaultTicksAreOnTheCounterExactlyWhereTheKernelTrustsIt() throws Exception {
        TscTrust.Verdict live = TscTrust.live();
        String out = ChildJvm.run(TicksChildMains.Facade.class, Map.of(), NATIVE);
        Map<String, String> v = values(out);
        assertEquals(String.valueOf(live.trusted()), v.get("verdict.trusted"), out);
        assertEquals(live.reason(), v.get("verdict.reason"), out);
        assertCountedUp("default", v, out);
        if (live.trusted()) {
            assertOnTheCounter("default", v, out);
            assertFalse(v.containsKey("passedOver.ticks"), out);
            assertTrue(lines(v, "note").contains("tsc: rdtsc (" + live.reason() + ")"), out);
            assertEquals(List.of(), fastClockWarnings(out), "a trusted counter is used without a word\n" + out);
        } else {
            assertEquals("jdk", v.get("route.ticks"), out);
            assertEquals(List.of("tsc: " + live.reason()), lines(v, "passedOver.ticks"), "the report says why\n" + out);
            assertEquals("1000000000", v.get("ticksPerSecond"), out);
            assertEquals("1000000000", v.get("ticksToNanos.ticksPerSecond"), out);
            assertTrue(lines(v, "note").stream().noneMatch(n -> n.startsWith("ticks: ")), out);
        }
    }

    @Test
    void forcingACounterTheFilesDoNotTrustWarnsOnceNamingTheVerdict() throws Exception {
        // Whatever this machine's verdict: the files come through the seam saying "not trusted".
        String out = ChildJvm.runWithSeam(TicksChildMains.ForcedUntrusted.class);
        Map<String, String> v = values(out);
        assertEquals("true", v.get("done"), out);
        assertEquals("seam", v.get("provider"), out);
        assertEquals("tsc", v.get("route.ticks"), out);
        assertEquals("true", v.get("ticks.countUp"), out);
        assertTrue(lines(v, "note").contains("tsc: rdtsc (FORCED: " + TicksChildMains.ForcedUntrusted.REASON + ")"), out);
        List<String> warnings = fastClockWarnings(out);
        assertEquals(1, warnings.size(), "one warning\n" + out);
        assertEquals("WARNING: FastClock: -Dfastclock.route=tsc forces the time-stamp counter although the kernel does not trust it: "
                + TicksChildMains.ForcedUntrusted.REASON, warnings.getFirst());
        assertEquals(List.of("WARNING FastClock: -Dfastclock.route=tsc forces the time-stamp counter although the kernel does not trust it: "
                + TicksChildMains.ForcedUntrusted.REASON), lines(v, "message"), "the report keeps the one message\n" + out);
    }

    @Test
    void theDoctorShowsTheVerdictAndTheCalibration() throws Exception {
        TscTrust.Verdict live = TscTrust.live();
        for (boolean forced : new boolean[] {false, true}) {
            List<String> args = new ArrayList<>(List.of(NATIVE));
            if (forced) {
                args.add("-Dfastclock.route=tsc");
            }
            String out = ChildJvm.run(TicksChildMains.DoctorNoCost.class, Map.of(), args.toArray(String[]::new));
            String what = forced ? "doctor -Dfastclock.route=tsc" : "doctor";
            String tsc = row(out, "tsc");
            String ticks = row(out, "ticks");
            assertTrue(tsc.startsWith(live.reason() + " ("), what + ": the tsc row gives the verdict: " + tsc);
            // The verdict is the machine's, whatever is forced: branch on it, never on what this machine happens to be.
            assertTrue(tsc.endsWith(live.trusted() ? "(ticks() reads it by default)"
                    : "(by default ticks() is nanos(); -Dfastclock.route=tsc forces the TSC)"), what + ": " + tsc);
            if (forced || live.trusted()) {
                assertTrue(ticks.matches(CALIBRATION), what + ": the ticks row gives the calibration: " + ticks);
            } else {
                assertEquals("nanoseconds (1000000000 per second)", ticks, what);
            }
            assertFalse(out.contains(": failed:"), what + "\n" + out);
            System.out.println(what + ":\n  tsc   " + tsc + "\n  ticks " + ticks);
        }
    }

    /** The value of the doctor's row {@code key} ("  key            value"), which must appear once. */
    private static String row(String out, String key) {
        List<String> rows = out.lines().filter(l -> l.matches("  " + key + " {2,}\\S.*") && l.length() > 17 && l.substring(2, 16).strip().equals(key))
                .map(l -> l.substring(17)).toList();
        assertEquals(1, rows.size(), "one " + key + " row in\n" + out);
        return rows.getFirst();
    }
}
