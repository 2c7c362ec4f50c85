/**
 * FastClock: the cheapest time and current-CPU calls the platform offers.
 *
 * <p>{@link dev.fastclock.FastClock} and {@link dev.fastclock.CpuLocator} are the API;
 * {@link dev.fastclock.spi.FastClockProvider} is the service interface through which a platform
 * module (such as {@code dev.fastclock.linux.x64}) or a test plugs in its implementation.
 */
module dev.fastclock {
    exports dev.fastclock;
    exports dev.fastclock.spi;

    uses dev.fastclock.spi.FastClockProvider;

    provides dev.fastclock.spi.FastClockProvider with dev.fastclock.spi.SettableClockProvider;
}
