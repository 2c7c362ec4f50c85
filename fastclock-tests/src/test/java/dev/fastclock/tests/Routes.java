package dev.fastclock.tests;

import static org.junit.jupiter.api.Assumptions.abort;

import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;

import java.util.Locale;

/** The Linux provider's backend for one forced route, skipping only where this machine really lacks the route. */
final class Routes {

    private Routes() {
    }

    /** The {@code -Dfastclock.route} value of a route. */
    static String property(Route route) {
        return route.name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code LinuxX64Provider.backend(route)}. When the route is unavailable the test is skipped if the kernel shows
     * why (no {@code [vdso]} mapping; no executable {@code [vsyscall]} page), and fails otherwise.
     */
    static FastClockBackend backend(Route route) {
        try {
            return LinuxX64Provider.backend(route);
        } catch (IllegalStateException e) {
            String lacking = switch (route) {
                case VDSO -> Machine.vdsoLine().isEmpty() ? "the kernel maps no [vdso] here (/proc/self/maps)" : null;
                case VSYSCALL -> !Machine.vsyscallExecutable()
                        ? "the vsyscall page is not executable here (vsyscall=none): /proc/self/maps shows "
                        + Machine.vsyscallLine().orElse("no [vsyscall] line")
                        : null;
                case LIBC, JDK -> null;
            };
            if (lacking != null) {
                abort("route " + property(route) + " is not available on this machine: " + lacking + "; the provider said: " + e.getMessage());
            }
            throw new AssertionError("route " + property(route) + " should be available on this machine ("
                    + Machine.vdsoLine().orElse("no [vdso]") + "; " + Machine.vsyscallLine().orElse("no [vsyscall]")
                    + ") but LinuxX64Provider.backend threw", e);
        }
    }
}
