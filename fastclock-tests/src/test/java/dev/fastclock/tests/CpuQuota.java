package dev.fastclock.tests;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cgroup with a CPU quota for one child JVM (issue 17: in a cgroup limited to 0.2 CPU, 31 of 32 threads' first
 * ticks() readings converted wrong). cgroup v2 where {@code /sys/fs/cgroup} is one ({@code cpu.max}), else the
 * cgroup v1 {@code cpu} controller of a hybrid hierarchy ({@code cpu.cfs_quota_us} and {@code cpu.cfs_period_us}):
 * the same CFS bandwidth limit either way. A child directory is made under this JVM's own cgroup (we must be allowed
 * to write there: root in the VM), the child JVM is put in it by a shell that writes its own pid to
 * {@code cgroup.procs} and then execs the JVM, and the directory is removed after. Where none of that is possible the
 * test is skipped, saying why.
 */
final class CpuQuota implements AutoCloseable {

    private static final AtomicInteger N = new AtomicInteger();

    private final Path dir;
    private final String kind;

    private CpuQuota(Path dir, String kind) {
        this.dir = dir;
        this.kind = kind;
    }

    /** The cgroup's directory. */
    Path dir() {
        return dir;
    }

    /** Its path as {@code /proc/PID/cgroup} shows it, relative to its hierarchy's root. */
    String name() {
        return dir.getFileName().toString();
    }

    @Override
    public String toString() {
        return kind + " cgroup " + dir;
    }

    /**
     * The command prefix that starts the child in this cgroup: {@code sh -c 'echo $$ > cgroup.procs && exec "$@"'}.
     */
    String[] prefix() {
        return new String[] {"sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", dir.resolve("cgroup.procs").toString()};
    }

    /**
     * A new cgroup limited to {@code quotaMicros} of CPU time per {@code periodMicros}, or skips the test saying why
     * this machine cannot make one.
     */
    static CpuQuota limit(long quotaMicros, long periodMicros) {
        Path root = Path.of("/sys/fs/cgroup");
        Path controllers = root.resolve("cgroup.controllers");
        if (Files.isRegularFile(controllers)) {
            return v2(root, controllers, quotaMicros, periodMicros);
        }
        Optional<Path> v1 = v1CpuMount();
        if (v1.isPresent()) {
            return v1(v1.get(), quotaMicros, periodMicros);
        }
        abort("no cgroup CPU controller here: /sys/fs/cgroup is not cgroup v2 and no cgroup v1 cpu controller is mounted"
                + " (/proc/self/mountinfo): cannot limit a child JVM's CPU");
        throw new AssertionError("unreachable");
    }

    private static CpuQuota v2(Path root, Path controllers, long quota, long period) {
        String available = read(controllers);
        if (!List.of(available.strip().split("\\s+")).contains("cpu")) {
            abort("cgroup v2 at " + root + " has no cpu controller (cgroup.controllers: " + available.strip() + ")");
        }
        Path parent = root.resolve(ownCgroup("0::").substring(1));
        Path subtree = parent.resolve("cgroup.subtree_control");
        try {
            if (!read(subtree).contains("cpu")) {
                Files.writeString(subtree, "+cpu");
            }
        } catch (IOException | UncheckedIOException e) {
            abort("cannot enable the cpu controller in " + subtree + " (not root, a delegated or read-only cgroup tree): " + e);
        }
        Path dir = make(parent);
        write(dir, "cpu.max", quota + " " + period);
        return new CpuQuota(dir, "cgroup v2");
    }

    private static CpuQuota v1(Path mount, long quota, long period) {
        String own = ownV1CpuCgroup();
        Path parent = mount.resolve(own.startsWith("/") ? own.substring(1) : own);
        Path dir = make(parent);
        write(dir, "cpu.cfs_period_us", Long.toString(period));
        write(dir, "cpu.cfs_quota_us", Long.toString(quota));
        return new CpuQuota(dir, "cgroup v1 cpu controller");
    }

    private static Path make(Path parent) {
        Path dir = parent.resolve("fastclock-test-" + ProcessHandle.current().pid() + "-" + N.incrementAndGet());
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            abort("cannot make a cgroup under " + parent + " (not root, or a read-only cgroup tree): " + e);
        }
        return dir;
    }

    private static void write(Path dir, String file, String value) {
        try {
            Files.writeString(dir.resolve(file), value);
        } catch (IOException e) {
            rmdir(dir);
            abort("cannot write " + value + " to " + dir.resolve(file) + ": " + e);
        }
    }

    /** The mount point of the cgroup v1 hierarchy whose super options include the {@code cpu} controller. */
    private static Optional<Path> v1CpuMount() {
        for (String line : read(Path.of("/proc/self/mountinfo")).lines().toList()) {
            // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (right.length >= 3 && right[0].equals("cgroup") && List.of(right[2].split(",")).contains("cpu")) {
                return Optional.of(Path.of(left[4]));
            }
        }
        return Optional.empty();
    }

    /** This process's cgroup in the v1 hierarchy with the cpu controller ({@code N:cpu,cpuacct:/path} or {@code N:cpu:/path}). */
    private static String ownV1CpuCgroup() {
        for (String line : read(Path.of("/proc/self/cgroup")).lines().toList()) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && List.of(f[1].split(",")).contains("cpu")) {
                return f[2];
            }
        }
        abort("/proc/self/cgroup names no cgroup of the cpu controller");
        throw new AssertionError("unreachable");
    }

    private static String ownCgroup(String prefix) {
        for (String line : read(Path.of("/proc/self/cgroup")).lines().toList()) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        abort("/proc/self/cgroup has no " + prefix + " line");
        throw new AssertionError("unreachable");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the cgroup (its child JVM has exited: it is empty), retrying briefly while the kernel lets go of it. */
    @Override
    public void close() {
        rmdir(dir);
    }

    private static void rmdir(Path dir) {
        for (int i = 0; i < 50; i++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new AssertionError("cannot remove the test's cgroup " + dir);
    }
}
