package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockStatus;
import dev.fastclock.FastClock;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.Timex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 20: {@code clockStatus()} on this machine against a C program ({@code src/test/c/clock-status.c})
 * that calls {@code adjtimex} with {@code modes = 0} right after: the state, the status bits, the TAI
 * offset, the frequency and the estimated error equal; the maximum error within what the kernel adds
 * between the two reads (500 ppm: 500 µs at each second's overflow, up to its 16 s cap). Read through
 * the Linux backend's plan ({@link dev.fastclock.spi.StatusReader}) and through {@link FastClock#clockStatus()}.
 * A time daemon that updates the clock between two reads changes the values legitimately, so a
 * disagreement is retried twice before it fails. Skipped where gcc is absent.
 */
class ClockStatusAgainstCTest {

    /** What the kernel adds to maxerror each second while no daemon resets it (MAXFREQ, 500 ppm), in µs. */
    private static final long GROWTH_PER_SECOND_MICROS = 500;
    /** The kernel's cap on maxerror (NTP_PHASE_LIMIT), µs. */
    private static final long CAP_MICROS = 16_000_000;

    private static Map<String, Long> runC(Path exe, Path dir) throws Exception {
        Map<String, Long> v = new HashMap<>();
        for (String line : Gcc.run(dir, exe.toString()).split("\n")) {
            String[] kv = line.trim().split(" ");
            v.put(kv[0], Long.parseLong(kv[1]));
        }
        return v;
    }

    /** The maxerror the kernel can have reached at {@code later} from {@code earlier}'s, {@code nanos} later. */
    private static boolean grewWithin(long earlier, long later, long nanos) {
        long seconds = nanos / 1_000_000_000L + 1; // second overflows crossed between the reads, at most
        long max = Math.min(CAP_MICROS, earlier + GROWTH_PER_SECOND_MICROS * seconds);
        return later >= Math.min(earlier, CAP_MICROS) && later <= Math.max(max, earlier);
    }

    @Test
    void everyFieldAgreesWithACProgramOnThisMachine(@TempDir Path dir) throws Exception {
        Path exe = Gcc.program(dir, Gcc.source("clock-status.c"), "the clock status against C");
        Facade b = new Facade(LinuxBackend.eager(Failsafe.live(), Optional.empty()));
        assertEquals(RouteId.LIBC, b.route(Method.CLOCK_STATUS), "clockStatus on libc's adjtimex");

        List<String> disagreements = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            long t0 = System.nanoTime();
            Timex j = b.timex();
            ClockStatus s = FastClock.clockStatus();
            Map<String, Long> c = runC(exe, dir);
            long elapsed = c.get("after") - t0; // both CLOCK_MONOTONIC
            assertEquals(0L, c.get("modes"), "the C program reads with modes 0 too");
            List<String> wrong = new ArrayList<>();
            check(wrong, "backend", j.known(), j.state(), j.status(), j.tai(), j.freq(), j.estError(), j.maxError(), c, elapsed);
            check(wrong, "FastClock.clockStatus()", s.known(), s.state(), s.statusBits(), s.taiOffsetSeconds(),
                    Math.round(s.frequencyPpm() * 65_536.0), s.estimatedErrorMicros(), s.maxErrorMicros(), c, elapsed);
            if (s.frequencyPpm() != c.get("freq") / 65_536.0) {
                wrong.add("frequencyPpm " + s.frequencyPpm() + " is not freq / 2^16 = " + c.get("freq") / 65_536.0);
            }
            String summary = "FastClock: " + s + "; backend: " + j + "; C: " + c + "; " + elapsed / 1_000_000 + " ms between the reads";
            if (wrong.isEmpty()) {
                System.out.println("clock status agrees with C" + (attempt > 1 ? " (attempt " + attempt + ")" : "") + ": " + summary);
                assertEquals(j.state() == ClockStatus.TIME_ERROR || (j.status() & ClockStatus.STA_UNSYNC) != 0, !s.isSynchronized(), summary);
                return;
            }
            disagreements.add("attempt " + attempt + ": " + wrong + " (" + summary + ")");
        }
        fail("clockStatus disagrees with adjtimex in C three times:\n" + String.join("\n", disagreements));
    }

    private static void check(List<String> wrong, String who, boolean known, long state, long status, long tai, long freq, long estError,
                              long maxError, Map<String, Long> c, long elapsedNanos) {
        if (!known) {
            wrong.add(who + " is unknown");
            return;
        }
        compare(wrong, who + " state", state, c.get("state"));
        compare(wrong, who + " status", status, c.get("status"));
        compare(wrong, who + " tai", tai, c.get("tai"));
        compare(wrong, who + " freq", freq, c.get("freq"));
        compare(wrong, who + " esterror", estError, c.get("esterror"));
        if (!grewWithin(maxError, c.get("maxerror"), elapsedNanos)) {
            wrong.add(who + " maxerror " + maxError + " us, then C's " + c.get("maxerror") + " us " + elapsedNanos / 1_000_000
                    + " ms later: more than the kernel's 500 us a second");
        }
    }

    private static void compare(List<String> wrong, String what, long java, long c) {
        if (java != c) {
            wrong.add(what + " " + java + " against C's " + c);
        }
    }

    @Test
    void theGrowthBoundIsTheKernels() {
        assertTrue(grewWithin(1_000, 1_000, 10_000_000L), "no second passed: the same");
        assertTrue(grewWithin(1_000, 1_500, 10_000_000L), "one second overflow may fall between two close reads");
        assertTrue(!grewWithin(1_000, 2_001, 10_000_000L), "two are not possible within 10 ms");
        assertTrue(grewWithin(1_000, 3_500, 5_200_000_000L), "six within 5.2 s");
        assertTrue(grewWithin(CAP_MICROS, CAP_MICROS, 100_000_000_000L), "capped at 16 s");
        assertTrue(!grewWithin(2_000, 1_000, 1_000L), "it does not shrink without a daemon");
    }
}
