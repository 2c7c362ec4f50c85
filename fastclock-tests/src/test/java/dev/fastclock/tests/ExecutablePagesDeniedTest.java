package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.fastclock.Report;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.tests.child.LoggerReentry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A first call that cannot break (issue "Linux provider, second design"): under a W^X policy that refuses to make
 * a page executable (here a seccomp filter, {@code src/test/c/deny-exec-pages.c}, returning EACCES for
 * {@code mprotect}/{@code mmap} with PROT_EXEC and not PROT_WRITE, as SELinux execmem does), FastClock's stub page
 * cannot be made, so every method served through a stub falls back and FastClock logs why. The child JVM's
 * {@code java.util.logging} handler reads FastClock in {@code publish()} while two threads make their first calls
 * at once ({@link LoggerReentry}); FastClock logs on its own daemon thread once each choice is made (issue 17), so
 * the handler's reads are first calls racing the two threads', never calls from inside FastClock.
 *
 * <p>It must: finish (no deadlock: the child gives up after 20 s and prints every stack; this JVM kills it after
 * {@link ChildJvm#TIMEOUT}); never throw {@code ExceptionInInitializerError} or {@code NoClassDefFoundError}; give
 * right values at every call, re-entrant ones included; and report, as data, each stub-based method passed over the
 * route it would have taken with the reason (mprotect, errno 13, the errno captured with the failing call) and
 * served by another route.
 */
class ExecutablePagesDeniedTest {

    /**
     * The methods served through a stub on the vDSO by default: its clock_gettime, clock_getres and gettimeofday (the
     * catalogue's clocks and resolution on the vdso route; not time(), a direct call for whole seconds, nor getcpu).
     */
    static List<String> vdsoStubMethods() {
        Map<String, String> defaults = Routing.defaults(Machine.rseqRegistered());
        List<String> out = new ArrayList<>();
        for (Method m : Method.values()) {
            boolean stub = m.clock() != null && m.unit() != Method.Unit.SECONDS || m == Method.RESOLUTION;
            if (stub && "vdso".equals(defaults.get(m.apiName()))) {
                out.add(m.apiName());
            }
        }
        return out;
    }

    private static Path denyExecPages;

    @BeforeAll
    static void needsSeccomp() throws IOException, InterruptedException {
        denyExecPages = CHelpers.denyExecPages();
        Path log = Files.createTempFile(Artifacts.workDir(), "deny-exec-pages-check-", ".log");
        Process p = new ProcessBuilder(denyExecPages.toString(), "--check").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "deny-exec-pages --check did not finish");
        String out = Files.readString(log, StandardCharsets.UTF_8).strip();
        if (p.exitValue() == 3) {
            abort("seccomp filters are not available here (a kernel without CONFIG_SECCOMP_FILTER, or a sandbox): " + out);
        }
        assertEquals(0, p.exitValue(), () -> "the seccomp filter does not refuse executable pages as it should: " + out);
        assertEquals("check=ok errno=13", out);
    }

    @Test
    void aLoggerReadingFastClockWhileItLogsItsFallbacksGetsRightAnswersAndNeverDeadlocks() {
        ChildJvm.Result r = ChildJvm.onClassPath(LoggerReentry.class)
                .prefix(denyExecPages.toString())
                .jvmArgs("--enable-native-access=ALL-UNNAMED")
                .run().assertSuccess();
        String all = r.stdout() + r.stderr();
        assertFalse(all.contains("deadlock=yes"), () -> "the first calls deadlocked\n" + r);
        assertFalse(all.contains("ExceptionInInitializerError"), () -> "a first call broke a class initializer\n" + r);
        assertFalse(all.contains("NoClassDefFoundError"), () -> "a class was left unusable\n" + r);
        assertEquals("ok", r.value("thread.first-a"), r::toString);
        assertEquals("ok", r.value("thread.first-b"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        assertEquals("0", r.value("handler.failures"), () -> "a read from inside the handler was wrong or threw\n" + r);

        // The scenario happened: FastClock logged its fallbacks to the handler, which read FastClock (first calls of
        // its own among them) while two threads were still choosing.
        assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith("log=WARNING") && l.contains("mprotect errno 13")),
                () -> "FastClock logged no fallback naming mprotect errno 13\n" + r);
        assertTrue(Integer.parseInt(r.value("handler.reads")) >= 5 * Integer.parseInt(r.value("records")), r::toString);
        // Third design (issue 17): FastClock's own records are published after the choice, on its daemon log thread,
        // never from inside a FastClock call (where logging re-enters the logger that may have made the call).
        assertEquals("0", r.value("fastclock.records.inside"), () -> "FastClock logged from inside a FastClock call\n" + r);
        assertEquals("fastclock-log", r.value("fastclock.records.threads"), () -> "FastClock logged on another thread than its log thread\n" + r);

        Report report = r.report();
        assertEquals("linux-x64", report.provider(), r::toString);
        List<String> stubMethods = vdsoStubMethods();
        assertTrue(stubMethods.contains("epochNanos") && stubMethods.contains("resolutionNanos"), stubMethods::toString);
        for (String method : stubMethods) {
            MethodRoute m = Routing.method(report, method);
            assertNotEquals("vdso", m.route(), () -> method + " is on the vdso route, whose stub cannot be executable\n" + r);
            assertTrue(m.passedOver().stream().anyMatch(p -> p.route().equals("vdso") && deniedByMprotect(p.reason())),
                    () -> method + " does not say the vdso route was passed over because mprotect failed with errno 13: " + m + "\n" + r);
        }
        // ticks reads the TSC through a stub too, where the kernel trusts it.
        if (Machine.tscTrusted()) {
            MethodRoute ticks = Routing.method(report, "ticks");
            assertEquals("jdk", ticks.route(), r::toString);
            assertTrue(ticks.passedOver().stream().anyMatch(p -> p.route().equals("tsc") && deniedByMprotect(p.reason())),
                    () -> "ticks does not say the tsc route was passed over because mprotect failed: " + ticks + "\n" + r);
        }
        // What needs no stub keeps its route: time() is a direct call, and so is libc's sched_getcpu.
        Routing.assertRoute(r, "epochSeconds", "vdso");
        Routing.assertRoute(r, "nanos", "jdk");
        Routing.assertRoute(r, "epochMillis", "jdk");
        if (Machine.rseqRegistered()) {
            Routing.assertRoute(r, "cpu", "libc");
        }
        // adjtimex is a direct libc call
        Routing.assertRoute(r, "clockStatus", "libc");
        // The one stub page's failure, in the report's notes.
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("stubs:") && deniedByMprotect(n)),
                () -> "the notes do not say why the stub page failed\n" + r);
    }

    private static boolean deniedByMprotect(String reason) {
        return reason.contains("mprotect") && reason.contains("errno 13");
    }
}
