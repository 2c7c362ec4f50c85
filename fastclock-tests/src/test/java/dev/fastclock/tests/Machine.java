package dev.fastclock.tests;

import dev.fastclock.linux.x64.internal.TscTrust;
import dev.fastclock.tests.probe.Bounds;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Optional;

/** Facts about this machine that decide what a test can expect, read from the kernel's own files. */
final class Machine {

    private Machine() {
    }

    /** The {@code taskset} executable on PATH, if any. */
    static Optional<Path> taskset() {
        return onPath("taskset");
    }

    /** An executable on PATH, if any. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether glibc registers rseq for this JVM's threads (what makes libc's {@code sched_getcpu} the default
     * {@code cpu} route): glibc 2.35+ (these machines) does unless {@code GLIBC_TUNABLES=glibc.pthread.rseq=0}.
     */
    static boolean rseqRegistered() {
        return !String.valueOf(System.getenv("GLIBC_TUNABLES")).contains("glibc.pthread.rseq=0");
    }

    /**
     * Whether the kernel trusts the time-stamp counter, so the default {@code ticks} route is {@code tsc} (else it is
     * {@code jdk} and a tick is a nanosecond): the provider's own live verdict, {@code TscTrust.live()} (a constant,
     * non-stop TSC that the kernel has not marked unstable). Tests branch on it, and force {@code -Dfastclock.route=tsc}
     * to test the other case.
     */
    static boolean tscTrusted() {
        return TscTrust.live().trusted();
    }

    /** Why the kernel trusts the TSC or not, for messages. */
    static String tscVerdict() {
        return TscTrust.live().reason();
    }

    /** Whether the kernel publishes its CPU-to-node table ({@code /sys/devices/system/node/node0/cpulist}). */
    static boolean nodeTable() {
        return Files.isReadable(Path.of("/sys/devices/system/node/node0/cpulist"));
    }

    /** The CPUs this JVM may run on. */
    static BitSet allowedCpus() {
        return Bounds.allowedCpus();
    }

    /** The {@code [vsyscall]} line of /proc/self/maps, if the kernel maps the page (vsyscall mode not none). */
    static Optional<String> vsyscallLine() {
        return mapsLine("[vsyscall]");
    }

    /** Whether the vsyscall page is mapped executable ({@code --xp} xonly or {@code r-xp} emulate). */
    static boolean vsyscallExecutable() {
        return vsyscallLine().map(l -> l.split("\\s+")[1].charAt(2) == 'x').orElse(false);
    }

    /** The {@code [vdso]} line of /proc/self/maps, if the kernel maps a vDSO. */
    static Optional<String> vdsoLine() {
        return mapsLine("[vdso]");
    }

    private static Optional<String> mapsLine(String name) {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.endsWith(name)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
