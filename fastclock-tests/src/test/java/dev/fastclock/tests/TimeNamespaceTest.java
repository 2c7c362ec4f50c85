package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.Method;
import dev.fastclock.tests.probe.Probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Inside a time namespace ({@code unshare -T --boottime B --monotonic M}) the kernel shifts {@code CLOCK_BOOTTIME}
 * by B seconds and {@code CLOCK_MONOTONIC} (with its coarse and raw siblings) by M; the vDSO applies the same
 * shift, and so must FastClock (issue "More kernel clocks"). A child JVM runs in the namespace between two runs of
 * {@code kernel-clocks} (src/test/c: the clock_gettime SYSTEM CALL, never the vDSO) in the same namespace, and
 * reads each clock thousands of times: every reading of {@code nanos}, {@code bootNanos}, {@code rawNanos},
 * {@code taiNanos} and {@code epochNanos} lies between the kernel's answers before and after, and the monotonic
 * ones sit exactly the namespace's offsets above this JVM's own clocks (outside the namespace) read around the
 * child. The clocks are the catalogue's fine nanosecond clocks ({@link Probe#fineNanosecondClocks()}). For the default
 * routes and each native route forced, which the report shows.
 */
class TimeNamespaceTest {

    static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Runs the kernel-clocks helper, the command, the helper again; exits with the command's exit code. */
    private static final String AROUND = "h=\"$1\"; shift; \"$h\" before || exit 90; \"$@\"; rc=$?; \"$h\" after || exit 91; exit $rc";

    private static Path unshare;

    @BeforeAll
    static void needsTimeNamespaces() throws IOException, InterruptedException {
        unshare = Machine.onPath("unshare").orElse(null);
        if (unshare == null) {
            abort("unshare is not on PATH: cannot make a time namespace (install util-linux)");
        }
        String help = run(List.of(unshare.toString(), "--help")).output();
        if (!help.contains("--time") || !help.contains("--boottime") || !help.contains("--monotonic")) {
            abort("this unshare (" + unshare + ") has no -T/--time with --boottime and --monotonic (util-linux 2.36+ needed)");
        }
        if (!Files.exists(Path.of("/proc/self/timens_offsets"))) {
            abort("the kernel has no time namespaces (no /proc/self/timens_offsets: CONFIG_TIME_NS off, or older than 5.6)");
        }
        Outcome probe = run(List.of(unshare.toString(), "-T", "--boottime", "1", "--monotonic", "1", "true"));
        if (probe.exitCode() != 0) {
            abort("cannot make a time namespace here (it needs CAP_SYS_ADMIN, i.e. root, and no sandbox forbidding unshare): "
                    + "unshare -T --boottime 1 --monotonic 1 true exited " + probe.exitCode() + ": " + probe.output().strip());
        }
    }

    /**
     * Each route, with two namespaces: boot time shifted more than monotonic time (7 and 3 days), and monotonic time
     * shifted past boot time (0 and 30 days): the kernel allows both, and in the second {@code CLOCK_BOOTTIME} reads
     * less than {@code CLOCK_MONOTONIC}, which never happens outside a namespace.
     */
    @ParameterizedTest(name = "route {0}, boottime +{1} s, monotonic +{2} s")
    @CsvSource({
            "default, 604800, 259200",
            "vdso, 604800, 259200",
            "libc, 604800, 259200",
            "default, 0, 2592000",
            "vdso, 0, 2592000",
            "libc, 0, 2592000",
    })
    void clocksShiftAsTheKernelsDo(String route, long bootOffsetSeconds, long monotonicOffsetSeconds) {
        Path helper = CHelpers.kernelClocks();
        List<String> jvmArgs = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED"));
        if (!route.equals("default")) {
            jvmArgs.add("-Dfastclock.route=" + route);
        }
        // Every fine nanosecond clock of the catalogue (what the probe reads), with its offset in the namespace:
        // the monotonic clocks (raw included) shift by the monotonic offset, boot time by its own, the wall clocks not.
        List<Method> clocks = Probe.fineNanosecondClocks();
        Map<Method, Long> offsets = new LinkedHashMap<>();
        for (Method m : clocks) {
            offsets.put(m, switch (m.clock()) {
                case MONOTONIC, MONOTONIC_RAW, MONOTONIC_COARSE -> monotonicOffsetSeconds;
                case BOOTTIME -> bootOffsetSeconds;
                case REALTIME, REALTIME_COARSE, TAI -> 0L;
            });
        }
        Map<Method, Long> hostBefore = new LinkedHashMap<>();
        Map<Method, Long> hostAfter = new LinkedHashMap<>();
        ChildJvm.Result r;
        try (KernelClock host = new KernelClock()) {
            for (Method m : clocks) {
                hostBefore.put(m, host.read(m.clock().linuxId()));
            }
            r = ChildJvm.probeOnClassPath()
                    .prefix(unshare.toString(), "-T", "--boottime", Long.toString(bootOffsetSeconds),
                            "--monotonic", Long.toString(monotonicOffsetSeconds), "sh", "-c", AROUND, "sh", helper.toString())
                    .jvmArgs(jvmArgs.toArray(String[]::new))
                    .args("clocks", "20000")
                    .run().assertSuccess();
            for (Method m : clocks) {
                hostAfter.put(m, host.read(m.clock().linuxId()));
            }
        }
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertTrue(clocks.containsAll(List.of(Method.NANOS, Method.BOOT_NANOS, Method.RAW_NANOS, Method.TAI_NANOS, Method.EPOCH_NANOS)),
                clocks::toString);

        // The namespace took: the kernel's own clocks in it sit at the offsets above this JVM's.
        shifted(r, "the kernel's CLOCK_MONOTONIC", value(r, "before.monotonic"), hostBefore.get(Method.NANOS), hostAfter.get(Method.NANOS),
                monotonicOffsetSeconds);
        shifted(r, "the kernel's CLOCK_BOOTTIME", value(r, "before.boottime"), hostBefore.get(Method.BOOT_NANOS),
                hostAfter.get(Method.BOOT_NANOS), bootOffsetSeconds);

        for (Method m : clocks) {
            // FastClock's readings in the namespace, between the kernel's before and after, in the namespace...
            bracket(r, m.apiName(), m.clock().name().toLowerCase(Locale.ROOT));
            // ...and so shifted as the kernel's are, against this JVM's clocks outside (the wall clocks by nothing).
            shifted(r, m.apiName() + "()", value(r, "first." + m.apiName()), hostBefore.get(m), hostAfter.get(m), offsets.get(m));
        }

        // The routes that did it.
        Map<String, String> expected = route.equals("default") ? Routing.defaults(Machine.rseqRegistered()) : Routing.forced(Route.of(route));
        for (Method m : clocks) {
            Routing.assertRoute(r, m.apiName(), expected.get(m.apiName()));
        }
    }

    /** {@code kernel.before <= first <= last <= kernel.after} for one FastClock method and its kernel clock. */
    private static void bracket(ChildJvm.Result r, String method, String kernelClock) {
        long before = value(r, "before." + kernelClock);
        long first = value(r, "first." + method);
        long last = value(r, "last." + method);
        long after = value(r, "after." + kernelClock);
        assertTrue(before <= first && first <= last && last <= after, () -> method + "() read " + first + " .. " + last
                + " in the namespace, not within the kernel's " + kernelClock + " (clock_gettime system call) " + before
                + " .. " + after + " read before and after the JVM in the same namespace\n" + r);
    }

    /** {@code value - offset} lies within this JVM's clock read before and after the child, outside the namespace. */
    private static void shifted(ChildJvm.Result r, String what, long value, long hostBefore, long hostAfter, long offsetSeconds) {
        long unshifted = value - offsetSeconds * NANOS_PER_SECOND;
        assertTrue(hostBefore <= unshifted && unshifted <= hostAfter, () -> what + " = " + value + " in the namespace; less its "
                + offsetSeconds + " s offset " + unshifted + ", not within this JVM's own reading " + hostBefore + " .. "
                + hostAfter + " outside it (off by " + (unshifted < hostBefore ? unshifted - hostBefore : unshifted - hostAfter)
                + " ns): not shifted as the kernel shifts it\n" + r);
    }

    private static long value(ChildJvm.Result r, String key) {
        return Long.parseLong(r.value(key));
    }

    private record Outcome(int exitCode, String output) {
    }

    private static Outcome run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(Artifacts.workDir(), "unshare-", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Outcome(-1, "timed out: " + command);
        }
        return new Outcome(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
