package dev.fastclock.tests;

import dev.fastclock.tests.probe.Bounds;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
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
     * Whether the kernel trusts the time-stamp counter (the rule of {@code FastClock.ticks()}: a constant,
     * non-stop TSC that the kernel has not marked unstable, i.e. still lists among its clocksources), so the
     * default {@code ticks} route is {@code tsc}; else it is {@code jdk}.
     */
    static boolean tscTrusted() {
        String flags = read("/proc/cpuinfo").lines().filter(l -> l.startsWith("flags")).findFirst().orElse("");
        List<String> words = List.of(flags.split("\\s+"));
        String dir = "/sys/devices/system/clocksource/clocksource0/";
        boolean listed = read(dir + "current_clocksource").strip().equals("tsc")
                || List.of(read(dir + "available_clocksource").strip().split("\\s+")).contains("tsc");
        return words.contains("constant_tsc") && words.contains("nonstop_tsc") && listed;
    }

    /** Whether the kernel publishes its CPU-to-node table ({@code /sys/devices/system/node/node0/cpulist}). */
    static boolean nodeTable() {
        return Files.isReadable(Path.of("/sys/devices/system/node/node0/cpulist"));
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            return "";
        }
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
