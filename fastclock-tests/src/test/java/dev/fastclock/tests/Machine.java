package dev.fastclock.tests;

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
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, "taskset");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
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
