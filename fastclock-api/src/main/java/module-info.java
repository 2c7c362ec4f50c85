/**
 * FastClock: the cheapest time and current-CPU calls the platform offers.
 *
 * <p>{@link dev.fastclock.FastClock} and {@link dev.fastclock.CpuLocator} are the API;
 * {@link dev.fastclock.spi.FastClockProvider} is the service interface through which a platform
 * module (such as {@code dev.fastclock.linux.x64}) or a test plugs in its implementation. The
 * packages layer without cycles: {@code spi} (with the catalogue of methods, {@link dev.fastclock.spi.Method})
 * depends on nothing, {@code internal} (selection and the first-call machinery) on {@code spi}, the API on
 * both, and {@code settable} (the test provider) on the API.
 */
module dev.fastclock {
    exports dev.fastclock;
    exports dev.fastclock.spi;

    uses dev.fastclock.spi.FastClockProvider;

    provides dev.fastclock.spi.FastClockProvider with dev.fastclock.settable.SettableClockProvider;
}
