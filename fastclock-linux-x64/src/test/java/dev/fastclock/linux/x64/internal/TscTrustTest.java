package dev.fastclock.linux.x64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The trust rules through their inputs, and the live verdict of this machine. */
class TscTrustTest {

    private static final String GOOD_FLAGS = "fpu vme de pse tsc msr pae mce cx8 apic sep rdtscp lm constant_tsc rep_good nopl"
            + " xtopology nonstop_tsc cpuid tsc_known_freq pni";

    /** A /proc/cpuinfo of {@code flags.length} CPUs, the given flags each, in the kernel's layout. */
    private static String cpuinfo(String... flags) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < flags.length; i++) {
            b.append("processor\t: ").append(i).append('\n')
                    .append("vendor_id\t: GenuineIntel\n")
                    .append("model name\t: Intel(R) Xeon(R) Processor\n")
                    .append("cpu MHz\t\t: 2100.000\n")
                    .append("flags\t\t: ").append(flags[i]).append('\n')
                    .append("vmx flags\t: vnmi preemption_timer invvpid ept_x_only\n")
                    .append("bugs\t\t: spectre_v1 spectre_v2\n")
                    .append("bogomips\t: 4200.00\n\n");
        }
        return b.toString();
    }

    private static TscTrust.Verdict decide(String cpuinfo, String current, String available) {
        return TscTrust.decide(Optional.ofNullable(cpuinfo), Optional.ofNullable(current), Optional.ofNullable(available));
    }

    private static void trusted(TscTrust.Verdict t) {
        assertTrue(t.trusted(), t.reason());
        assertTrue(t.reason().startsWith("trusted: "), t.reason());
    }

    private static void notTrusted(TscTrust.Verdict t, String expected) {
        assertFalse(t.trusted(), t.reason());
        assertEquals(expected, t.reason());
    }

    @Test
    void currentTsc() {
        TscTrust.Verdict t = decide(cpuinfo(GOOD_FLAGS, GOOD_FLAGS), "tsc\n", "tsc hpet acpi_pm \n");
        trusted(t);
        assertEquals("trusted: constant_tsc and nonstop_tsc on all 2 CPUs, and tsc is the current clocksource", t.reason());
    }

    @Test
    void tscAvailableButNotCurrent() {
        TscTrust.Verdict t = decide(cpuinfo(GOOD_FLAGS), "kvm-clock\n", "kvm-clock tsc acpi_pm \n");
        trusted(t);
        assertEquals("trusted: constant_tsc and nonstop_tsc on the CPU, and tsc is in available_clocksource (clocksource kvm-clock)", t.reason());
    }

    @Test
    void tscMarkedUnstable() {
        // What these machines had when the issue was filed: booted with tsc=unstable, kvm-clock only.
        notTrusted(decide(cpuinfo(GOOD_FLAGS, GOOD_FLAGS), "kvm-clock\n", "kvm-clock \n"),
                "not trusted: clocksource kvm-clock and tsc is not in available_clocksource"
                        + " (the kernel marked it unstable, e.g. tsc=unstable or its clocksource watchdog)");
        // The watchdog demoted it on bare metal: hpet current, tsc gone from the list.
        assertFalse(decide(cpuinfo(GOOD_FLAGS), "hpet", "hpet acpi_pm").trusted());
        // Early boot's tsc-early is not tsc.
        assertFalse(decide(cpuinfo(GOOD_FLAGS), "tsc-early", "tsc-early hpet").trusted());
    }

    @Test
    void flagsMissing() {
        String noNonstop = GOOD_FLAGS.replace(" nonstop_tsc", "");
        String noConstant = GOOD_FLAGS.replace(" constant_tsc", "");
        notTrusted(decide(cpuinfo(noNonstop), "tsc", "tsc"), "not trusted: the CPU lacks nonstop_tsc");
        notTrusted(decide(cpuinfo(noConstant, noConstant), "tsc", "tsc"), "not trusted: the CPUs lack constant_tsc");
        String neither = noNonstop.replace(" constant_tsc", "");
        notTrusted(decide(cpuinfo(neither), "tsc", "tsc"), "not trusted: the CPU lacks constant_tsc and nonstop_tsc");
        // One CPU of four is enough to refuse, and the reason names it.
        notTrusted(decide(cpuinfo(GOOD_FLAGS, GOOD_FLAGS, noNonstop, GOOD_FLAGS), "tsc", "tsc"),
                "not trusted: CPU 2 lacks nonstop_tsc (of 4 CPUs)");
        notTrusted(decide(cpuinfo(noConstant, GOOD_FLAGS, noNonstop, noConstant), "tsc", "tsc"),
                "not trusted: CPUs 0, 3 lack constant_tsc (of 4 CPUs); CPU 2 lacks nonstop_tsc (of 4 CPUs)");
        notTrusted(decide(cpuinfo(noNonstop, noNonstop), "tsc", "tsc"), "not trusted: the CPUs lack nonstop_tsc");
    }

    @Test
    void flagsAreWholeWordsOfTheFlagsLineOnly() {
        // nonstop_tsc_s3 is another feature; the vmx flags line is not the flags line.
        String s3Only = GOOD_FLAGS.replace(" nonstop_tsc", " nonstop_tsc_s3");
        notTrusted(decide(cpuinfo(s3Only), "tsc", "tsc"), "not trusted: the CPU lacks nonstop_tsc");
        String vmxOnly = "processor\t: 0\nflags\t\t: fpu tsc constant_tsc\nvmx flags\t: nonstop_tsc\n";
        notTrusted(decide(vmxOnly, "tsc", "tsc"), "not trusted: the CPU lacks nonstop_tsc");
        String prefixed = "processor\t: 0\nflags\t\t: fpu xconstant_tsc nonstop_tscx\n";
        notTrusted(decide(prefixed, "tsc", "tsc"), "not trusted: the CPU lacks constant_tsc and nonstop_tsc");
    }

    @Test
    void noFlagsAtAll() {
        notTrusted(decide("processor\t: 0\nFeatures\t: fp asimd evtstrm\n", "arch_sys_counter", "arch_sys_counter"),
                "not trusted: /proc/cpuinfo has no flags line, so the CPU's TSC flags are unknown");
        notTrusted(decide("", "tsc", "tsc"), "not trusted: /proc/cpuinfo has no flags line, so the CPU's TSC flags are unknown");
    }

    @Test
    void unreadableFiles() {
        String cpu = cpuinfo(GOOD_FLAGS);
        notTrusted(decide(null, "tsc", "tsc"), "not trusted: /proc/cpuinfo cannot be read, so the CPU's TSC flags are unknown");
        notTrusted(decide(cpu, null, null), "not trusted: current_clocksource cannot be read and available_clocksource cannot be read,"
                + " so whether the kernel marked the TSC unstable is unknown");
        // One file is enough when it says yes...
        trusted(decide(cpu, null, "tsc kvm-clock"));
        assertEquals("trusted: constant_tsc and nonstop_tsc on the CPU, and tsc is in available_clocksource (current_clocksource cannot be read)",
                decide(cpu, null, "tsc kvm-clock").reason());
        trusted(decide(cpu, "tsc", null));
        // ...never when what can be read does not say so.
        notTrusted(decide(cpu, null, "kvm-clock"), "not trusted: current_clocksource cannot be read and tsc is not in available_clocksource"
                + " (the kernel marked it unstable, e.g. tsc=unstable or its clocksource watchdog)");
        notTrusted(decide(cpu, "kvm-clock", null), "not trusted: clocksource kvm-clock and available_clocksource cannot be read,"
                + " so whether the kernel marked the TSC unstable is unknown");
    }

    @Test
    void oddWhitespace() {
        // CRLF, tabs and runs of spaces, no trailing newline, no space after the colon.
        String crlf = cpuinfo(GOOD_FLAGS, GOOD_FLAGS).replace("\n", "\r\n").replace("flags\t\t: ", "flags   :\t  ");
        trusted(decide(crlf, " \ttsc \r\n", ""));
        trusted(decide("flags:constant_tsc\tnonstop_tsc", "hpet", "\thpet   tsc\t\n\n"));
        trusted(decide("processor:0\nflags :  constant_tsc   nonstop_tsc  \n\n\n", "tsc", "tsc"));
        notTrusted(decide(cpuinfo(GOOD_FLAGS), "", ""), "not trusted: current_clocksource is empty and tsc is not in available_clocksource"
                + " (the kernel marked it unstable, e.g. tsc=unstable or its clocksource watchdog)");
        notTrusted(decide(cpuinfo(GOOD_FLAGS), "kvm-clock", "  \n"), "not trusted: clocksource kvm-clock and tsc is not in available_clocksource"
                + " (the kernel marked it unstable, e.g. tsc=unstable or its clocksource watchdog)");
        // A flags block with no processor line is still a CPU, named by its position.
        notTrusted(decide("flags: constant_tsc nonstop_tsc\n\nflags: constant_tsc\n", "tsc", "tsc"),
                "not trusted: CPU #1 lacks nonstop_tsc (of 2 CPUs)");
    }

    @Test
    void liveVerdictAgreesWithThisMachine() throws IOException {
        TscTrust.Inputs in = TscTrust.readLive();
        TscTrust.Verdict live = TscTrust.live();
        assertEquals(TscTrust.decide(in), live);
        System.out.println("live TSC verdict: " + live.reason());
        assertTrue(in.cpuinfo().isPresent(), "/proc/cpuinfo is readable on Linux");

        // An independent reading of the same files with plain string checks.
        List<String> flagLines = in.cpuinfo().get().lines().filter(l -> l.startsWith("flags")).toList();
        boolean flags = !flagLines.isEmpty() && flagLines.stream().allMatch(l -> {
            List<String> w = Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+"));
            return w.contains("constant_tsc") && w.contains("nonstop_tsc");
        });
        boolean kernel = in.currentClocksource().map(String::trim).orElse("").equals("tsc")
                || Arrays.asList(in.availableClocksource().orElse("").trim().split("\\s+")).contains("tsc");
        assertEquals(flags && kernel, live.trusted(), live.reason());

        // Booted with tsc=unstable (as these machines were when issue 10 was filed): never trusted.
        Path cmdline = Path.of("/proc/cmdline");
        if (Files.isReadable(cmdline) && Arrays.asList(Files.readString(cmdline).trim().split("\\s+")).contains("tsc=unstable")) {
            assertFalse(live.trusted(), live.reason());
        }
    }
}
