package dev.fastclock.linux.x64.internal;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;

import java.util.Optional;

/**
 * The Linux backend on an environment a child JVM's main sets up ({@link #use}): how the tests reach
 * FastClock's own first-call machinery ({@code dev.fastclock.internal.Active}) with this module's
 * planner on injected inputs (a failing image read, a held file read, any {@code struct timex}).
 * Found by the ServiceLoader only in the child JVMs {@link ChildJvm#runWithSeam} starts (their class
 * path gets the services file), and chosen there with {@code -Dfastclock.provider=seam}.
 */
public final class SeamProvider implements FastClockProvider {

    /** The provider's name. */
    public static final String NAME = "seam";

    private static volatile LinuxEnvironment env;
    private static volatile Optional<RouteId> forced = Optional.empty();

    /** For the ServiceLoader. */
    public SeamProvider() {
    }

    /**
     * The environment and forced route the next backend is built with; call before the first FastClock call.
     *
     * @param environment the environment
     * @param route       the forced route, if any
     */
    static void use(LinuxEnvironment environment, Optional<RouteId> route) {
        env = environment;
        forced = route;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Below linux-x64's: only ever chosen when forced. */
    @Override
    public int priority() {
        return 1;
    }

    @Override
    public Optional<String> unavailableReason() {
        return env == null ? Optional.of("no environment set (test)") : Optional.empty();
    }

    /** A lazy Linux backend, as {@code LinuxX64Provider.create()} builds it, on the test's environment. */
    @Override
    public FastClockBackend create() {
        LinuxBackend b = LinuxBackend.lazy(env, forced);
        Optional<String> problem = b.forcedProblem();
        return problem.isPresent() ? FastClockBackend.failing(problem.get(), null) : b;
    }
}
