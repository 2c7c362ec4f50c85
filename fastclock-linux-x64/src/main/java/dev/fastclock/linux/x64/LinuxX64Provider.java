package dev.fastclock.linux.x64;

import dev.fastclock.linux.x64.internal.LinuxBackend;
import dev.fastclock.linux.x64.internal.Natives;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.UnavailableException;

import java.util.Locale;
import java.util.Optional;

/**
 * The Linux x86-64 provider, {@value #NAME}, priority {@value #PRIORITY}: each FastClock and CpuLocator
 * method served by the fastest route that works here (the vDSO, libc, the vsyscall page, the time-stamp
 * counter, the JDK; see {@link Route}), chosen at the method's first call, with every route proven
 * before its first call.
 *
 * <p>Needs native access: {@code --enable-native-access=dev.fastclock.linux.x64} on the module path,
 * {@code --enable-native-access=ALL-UNNAMED} on the class path. Without the flag the JDK prints one
 * warning and FastClock works; with {@code --illegal-native-access=deny} this provider is not available
 * (one log line naming the flag), FastClock falls back to the {@code jdk} provider and
 * {@link dev.fastclock.FastClock#describe()} names the missing flag. {@code -Dfastclock.route=jdk} needs
 * no native access.
 */
public final class LinuxX64Provider implements FastClockProvider {

    /** The provider's name. */
    public static final String NAME = "linux-x64";
    /** The provider's priority. */
    public static final int PRIORITY = 100;

    /** For ServiceLoader; does nothing. */
    public LinuxX64Provider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Optional<String> unavailableReason() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.of("not Linux (os.name " + os + ")");
        }
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return Optional.of("not x86-64 (os.arch " + arch + ")");
        }
        return Optional.empty();
    }

    /**
     * Builds the backend; each method is planned at its own first call (a program pays only for the
     * routes it uses). With {@code -Dfastclock.route}, the route is opened now: one that is unknown or not
     * available here gives a backend whose every call throws, saying why. {@code -Dfastclock.route=jdk}
     * needs no native access at all.
     *
     * @throws UnavailableException when native access is denied and no route was forced
     */
    @Override
    public FastClockBackend create() {
        String property = System.getProperty(Route.PROPERTY);
        Optional<Route> forced;
        try {
            forced = property == null || property.isBlank() ? Optional.empty() : Optional.of(Route.of(property));
        } catch (IllegalArgumentException e) {
            return FastClockBackend.failing(e.getMessage(), null);
        }
        if (forced.isEmpty() || forced.get() != Route.JDK) {
            try {
                Natives.checkAccess();
            } catch (IllegalStateException e) {
                if (forced.isEmpty()) {
                    throw new UnavailableException(e.getMessage());
                }
                return FastClockBackend.failing(e.getMessage(), null);
            }
        }
        LinuxBackend b = LinuxBackend.lazy(null, forced.isPresent() ? Optional.of(forced.get().internal()) : Optional.empty());
        Optional<String> problem = b.forcedProblem();
        return problem.isPresent() ? FastClockBackend.failing(problem.get(), null) : b;
    }

    /**
     * A backend with each method on its default route, as the provider builds it, planned now; for
     * code that wants an instance rather than the static facade.
     *
     * @return the backend
     * @throws IllegalStateException when native access is denied (the message names the flag)
     */
    public static FastClockBackend backend() {
        Natives.checkAccess();
        return LinuxBackend.eager(null, Optional.empty());
    }

    /**
     * A backend using {@code route} for every method that route can serve; the others keep their
     * default route. Planned now; each call returns a new backend, but every backend shares the
     * process's one stub page. For tests, benchmarks and code that must pin a route.
     *
     * @param route the route
     * @return the backend
     * @throws IllegalStateException when the route is not available here at all, or native access is
     *                               denied (not for {@link Route#JDK}, which needs no native access)
     */
    public static FastClockBackend backend(Route route) {
        if (route != Route.JDK) {
            Natives.checkAccess();
        }
        LinuxBackend b = LinuxBackend.lazy(null, Optional.of(route.internal()));
        Optional<String> problem = b.forcedProblem();
        if (problem.isPresent()) {
            throw new IllegalStateException(problem.get());
        }
        return b.planAll();
    }
}
