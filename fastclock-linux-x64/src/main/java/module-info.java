/**
 * The Linux x86-64 provider of FastClock: the kernel's vDSO functions called through the FFM API,
 * with guarded fallbacks to libc, the vsyscall page and the JDK; and {@link dev.fastclock.linux.x64.Doctor},
 * the diagnostic report.
 *
 * <p>Run with {@code --enable-native-access=dev.fastclock.linux.x64}.
 */
@SuppressWarnings("module") // the name is fixed by the platform it serves: x64
module dev.fastclock.linux.x64 {
    requires transitive dev.fastclock;

    exports dev.fastclock.linux.x64;
    exports dev.fastclock.linux.x64.elf;

    provides dev.fastclock.spi.FastClockProvider with dev.fastclock.linux.x64.LinuxX64Provider;
}
