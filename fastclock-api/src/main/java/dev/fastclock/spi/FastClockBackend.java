package dev.fastclock.spi;

import dev.fastclock.CpuSource;
import dev.fastclock.TimeSource;
import dev.fastclock.internal.FailedBackend;

/**
 * What a {@link FastClockProvider} builds once it is chosen: every clock and the CPU locator.
 *
 * <p>{@link dev.fastclock.FastClock} and {@link dev.fastclock.CpuLocator} hold the chosen backend
 * in a {@code static final} field, so the JIT sees its exact class and inlines its methods into the
 * caller: an implementation should keep each method small, allocation-free and branch-light.
 */
public interface FastClockBackend extends TimeSource, CpuSource {

    /**
     * A readable account of how this backend serves each method (the route taken and why others
     * were passed over), one line each; included in {@link dev.fastclock.FastClock#describe()}.
     *
     * @return the account, possibly empty
     */
    default String describeRoutes() {
        return "";
    }

    /**
     * A backend whose every method but {@link #describeRoutes()} throws
     * {@link IllegalStateException} with {@code message}: what a provider returns when the user
     * forced a choice (a route, a mode) that cannot work, so the first call fails loudly.
     *
     * @param message why it cannot work, and what to do
     * @param cause   the underlying failure, or null
     * @return the failing backend
     */
    static FastClockBackend failing(String message, Throwable cause) {
        return new FailedBackend(message, cause);
    }
}
