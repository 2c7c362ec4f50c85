package dev.fastclock.linux.x64.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the kernel trusts the time-stamp counter enough for {@code ticks()} to read it by default: a
 * verdict and one line saying why, either way.
 *
 * <p>The rule, all three required:
 * <ol>
 *   <li>every CPU in {@code /proc/cpuinfo} reports {@code constant_tsc} (the counter ticks at one rate
 *       whatever the core's frequency) and</li>
 *   <li>{@code nonstop_tsc} (it keeps ticking in deep C-states), and</li>
 *   <li>the kernel has not marked the TSC unstable: {@code tsc} is the current clocksource, or it is
 *       listed in {@code available_clocksource}. Marking it unstable (its watchdog, or the boot parameter
 *       {@code tsc=unstable}) clears its {@code CLOCK_SOURCE_VALID_FOR_HRES} flag, and the kernel hides
 *       such clocksources from that list whenever the tick runs in one-shot mode (NO_HZ or high
 *       resolution timers, the usual configuration); with {@code tsc=unstable} at boot it is never
 *       registered at all.</li>
 * </ol>
 * The kernel's verdict is what makes the cross-CPU promise of {@code ticks()} hold: at boot it checks
 * that the CPUs' counters are synchronised and its watchdog keeps checking the TSC against another
 * clocksource; a CPU flag alone (what quanta reads from CPUID) says nothing about a firmware that left
 * one core's counter offset (quanta #61, #111). An unreadable input counts against trust: the verdict is
 * never "trusted" by default on a guess.
 *
 * <p>Flags are matched as whole words: {@code nonstop_tsc_s3} is not {@code nonstop_tsc}, and the
 * {@code vmx flags} line is not the {@code flags} line.
 *
 * <p>{@link #decide} is a pure function of its inputs; {@link #readLive()} is the only method that reads
 * files. Both run on a first call, so they use plain loops: no stream, lambda or regex, each of which
 * costs a cold JVM tens of milliseconds. Stateless and thread-safe.
 */
public final class TscTrust {

    /** Where the CPU flags are read. */
    public static final Path CPUINFO = Path.of("/proc/cpuinfo");
    /** The kernel's current clocksource. */
    public static final Path CURRENT_CLOCKSOURCE = Path.of("/sys/devices/system/clocksource/clocksource0/current_clocksource");
    /** The clocksources the kernel offers (those not marked unstable). */
    public static final Path AVAILABLE_CLOCKSOURCE = Path.of("/sys/devices/system/clocksource/clocksource0/available_clocksource");

    private static final String TSC = "tsc";
    private static final String CONSTANT = "constant_tsc";
    private static final String NONSTOP = "nonstop_tsc";

    private TscTrust() {
    }

    /**
     * The verdict. Immutable.
     *
     * @param trusted whether the TSC may serve {@code ticks()} by default
     * @param reason  one line saying why, starting "trusted: " or "not trusted: "
     */
    public record Verdict(boolean trusted, String reason) {
        public Verdict {
            Objects.requireNonNull(reason);
        }
    }

    /**
     * The texts the verdict is made from; each is empty where the file could not be read.
     *
     * @param cpuinfo              the text of {@code /proc/cpuinfo}
     * @param currentClocksource   the text of {@code current_clocksource}
     * @param availableClocksource the text of {@code available_clocksource}
     */
    public record Inputs(Optional<String> cpuinfo, Optional<String> currentClocksource, Optional<String> availableClocksource) {
        public Inputs {
            Objects.requireNonNull(cpuinfo);
            Objects.requireNonNull(currentClocksource);
            Objects.requireNonNull(availableClocksource);
        }
    }

    /** Reads the three files of this machine; a file that cannot be read is empty. Thread-safe. */
    public static Inputs readLive() {
        LinuxEnvironment.Files f = LinuxEnvironment.LIVE_FILES; // the planner's reader: both see the same bytes
        return new Inputs(f.read(CPUINFO.toString()), f.read(CURRENT_CLOCKSOURCE.toString()), f.read(AVAILABLE_CLOCKSOURCE.toString()));
    }

    /** The verdict for this machine: {@code decide(readLive())}. */
    public static Verdict live() {
        return decide(readLive());
    }

    /**
     * {@code decide(new Inputs(cpuinfo, currentClocksource, availableClocksource))}.
     *
     * @param cpuinfo              the text of {@code /proc/cpuinfo}, or empty where it cannot be read
     * @param currentClocksource   the text of {@code current_clocksource}, or empty
     * @param availableClocksource the text of {@code available_clocksource}, or empty
     * @return the verdict
     */
    public static Verdict decide(Optional<String> cpuinfo, Optional<String> currentClocksource, Optional<String> availableClocksource) {
        return decide(new Inputs(cpuinfo, currentClocksource, availableClocksource));
    }

    /**
     * The verdict for the given texts. Pure: no I/O, the same inputs give the same answer.
     *
     * @param in the texts of the three files
     * @return trusted only when the rule in the class comment holds, with the reason either way
     */
    public static Verdict decide(Inputs in) {
        Objects.requireNonNull(in);
        if (in.cpuinfo().isEmpty()) {
            return no("/proc/cpuinfo cannot be read, so the CPU's TSC flags are unknown");
        }
        List<Cpu> cpus = cpus(in.cpuinfo().get());
        if (cpus.isEmpty()) {
            return no("/proc/cpuinfo has no flags line, so the CPU's TSC flags are unknown");
        }
        String lacking = lacking(cpus);
        if (lacking != null) {
            return no(lacking);
        }
        String cpuPart = CONSTANT + " and " + NONSTOP + " on " + (cpus.size() == 1 ? "the CPU" : "all " + cpus.size() + " CPUs");

        String current = in.currentClocksource().isPresent() ? in.currentClocksource().get().strip() : null;
        if (TSC.equals(current)) {
            return new Verdict(true, "trusted: " + cpuPart + ", and tsc is the current clocksource");
        }
        String currentPart = current == null ? "current_clocksource cannot be read"
                : current.isEmpty() ? "current_clocksource is empty" : "clocksource " + current;
        if (in.availableClocksource().isEmpty()) {
            return no(currentPart + " and available_clocksource cannot be read, so whether the kernel marked the TSC unstable is unknown");
        }
        if (hasWord(in.availableClocksource().get(), TSC)) {
            return new Verdict(true, "trusted: " + cpuPart + ", and tsc is in available_clocksource (" + currentPart + ")");
        }
        return no(currentPart + " and tsc is not in available_clocksource"
                + " (the kernel marked it unstable, e.g. tsc=unstable or its clocksource watchdog)");
    }

    private static Verdict no(String why) {
        return new Verdict(false, "not trusted: " + why);
    }

    /** One CPU's block: its number ("processor" line, or its position where absent) and its two flags. */
    private record Cpu(String id, boolean constant, boolean nonstop) {
    }

    /** Each "flags" line with the nearest "processor" line before it; other keys ("vmx flags") ignored. */
    private static List<Cpu> cpus(String text) {
        List<Cpu> out = new ArrayList<>();
        String processor = null;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end); // a trailing \r is whitespace to strip() and hasWord
            start = end + 1;
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1);
            if (key.equals("processor")) {
                processor = value.strip();
            } else if (key.equals("flags")) {
                out.add(new Cpu(processor != null ? processor : "#" + out.size(), hasWord(value, CONSTANT), hasWord(value, NONSTOP)));
                processor = null;
            }
        }
        return out;
    }

    /** "the CPU lacks nonstop_tsc", "CPUs 2, 3 (of 4) lack constant_tsc", or null when none lacks a flag. */
    private static String lacking(List<Cpu> cpus) {
        List<String> allLack = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            String flag = f == 0 ? CONSTANT : NONSTOP;
            List<String> which = new ArrayList<>();
            for (Cpu c : cpus) {
                if (!(f == 0 ? c.constant() : c.nonstop())) {
                    which.add(c.id());
                }
            }
            if (which.size() == cpus.size()) {
                allLack.add(flag);
            } else if (!which.isEmpty()) {
                parts.add((which.size() == 1 ? "CPU " + which.get(0) + " lacks " : "CPUs " + String.join(", ", which) + " lack ")
                        + flag + " (of " + cpus.size() + " CPUs)");
            }
        }
        if (!allLack.isEmpty()) {
            parts.add(0, (cpus.size() == 1 ? "the CPU lacks " : "the CPUs lack ") + String.join(" and ", allLack));
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /** Whether {@code word} is one of the whitespace-separated words of {@code text}. */
    static boolean hasWord(String text, String word) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i - start == word.length() && text.startsWith(word, start)) {
                return true;
            }
        }
        return false;
    }
}
