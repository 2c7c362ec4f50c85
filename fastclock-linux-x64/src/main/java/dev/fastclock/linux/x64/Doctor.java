package dev.fastclock.linux.x64;

import dev.fastclock.ClockStatus;
import dev.fastclock.FastClock;
import dev.fastclock.linux.x64.elf.VdsoImage;
import dev.fastclock.linux.x64.internal.LinuxEnvironment;
import dev.fastclock.linux.x64.internal.Natives;
import dev.fastclock.linux.x64.internal.ProcMaps;
import dev.fastclock.linux.x64.internal.Clocksource;
import dev.fastclock.linux.x64.internal.Routes;
import dev.fastclock.linux.x64.internal.TscTrust;
import dev.fastclock.linux.x64.internal.Rseq;
import dev.fastclock.spi.Method;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The diagnostic report: what this machine offers FastClock and what FastClock chose.
 *
 * <p>Prints the OS, kernel, clocksource and the CPU flags that matter; the vDSO (base, extent, every
 * exported function with its offset and version); the vsyscall mode; glibc's rseq state; the chosen
 * provider and the route of each method; and a rough cost per method next to its JDK equivalent.
 * Each section that fails prints one line saying so and the report goes on: it never crashes on a
 * strange machine. The jar's Main-Class; run it with
 * {@code java --enable-native-access=dev.fastclock.linux.x64 -p <jars> -m dev.fastclock.linux.x64/dev.fastclock.linux.x64.Doctor}
 * or {@code ./fastclock doctor}. Option {@code --no-cost} skips the measurement.
 */
public final class Doctor {

    private static final String[] CPU_FLAGS = {"constant_tsc", "nonstop_tsc", "rdtscp", "rdpid"};

    private final PrintStream out;

    Doctor(PrintStream out) {
        this.out = out;
    }

    /**
     * Prints the report to standard output.
     *
     * @param args {@code --no-cost} to skip the cost measurement
     */
    public static void main(String[] args) {
        boolean cost = !List.of(args).contains("--no-cost");
        new Doctor(System.out).report(cost);
    }

    void report(boolean cost) {
        Module m = Doctor.class.getModule();
        String version = Optional.ofNullable(m.getDescriptor()).flatMap(d -> d.rawVersion())
                .or(() -> Optional.ofNullable(Doctor.class.getPackage().getImplementationVersion())).orElse("(version unknown)");
        out.println("FastClock doctor " + version);
        section("system", this::system);
        section("vdso", this::vdso);
        section("vsyscall", this::vsyscall);
        section("rseq", () -> out.println("  " + Rseq.read().describe()));
        section("clock", this::clock);
        section("fastclock", () -> FastClock.report().toString().lines().forEach(l -> out.println("  " + l)));
        if (cost) {
            section("cost", this::cost);
        }
    }

    private void section(String name, Runnable body) {
        out.println();
        out.println(name);
        try {
            body.run();
        } catch (RuntimeException | LinkageError e) {
            out.println("  " + name + ": failed: " + e);
        }
    }

    private void system() {
        row("os", System.getProperty("os.name") + " " + read("/proc/sys/kernel/osrelease").orElse(System.getProperty("os.version"))
                + " (" + System.getProperty("os.arch") + ")");
        row("cpus", Runtime.getRuntime().availableProcessors() + " available to this JVM"
                + read("/proc/cpuinfo").flatMap(c -> c.lines().filter(l -> l.startsWith("model name")).findFirst())
                        .map(l -> ", " + l.substring(l.indexOf(':') + 1).trim()).orElse(""));
        Optional<String> flags = read("/proc/cpuinfo").flatMap(c -> c.lines().filter(l -> l.startsWith("flags")).findFirst());
        StringBuilder f = new StringBuilder();
        for (String flag : CPU_FLAGS) {
            boolean has = flags.map(l -> (" " + l.substring(l.indexOf(':') + 1) + " ").contains(" " + flag + " ")).orElse(false);
            f.append(flag).append(has ? " yes  " : " no  ");
        }
        row("cpu flags", flags.isPresent() ? f.toString().trim() : "unknown (/proc/cpuinfo unreadable)");
        String cs = "/sys/devices/system/clocksource/clocksource0/";
        row("clocksource", read(cs + "current_clocksource").orElse("unknown")
                + read(cs + "available_clocksource").map(a -> " (available: " + a + ")").orElse("")
                );
        row("vdso reads", Clocksource.measure(LinuxEnvironment.live()).map(v -> v.describe(Clocksource.current()))
                .orElse("not measured: no usable vDSO clock_gettime or no stub page"));
        TscTrust.Verdict tsc = TscTrust.live();
        row("tsc", tsc.reason() + (tsc.trusted() ? " (ticks() reads it by default)" : " (by default ticks() is nanos(); -Dfastclock.route=tsc forces the TSC)"));
        row("ticks", FastClock.report().notes().stream().filter(n -> n.startsWith("ticks: ")).findFirst()
                .map(n -> n.substring("ticks: ".length())).orElse("nanoseconds (" + FastClock.ticksPerSecond() + " per second)"));
        long taiOffset = Math.round((FastClock.taiNanos() - FastClock.epochNanos()) / 1e9);
        row("tai offset", taiOffset + " s (CLOCK_TAI - CLOCK_REALTIME; 0 unless a time daemon sets it)");
        int[] nodes = Routes.nodeTable(LinuxEnvironment.LIVE_FILES);
        row("numa nodes", nodes == null ? "no CPU-to-node table under /sys/devices/system/node: node() asks getcpu"
                : java.util.Arrays.stream(nodes).max().orElse(0) + 1 + " (CPU-to-node table of " + nodes.length + " CPUs)");
        row("jdk", System.getProperty("java.vm.vendor") + " " + Runtime.version() + " at " + System.getProperty("java.home"));
        Module m = Doctor.class.getModule();
        row("native access", m.isNativeAccessEnabled()
                ? "enabled for " + (m.isNamed() ? m.getName() : "the class path")
                : "not enabled: the JDK warns once; add " + Natives.nativeAccessDenied().replaceAll(".*run the JVM with ", ""));
    }

    /** The kernel's clock state, in words: what adjtimex(2) with modes = 0 says of CLOCK_REALTIME. */
    private void clock() {
        ClockStatus s = FastClock.clockStatus();
        if (!s.known()) {
            row("status", "unknown: " + FastClock.report().method("clockStatus").map(r -> r.route() + " route, " + r.detail()).orElse("not reported"));
            return;
        }
        String words;
        if (!s.isSynchronized()) {
            words = "not synchronized: maxerror " + seconds(s.maxErrorMicros())
                    + (s.maxErrorMicros() >= 16_000_000L ? ", the kernel's worst case" : "")
                    + " (no time daemon keeps this clock: epochNanos() may be off by any amount)";
        } else {
            words = "synchronized: maxerror " + seconds(s.maxErrorMicros()) + ", esterror " + seconds(s.estimatedErrorMicros())
                    + (s.maxErrorMicros() <= 100 ? " (within RTS 25's 100 us)" : " (beyond RTS 25's 100 us)");
        }
        row("status", words);
        row("leap", switch (s.leap()) {
            case NONE -> "none pending";
            case INSERT_PENDING -> "a leap second will be inserted at the end of the UTC day";
            case DELETE_PENDING -> "a leap second will be deleted at the end of the UTC day";
            case IN_PROGRESS -> "a leap second is being inserted now: CLOCK_REALTIME repeats a second";
            case JUST_PASSED -> "a leap second has just passed";
        });
        row("adjtimex", s.toString());
    }

    /** Microseconds in the unit that reads best. */
    private static String seconds(long micros) {
        if (micros >= 1_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.3g s", micros / 1e6);
        }
        return micros >= 1_000L ? String.format(java.util.Locale.ROOT, "%.3g ms", micros / 1e3) : micros + " us";
    }

    private void vdso() {
        LinuxEnvironment env = LinuxEnvironment.live();
        row("base", env.vdsoBase().isPresent() ? hex(env.vdsoBase().getAsLong()) + " from " + env.vdsoBaseSource() : env.vdsoBaseSource());
        env.maps().flatMap(t -> ProcMaps.find(ProcMaps.parse(t), "[vdso]"))
                .ifPresent(v -> row("mapping", hex(v.start()) + "-" + hex(v.end()) + " " + v.perms() + " [vdso], " + v.size() + " bytes"));
        Routes.VdsoFound found = Routes.findVdso(env);
        if (!found.ok()) {
            row("image", "not usable: " + found.problem());
            return;
        }
        VdsoImage image = found.image();
        row("image", "ELF64 x86-64, linked at " + hex(image.linkAddress()) + ", PT_LOAD " + image.loadSize() + " bytes, hash "
                + (image.hasGnuHash() ? "GNU" : "") + (image.hasGnuHash() && image.hasSysvHash() ? "+" : "")
                + (image.hasSysvHash() ? "SysV" : "") + ", versions " + (image.hasVersions() ? "yes" : "no"));
        for (VdsoImage.Symbol s : image.symbols()) {
            out.printf("  %-14s %-24s %-10s +%s%n", "symbol", s.name(), s.version() == null ? "-" : s.version(), hex(s.offset()));
        }
    }

    private void vsyscall() {
        LinuxEnvironment env = LinuxEnvironment.live();
        String mode = env.maps().map(t -> ProcMaps.find(ProcMaps.parse(t), "[vsyscall]")
                .map(v -> switch (v.perms().substring(0, 3)) {
                    case "--x" -> "xonly (" + v.perms() + "): calls are emulated by a trap (~450 ns); reads fault";
                    case "r-x" -> "emulate (" + v.perms() + "): calls are emulated by a trap (~450 ns)";
                    default -> "mapped " + v.perms() + ": not executable, never called";
                })
                .orElse("none (no [vsyscall] line): never called, a call would kill the JVM"))
                .orElse("unknown: " + env.mapsSource());
        row("mode", mode);
        row("route", Routes.vsyscallProblem(env).map(p -> "unavailable: " + p).orElse("available (fallback after libc)"));
    }

    private void cost() {
        out.println("  rough ns per call from a loop in this JVM (not JMH: use ./fastclock bench for figures to quote)");
        out.printf("  %-18s %8s   %-58s %8s%n", "method", "ns", "the JDK's answer", "ns");
        // Every method of the catalogue that is read on a hot path, beside the JDK's answer to it.
        for (Method m : Method.values()) {
            if (m == Method.RESOLUTION || m == Method.IS_SUPPORTED || m == Method.CLOCK_STATUS) {
                continue; // not hot-path calls (clockStatus is a system call: its section above reads it once)
            }
            LongSupplier fast = new LongSupplier() {
                @Override
                public long getAsLong() {
                    return FastClock.read(m);
                }
            };
            boolean jdkHasOne = m.unit() != Method.Unit.CPU && m.unit() != Method.Unit.NODE;
            LongSupplier jdk = new LongSupplier() {
                @Override
                public long getAsLong() {
                    return m.jdk().read(0);
                }
            };
            String jdkName = jdkHasOne ? m.jdkDetail() : "(none in the JDK)";
            out.printf("  %-18s %8.1f   %-58s %8s%n", m.apiName(), nsPerCall(fast),
                    jdkName.length() > 58 ? jdkName.substring(0, 55) + "..." : jdkName,
                    jdkHasOne ? String.format("%.1f", nsPerCall(jdk)) : "-");
        }
    }

    /** The best of five rounds of a million calls: the first rounds include the JIT at work. */
    private static double nsPerCall(LongSupplier s) {
        long sink = 0;
        double best = Double.MAX_VALUE;
        int n = 1_000_000;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += s.getAsLong();
            }
            best = Math.min(best, (System.nanoTime() - t0) / (double) n);
        }
        if (sink == 42) {
            System.out.print(""); // keeps the loop's results alive
        }
        return best;
    }

    private void row(String key, String value) {
        out.printf("  %-14s %s%n", key, value);
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
