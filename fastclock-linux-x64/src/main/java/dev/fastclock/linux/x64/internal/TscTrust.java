package dev.fastclock.linux.x64.internal;

import java.util.Optional;

/** Interim: replaced by the full trust rules. */
public final class TscTrust {

    public record Verdict(boolean trusted, String reason) {
    }

    /** @return the verdict for this machine */
    public static Verdict live() {
        LinuxEnvironment.Files f = LinuxEnvironment.LIVE_FILES;
        String cs = "/sys/devices/system/clocksource/clocksource0/";
        return decide(f.read("/proc/cpuinfo"), f.read(cs + "current_clocksource"), f.read(cs + "available_clocksource"));
    }

    private TscTrust() {
    }

    public static Verdict decide(Optional<String> cpuinfo, Optional<String> current, Optional<String> available) {
        String flags = cpuinfo.orElse("");
        if (!flags.contains(" constant_tsc") || !flags.contains(" nonstop_tsc")) {
            return new Verdict(false, "the CPU lacks constant_tsc or nonstop_tsc");
        }
        String cur = current.orElse("").strip();
        String avail = " " + available.orElse("").strip() + " ";
        if (cur.equals("tsc") || avail.contains(" tsc ")) {
            return new Verdict(true, "constant_tsc, nonstop_tsc, clocksource " + cur);
        }
        return new Verdict(false, "clocksource " + cur + " and tsc is not in available_clocksource (the kernel marked it unstable)");
    }
}
