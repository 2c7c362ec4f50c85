package dev.fastclock.linux.x64.internal;

import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.TickReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TSC route's trust comes through the seam: where the files say the kernel does not trust the
 * counter, {@code ticks} stays on the JDK unless the route is forced. The rules themselves are
 * {@link TscTrustTest}'s; here each of issue 10's cases (current tsc, tsc available but not current,
 * tsc marked unstable, flags missing, and an unreadable /proc/cpuinfo) goes through the production
 * planner with fake files ({@link LinuxEnvironment#withFiles}), by default and forced: which route
 * ticks take, the passed-over reason, what the notes say, and the one warning a forced untrusted
 * counter's plan carries (FastClock logs it once the plan is published).
 */
class TscRouteTest {

    /** A machine with no invariant TSC and an hpet clocksource; every other file is the live one. */
    private static final class Untrusted implements LinuxEnvironment.Files {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Optional<String> read(String path) {
            if (path.equals("/proc/cpuinfo")) {
                reads.incrementAndGet();
                return Optional.of("processor\t: 0\nflags\t\t: fpu vme de pse tsc msr\n\n");
            }
            if (path.endsWith("/current_clocksource")) {
                reads.incrementAndGet();
                return Optional.of("hpet\n");
            }
            if (path.endsWith("/available_clocksource")) {
                reads.incrementAndGet();
                return Optional.of("hpet acpi_pm \n");
            }
            return LinuxEnvironment.LIVE_FILES.read(path);
        }

        @Override
        public List<String> list(String dir) {
            return LinuxEnvironment.LIVE_FILES.list(dir);
        }
    }

    @Test
    void anUntrustedCounterLeavesTicksOnTheJdk() {
        Untrusted files = new Untrusted();
        LinuxBackend b = LinuxBackend.eager(Failsafe.live().withFiles(files), Optional.empty());

        Plan c = b.plan(Method.TICKS);
        assertEquals(RouteId.JDK, Failsafe.routeId(c));
        assertEquals(1, c.route().passedOver().size(), c.route().passedOver().toString());
        assertEquals("tsc", c.route().passedOver().getFirst().route());
        assertNull(c.warning(), "ticks in nanoseconds where the counter is not trusted is the documented default: nothing to warn of");
        assertTrue(files.reads.get() > 0, "the verdict was read through the seam");
        Failsafe.assertSane(b, true, 20);
    }

    @Test
    void forcedTheCounterServesTicksAnyway() {
        LinuxBackend lb = LinuxBackend.eager(Failsafe.live().withFiles(new Untrusted()), Optional.of(RouteId.TSC));
        Facade b = new Facade(lb);

        assertEquals(Optional.empty(), lb.forcedProblem());
        assertEquals(RouteId.TSC, b.route(Method.TICKS));
        assertEquals(List.of(), b.plan(Method.TICKS).route().passedOver());
        long a = b.ticks();
        long z = b.ticks();
        assertTrue(z >= a, a + " then " + z);
    }
    private static final String GOOD_FLAGS = "fpu vme de pse tsc msr pae rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid pni";
    private static final String UNSTABLE = " and tsc is not in available_clocksource (the kernel marked it unstable, e.g. tsc=unstable"
            + " or its clocksource watchdog)";

    /** Issue 10's cases: the three files as given (null: unreadable), and the verdict they must give. */
    enum Case {
        CURRENT_TSC(cpuinfo(GOOD_FLAGS, GOOD_FLAGS), "tsc\n", "tsc kvm-clock acpi_pm \n",
                "trusted: constant_tsc and nonstop_tsc on all 2 CPUs, and tsc is the current clocksource"),
        AVAILABLE_NOT_CURRENT(cpuinfo(GOOD_FLAGS, GOOD_FLAGS), "kvm-clock\n", "kvm-clock tsc acpi_pm \n",
                "trusted: constant_tsc and nonstop_tsc on all 2 CPUs, and tsc is in available_clocksource (clocksource kvm-clock)"),
        MARKED_UNSTABLE(cpuinfo(GOOD_FLAGS, GOOD_FLAGS), "kvm-clock\n", "kvm-clock \n",
                "not trusted: clocksource kvm-clock" + UNSTABLE),
        WATCHDOG_DEMOTED(cpuinfo(GOOD_FLAGS), "hpet\n", "hpet acpi_pm \n", "not trusted: clocksource hpet" + UNSTABLE),
        NONSTOP_MISSING(cpuinfo(GOOD_FLAGS.replace(" nonstop_tsc", "")), "tsc\n", "tsc hpet\n", "not trusted: the CPU lacks nonstop_tsc"),
        CONSTANT_MISSING_ON_ONE(cpuinfo(GOOD_FLAGS, GOOD_FLAGS.replace(" constant_tsc", "")), "tsc\n", "tsc\n",
                "not trusted: CPU 1 lacks constant_tsc (of 2 CPUs)"),
        CPUINFO_UNREADABLE(null, "tsc\n", "tsc\n", "not trusted: /proc/cpuinfo cannot be read, so the CPU's TSC flags are unknown");

        final String cpuinfo;
        final String current;
        final String available;
        final String reason;

        Case(String cpuinfo, String current, String available, String reason) {
            this.cpuinfo = cpuinfo;
            this.current = current;
            this.available = available;
            this.reason = reason;
        }

        boolean trusted() {
            return reason.startsWith("trusted: ");
        }

        Faked files() {
            return new Faked(cpuinfo, current, available);
        }
    }

    private static String cpuinfo(String... flags) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < flags.length; i++) {
            b.append("processor\t: ").append(i).append("\nvendor_id\t: GenuineIntel\nflags\t\t: ").append(flags[i])
                    .append("\nvmx flags\t: vnmi preemption_timer\nbogomips\t: 4200.00\n\n");
        }
        return b.toString();
    }

    /** The three files the verdict is made from, faked (null: unreadable); the rest live; counts each read. */
    private static final class Faked implements LinuxEnvironment.Files {
        final String cpuinfo;
        final String current;
        final String available;
        final List<String> read = new ArrayList<>();

        Faked(String cpuinfo, String current, String available) {
            this.cpuinfo = cpuinfo;
            this.current = current;
            this.available = available;
        }

        @Override
        public synchronized Optional<String> read(String path) {
            if (path.equals("/proc/cpuinfo")) {
                read.add(path);
                return Optional.ofNullable(cpuinfo);
            }
            if (path.equals(TscTrust.CURRENT_CLOCKSOURCE.toString())) {
                read.add(path);
                return Optional.ofNullable(current);
            }
            if (path.equals(TscTrust.AVAILABLE_CLOCKSOURCE.toString())) {
                read.add(path);
                return Optional.ofNullable(available);
            }
            return LinuxEnvironment.LIVE_FILES.read(path);
        }

        @Override
        public List<String> list(String dir) {
            return LinuxEnvironment.LIVE_FILES.list(dir);
        }
    }

    /** A planner on the live environment with {@code files}; every method planned. */
    private static Planner planAll(LinuxEnvironment.Files files, Optional<RouteId> forced) {
        Planner p = new Planner(Failsafe.live().withFiles(files), forced);
        for (Method m : Failsafe.planned()) {
            assertNotNull(p.plan(m), m.apiName() + " planned");
        }
        return p;
    }

    /** The warnings about the counter the plans carry: what FastClock logs once each plan is published. */
    private static List<String> warningsAboutTheTsc(Planner p) {
        List<String> out = new ArrayList<>();
        for (Method m : Failsafe.planned()) {
            String w = p.planned(m).warning();
            if (w != null && w.contains("tsc")) {
                out.add(w);
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void byDefaultTicksFollowTheVerdictOfTheFiles(Case k) {
        Faked files = k.files();
        Planner p = planAll(files, Optional.empty());
        Plan c = p.planned(Method.TICKS);
        assertTrue(files.read.contains("/proc/cpuinfo"), "the verdict was read through the seam: " + files.read);
        assertEquals(k.reason, TscTrust.decide(Optional.ofNullable(k.cpuinfo), Optional.ofNullable(k.current),
                Optional.ofNullable(k.available)).reason(), "the case's verdict");
        List<String> notes = p.notes();
        if (k.trusted()) {
            assertEquals(RouteId.TSC, Failsafe.routeId(c), k + ": " + c);
            assertEquals(List.of(), c.route().passedOver());
            assertNotNull(((Call) c.reader()).tsc(), "calibrated");
            assertTrue(notes.contains("tsc: rdtsc (" + k.reason + ")"), "the notes give the verdict: " + notes);
            assertTrue(notes.stream().anyMatch(n -> n.matches("ticks: \\d+\\.\\d{6} MHz \u00b1.*CLOCK_MONOTONIC_RAW.*")),
                    "the notes give the calibration: " + notes);
            assertEquals(List.of(), warningsAboutTheTsc(p), "a trusted counter is used without a word");
        } else {
            assertEquals(RouteId.JDK, Failsafe.routeId(c), k + ": " + c);
            assertEquals(List.of(new MethodRoute.PassedOver("tsc", k.reason)), c.route().passedOver(), "the passed-over entry is the verdict");
            assertEquals(Method.TICKS.jdkDetail(), c.route().detail(), "the catalogue's words for the JDK's ticks");
            assertFalse(c.reader() instanceof Call, "the JDK's own ticks, no native call: " + c.reader());
            TickReader t = (TickReader) c.reader();
            assertEquals(1_000_000_000L, t.perSecond(), "ticks are nanoseconds");
            assertEquals(1_000_000_000L, t.toNanos(1_000_000_000L), "and convert one to one");
            assertTrue(notes.stream().noneMatch(n -> n.startsWith("ticks: ") || n.startsWith("tsc: ")), "no counter in use: " + notes);
            assertEquals(List.of(), warningsAboutTheTsc(p), "the documented default is no warning");
        }
        // Every other method keeps its route whatever the counter's verdict.
        Planner live = planAll(LinuxEnvironment.LIVE_FILES, Optional.empty());
        for (Method m : Failsafe.planned()) {
            if (m != Method.TICKS) {
                assertEquals(live.planned(m).route().route(), p.planned(m).route().route(), m.apiName());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void forcedTicksAreOnTheCounterAndAnUntrustedOneIsWarnedOfOnce(Case k) {
        Planner p = planAll(k.files(), Optional.of(RouteId.TSC));
        Plan c = p.planned(Method.TICKS);
        assertEquals(RouteId.TSC, Failsafe.routeId(c), k + ": " + c);
        assertEquals(List.of(), c.route().passedOver());
        assertNotNull(((Call) c.reader()).tsc(), "calibrated");
        List<String> notes = p.notes();
        assertEquals("forced: -Dfastclock.route=tsc", notes.getFirst());
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("ticks: ") && n.contains(" MHz ")), notes.toString());
        List<String> warnings = warningsAboutTheTsc(p);
        if (k.trusted()) {
            assertTrue(notes.contains("tsc: rdtsc (" + k.reason + ")"), notes.toString());
            assertEquals(List.of(), warnings, "forcing a trusted counter warns of nothing");
        } else {
            assertTrue(notes.contains("tsc: rdtsc (FORCED: " + k.reason + ")"), "the notes say it is forced, and why that matters: " + notes);
            assertEquals(1, warnings.size(), "one warning: " + warnings);
            assertEquals("-Dfastclock.route=tsc forces the time-stamp counter although the kernel does not trust it: " + k.reason,
                    warnings.getFirst(), "the warning names the verdict");
            assertEquals(warnings.getFirst(), c.warning(), "on ticks' plan");
        }
        // The other methods keep their usual routes; the forced route is passed over for each, saying why.
        for (Method m : Failsafe.planned()) {
            if (m != Method.TICKS && m != Method.IS_SUPPORTED) {
                Plan o = p.planned(m);
                assertFalse(Failsafe.routeId(o) == RouteId.TSC, m.apiName());
                assertEquals("tsc (forced)", o.route().passedOver().getFirst().route(), m.apiName() + ": " + o.route().passedOver());
            }
        }
        // Asked again, the planner makes no second plan, so FastClock has one warning to log.
        for (Method m : Failsafe.planned()) {
            assertSame(p.planned(m), p.plan(m), m.apiName());
        }
    }
}
