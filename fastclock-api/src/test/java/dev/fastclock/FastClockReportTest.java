package dev.fastclock;

import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.MethodRoute.PassedOver;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.Reader;
import dev.fastclock.testproviders.ReadingLoggerFinder;
import dev.fastclock.testproviders.ReadingLoggerFinder.Entry;
import dev.fastclock.testproviders.ScriptedBackend;
import dev.fastclock.testproviders.ScriptedProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.fastclock.Answers.assertBetween;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FastClock#report()} over a backend whose plans and {@code notes()} the test scripts (the
 * scripted provider, in this class's own JVM): the report carries each plan's route and the backend's
 * notes as they are, a plan that fails or breaks the SPI's contract is the JDK's for good with the
 * reason in the report and one log line, and the report survives notes that break their contract. It
 * never throws, and asks for each plan once.
 */
class FastClockReportTest {

    private static final ScriptedBackend BACKEND = new ScriptedBackend(new SettableClock());
    private static final MethodRoute NANOS = new MethodRoute("nanos", "vdso", "__vdso_clock_gettime(CLOCK_MONOTONIC)", List.of());
    private static final MethodRoute CPU = new MethodRoute("cpu", "getcpu", "__vdso_getcpu",
            List.of(new PassedOver("rseq", "glibc did not register rseq"), new PassedOver("other", "why not")));
    private static final String CPU_WARNING = "cpu: glibc did not register rseq, the vDSO's getcpu serves";
    private static final IllegalStateException BOOT_FAILURE = new IllegalStateException("boot-broke");
    private static final String PROVIDER = ScriptedProvider.NAME;

    /** A reader that is neither a TickReader nor a StatusReader. */
    private record Plain() implements Reader {
        @Override
        public long read(long arg) {
            return 42;
        }
    }

    @BeforeAll
    static void installTheScriptedBackend() {
        System.setProperty(ReadingLoggerFinder.MODE_PROPERTY, ReadingLoggerFinder.READS);
        System.setProperty(ScriptedProvider.ENABLE_PROPERTY, "true");
        BACKEND.on(Method.NANOS, m -> new Plan(BACKEND.unscripted(m).reader(), NANOS, null))
                .on(Method.CPU, m -> new Plan(BACKEND.unscripted(m).reader(), CPU, CPU_WARNING))
                .on(Method.BOOT_NANOS, m -> {
                    throw BOOT_FAILURE;
                })
                .on(Method.TICKS, m -> new Plan(new Plain(), BACKEND.unscripted(m).route(), null))
                .on(Method.CLOCK_STATUS, m -> new Plan(new Plain(), BACKEND.unscripted(m).route(), null));
        ScriptedProvider.onCreate(attempt -> BACKEND);
    }

    @AfterEach
    void wellBehavedAgain() {
        BACKEND.notes(List::of);
    }

    /** What the report must show for {@code m}. */
    private static MethodRoute expectedRoute(Method m) {
        String className = ScriptedBackend.class.getName();
        return switch (m) {
            case NANOS -> NANOS;
            case CPU -> CPU;
            case BOOT_NANOS -> jdk(m, "planning failed: " + BOOT_FAILURE);
            case TICKS -> jdk(m, "planning failed: java.lang.IllegalStateException: " + className
                    + " planned ticks with a reader that cannot convert them (not a TickReader)");
            case CLOCK_STATUS -> jdk(m, "planning failed: java.lang.IllegalStateException: " + className
                    + " planned clockStatus with a reader that is not a StatusReader");
            default -> BACKEND.unscripted(m).route();
        };
    }

    private static MethodRoute jdk(Method m, String reason) {
        return new MethodRoute(m.apiName(), "jdk", m.jdkDetail(), List.of(new PassedOver(PROVIDER, reason)));
    }

    @Test
    void theReportCarriesEveryPlansRouteAndTheBackendsNotes() {
        BACKEND.notes(() -> List.of("vDSO at 0x7ffd000", "clocksource tsc: user space"));

        Report report = FastClock.report();

        assertEquals(PROVIDER, report.provider());
        assertEquals(Optional.empty(), report.forced());
        assertEquals(new Report.Provider(PROVIDER, ScriptedProvider.PRIORITY, "chosen"), report.providers().get(0));
        List<MethodRoute> expected = new ArrayList<>();
        for (Method m : Catalogue.planned()) {
            expected.add(expectedRoute(m));
        }
        assertEquals(expected, report.methods());
        assertEquals(List.of("vDSO at 0x7ffd000", "clocksource tsc: user space"), report.notes());
        MethodRoute cpu = report.method("cpu").orElseThrow();
        assertEquals(List.of("rseq", "other"), cpu.passedOver().stream().map(PassedOver::route).toList());

        String describe = FastClock.describe();
        assertTrue(describe.contains("\n  cpu                getcpu   __vdso_getcpu\n"
                + "                              passed over: rseq: glibc did not register rseq\n"), describe);
        assertTrue(describe.contains("  vDSO at 0x7ffd000\n  clocksource tsc: user space\n"), describe);
    }

    @Test
    void aPlanThatFailsIsTheJdksForGoodWithOneWarningAndItsTrace() {
        for (int i = 0; i < 3; i++) {
            long before = System.nanoTime();
            long boot = FastClock.bootNanos();
            long after = System.nanoTime();
            assertBetween(before, boot, after, "bootNanos, the JDK's answer");
        }
        assertEquals(0, FastClock.nanos(), "the other methods are the backend's");
        assertEquals(1, BACKEND.asked(Method.BOOT_NANOS), "a failed plan is not asked for again");
        assertEquals(expectedRoute(Method.BOOT_NANOS), FastClock.report().method("bootNanos").orElseThrow());
        String line = "FastClock: planning bootNanos failed, the JDK answers it";
        assertTrue(FastClock.report().messages().contains("WARNING " + line), FastClock.report().messages()::toString);
        Entry logged = fastClockEntry(line);
        assertEquals(System.Logger.Level.WARNING, logged.level());
        assertEquals(BOOT_FAILURE, logged.thrown(), "an unexpected failure: logged with its stack trace");
    }

    @Test
    void readersOfTheWrongKindAreTheJdks() {
        long before = System.nanoTime();
        long t = FastClock.ticks();
        long after = System.nanoTime();
        assertBetween(before, t, after, "ticks: planned with a reader that cannot convert them, so the JDK's");
        assertEquals(1_000_000_000L, FastClock.ticksPerSecond());
        assertEquals(5, FastClock.ticksToNanos(5));
        assertFalse(FastClock.clockStatus().known(), "clockStatus: planned with a reader that is not a StatusReader, so unknown");
        assertEquals(expectedRoute(Method.TICKS), FastClock.report().method("ticks").orElseThrow());
        assertEquals(expectedRoute(Method.CLOCK_STATUS), FastClock.report().method("clockStatus").orElseThrow());
        assertTrue(FastClock.report().messages().contains("WARNING FastClock: planning ticks failed, the JDK answers it"),
                FastClock.report().messages()::toString);
    }

    @Test
    void aPlansWarningIsLoggedOnceAsOneLine() {
        CpuLocator.cpu();
        String line = "FastClock: " + CPU_WARNING;
        assertEquals(1, FastClock.report().messages().stream().filter(("WARNING " + line)::equals).count(),
                FastClock.report().messages()::toString);
        Entry logged = fastClockEntry(line);
        assertNull(logged.thrown());
        assertEquals("fastclock-log", logged.thread());
    }

    private static Entry fastClockEntry(String message) {
        List<Entry> found = ReadingLoggerFinder.entries().stream().filter(e -> e.logger().equals("dev.fastclock") && e.message().equals(message))
                .toList();
        assertEquals(1, found.size(), () -> "logged once: " + message + "\n" + ReadingLoggerFinder.entries());
        return found.get(0);
    }

    @Test
    void aReportIsASnapshot() {
        List<String> notes = new ArrayList<>(List.of("a note"));
        BACKEND.notes(() -> notes);
        Report report = FastClock.report();
        notes.clear();
        assertEquals(List.of("a note"), report.notes(), "later changes in the backend do not reach a report already made");
        assertEquals(List.of(), FastClock.report().notes());
    }

    @Test
    void aReportAfterTheFirstIsTheSame() {
        BACKEND.notes(() -> List.of("n"));
        Report first = FastClock.report();
        assertEquals(first, FastClock.report());
        for (Method m : Catalogue.planned()) {
            assertEquals(1, BACKEND.asked(m), m + ": report() asks for each plan once, ever");
        }
    }

    @Test
    void notesReturningNull() {
        BACKEND.notes(() -> null);
        Report report = assertDoesNotThrow(FastClock::report);
        assertEquals(List.of(), report.notes());
        assertDoesNotThrow(FastClock::describe);
    }

    @Test
    void notesThrowing() {
        RuntimeException boom = new IllegalStateException("notes-broke");
        BACKEND.notes(() -> {
            throw boom;
        });
        Report report = assertDoesNotThrow(FastClock::report);
        assertEquals(List.of("the backend failed to report its notes: " + boom), report.notes());
        assertEquals(PROVIDER, report.provider(), "the rest of the report is intact");
        assertEquals(Catalogue.plannedNames(), report.methods().stream().map(MethodRoute::method).toList());
    }

    @Test
    void notesThrowingALinkageError() {
        // What a provider hits when a class its report needs is missing.
        BACKEND.notes(() -> {
            throw new NoClassDefFoundError("dev/example/Missing");
        });
        Report report = assertDoesNotThrow(FastClock::report);
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("dev/example/Missing")), report.notes()::toString);
    }

    @Test
    void nullElementsInNotes() {
        // Contract-breaking, but report() promises never to throw.
        BACKEND.notes(() -> Arrays.asList("a note", null));
        Report withNullNote = assertDoesNotThrow(FastClock::report);
        assertEquals(List.of("a note"), withNullNote.notes());
        assertFalse(withNullNote.notes().stream().anyMatch(Objects::isNull));
        assertDoesNotThrow(FastClock::describe);
    }

    @Test
    void theChosenBackendServesEveryCall() {
        // The backend reads a fresh SettableClock: monotonic 0, the epoch, CPU unknown.
        assertEquals(0, FastClock.nanos());
        assertEquals(0, FastClock.epochMillis());
        assertEquals(-1, CpuLocator.cpu());
        FastClock.report();
        assertEquals(1, ScriptedProvider.creations(), "report() never builds again");
    }
}
