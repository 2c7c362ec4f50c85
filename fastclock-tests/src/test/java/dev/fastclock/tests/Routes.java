package dev.fastclock.tests;

import static org.junit.jupiter.api.Assumptions.abort;

import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;

/** The Linux provider's backend for one forced route, skipping only where this machine really lacks the route. */
final class Routes {

    private Routes() {
    }

    /**
     * {@code LinuxX64Provider.backend(route)}. When the route is unavailable the test is skipped if the kernel shows
     * why (no {@code [vdso]} mapping; no executable {@code [vsyscall]} page), and fails otherwise. The backend's
     * plans must show the route on every method it serves, so the contract tests the route it names.
     */
    static BackendSource backend(Route route) {
        FastClockBackend backend;
        try {
            backend = LinuxX64Provider.backend(route);
        } catch (IllegalStateException e) {
            String lacking = switch (route) {
                case VDSO -> Machine.vdsoLine().isEmpty() ? "the kernel maps no [vdso] here (/proc/self/maps)" : null;
                case VSYSCALL -> !Machine.vsyscallExecutable()
                        ? "the vsyscall page is not executable here (vsyscall=none): /proc/self/maps shows "
                        + Machine.vsyscallLine().orElse("no [vsyscall] line")
                        : null;
                case LIBC, TSC, JDK -> null;
            };
            if (lacking != null) {
                abort("route " + route.id() + " is not available on this machine: " + lacking + "; the provider said: " + e.getMessage());
            }
            throw new AssertionError("route " + route.id() + " should be available on this machine ("
                    + Machine.vdsoLine().orElse("no [vdso]") + "; " + Machine.vsyscallLine().orElse("no [vsyscall]")
                    + ") but LinuxX64Provider.backend threw", e);
        }
        BackendSource source = new BackendSource(backend);
        Routing.assertRoutes(Routing.forced(route), source.routes(), "LinuxX64Provider.backend(" + route + "), its plans: " + source.routes());
        return source;
    }

    /** {@link #backend(Route)}, which is seen as a {@code TimeSource} and {@code CpuSource}. */
    static BackendSource source(Route route) {
        return backend(route);
    }
}
