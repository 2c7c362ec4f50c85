package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.Route;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TSC route's trust comes through the seam: where the files say the kernel does not trust the
 * counter, {@code ticks} stays on the JDK unless the route is forced. Kept minimal: the rules
 * themselves ({@link TscTrust}) are interim.
 */
class TscRouteTest {

    /** A machine with no invariant TSC and an hpet clocksource; every other file is the live one. */
    private static final class Untrusted implements LinuxEnvironment.Files {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Optional<String> read(String path) {
            if (path.equals("/proc/cpuinfo")) {
                reads.incrementAndGet();
                return Optional.of("processor\t: 0\nflags\t\t: fpu vme de pse tsc msr\n\n");
            }
            if (path.endsWith("/current_clocksource")) {
                reads.incrementAndGet();
                return Optional.of("hpet\n");
            }
            if (path.endsWith("/available_clocksource")) {
                reads.incrementAndGet();
                return Optional.of("hpet acpi_pm \n");
            }
            return LinuxEnvironment.LIVE_FILES.read(path);
        }

        @Override
        public List<String> list(String dir) {
            return LinuxEnvironment.LIVE_FILES.list(dir);
        }
    }

    @Test
    void anUntrustedCounterLeavesTicksOnTheJdk() {
        Untrusted files = new Untrusted();
        LinuxBackend b = LinuxBackend.eager(Failsafe.live().withFiles(files), Optional.empty());

        Planner.Choice c = b.choice(Method.TICKS);
        assertEquals(Route.JDK, c.route());
        assertEquals(1, c.passedOver().size(), c.passedOver().toString());
        assertEquals("tsc", c.passedOver().getFirst().route());
        assertTrue(files.reads.get() > 0, "the verdict was read through the seam");
        Failsafe.assertSane(b, true, 20);
    }

    @Test
    void forcedTheCounterServesTicksAnyway() {
        LinuxBackend b = LinuxBackend.eager(Failsafe.live().withFiles(new Untrusted()), Optional.of(Route.TSC));

        assertEquals(Optional.empty(), b.forcedProblem());
        assertEquals(Route.TSC, b.choice(Method.TICKS).route());
        assertEquals(List.of(), b.choice(Method.TICKS).passedOver());
        long a = b.ticks();
        long z = b.ticks();
        assertTrue(z >= a, a + " then " + z);
    }
}
