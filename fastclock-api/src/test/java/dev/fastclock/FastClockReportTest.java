package dev.fastclock;

import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.MethodRoute.PassedOver;
import dev.fastclock.testproviders.RoutesBackend;
import dev.fastclock.testproviders.ScriptedProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FastClock#report()} over a backend whose {@code routes()} and {@code notes()} the test
 * controls (the scripted provider, in this class's own JVM): the report carries the backend's data as
 * it is, and survives a backend that breaks the contract. It never throws.
 */
class FastClockReportTest {

    private static final RoutesBackend BACKEND = new RoutesBackend();
    private static final List<MethodRoute> ROUTES = List.of(
            new MethodRoute("nanos", "vdso", "__vdso_clock_gettime(CLOCK_MONOTONIC)", List.of()),
            new MethodRoute("cpu", "getcpu", "__vdso_getcpu",
                    List.of(new PassedOver("rseq", "glibc did not register rseq"), new PassedOver("other", "why not"))));

    @BeforeAll
    static void installTheRoutesBackend() {
        System.setProperty(ScriptedProvider.ENABLE_PROPERTY, "true");
        ScriptedProvider.onCreate(attempt -> BACKEND);
    }

    @AfterEach
    void wellBehavedAgain() {
        BACKEND.routes(List::of).notes(List::of);
    }

    @Test
    void theReportCarriesTheBackendsRoutesAndNotes() {
        BACKEND.routes(() -> ROUTES).notes(() -> List.of("vDSO at 0x7ffd000", "clocksource tsc: user space"));

        Report report = FastClock.report();

        assertEquals(ScriptedProvider.NAME, report.provider());
        assertEquals(Optional.empty(), report.forced());
        assertEquals(new Report.Provider(ScriptedProvider.NAME, ScriptedProvider.PRIORITY, "chosen"), report.providers().get(0));
        assertEquals(ROUTES, report.methods());
        assertEquals(List.of("vDSO at 0x7ffd000", "clocksource tsc: user space"), report.notes());
        MethodRoute cpu = report.method("cpu").orElseThrow();
        assertEquals("getcpu", cpu.route());
        assertEquals(List.of("rseq", "other"), cpu.passedOver().stream().map(PassedOver::route).toList());
        assertEquals("glibc did not register rseq", cpu.passedOver().get(0).reason());

        String describe = FastClock.describe();
        assertTrue(describe.contains("\n  cpu                getcpu   __vdso_getcpu\n"
                + "                              passed over: rseq: glibc did not register rseq\n"), describe);
        assertTrue(describe.endsWith("  vDSO at 0x7ffd000\n  clocksource tsc: user space\n"), describe);
    }

    @Test
    void aReportIsASnapshot() {
        List<MethodRoute> routes = new ArrayList<>(ROUTES);
        BACKEND.routes(() -> routes);
        Report report = FastClock.report();
        routes.clear();
        BACKEND.routes(List::of);
        assertEquals(ROUTES, report.methods(), "later changes in the backend do not reach a report already made");
        assertEquals(List.of(), FastClock.report().methods());
    }

    @Test
    void routesReturningNull() {
        BACKEND.routes(() -> null);
        Report report = assertDoesNotThrow(FastClock::report);
        assertEquals(List.of(), report.methods());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("null")), report.notes()::toString);
        assertDoesNotThrow(FastClock::describe);
    }

    @Test
    void routesThrowing() {
        RuntimeException boom = new IllegalStateException("routes-broke");
        BACKEND.routes(() -> {
            throw boom;
        });
        Report report = assertDoesNotThrow(FastClock::report);
        assertEquals(List.of(), report.methods());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains(boom.toString())), report.notes()::toString);
        assertEquals(ScriptedProvider.NAME, report.provider(), "the rest of the report is intact");
    }

    @Test
    void routesThrowingALinkageError() {
        // What a provider hits when a class its report needs is missing.
        BACKEND.routes(() -> {
            throw new NoClassDefFoundError("dev/example/Missing");
        });
        Report report = assertDoesNotThrow(FastClock::report);
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("dev/example/Missing")), report.notes()::toString);
    }

    @Test
    void notesThrowingOrNull() {
        BACKEND.routes(() -> ROUTES).notes(() -> {
            throw new IllegalStateException("notes-broke");
        });
        Report report = assertDoesNotThrow(FastClock::report);
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("notes-broke")), report.notes()::toString);

        BACKEND.notes(() -> null);
        assertDoesNotThrow(FastClock::report);
        assertDoesNotThrow(FastClock::describe);
    }

    @Test
    void nullElementsInRoutesOrNotes() {
        // Contract-breaking, but report() promises never to throw.
        BACKEND.routes(() -> Arrays.asList(ROUTES.get(0), null));
        Report withNullRoute = assertDoesNotThrow(FastClock::report);
        assertFalse(withNullRoute.methods().stream().anyMatch(Objects::isNull));

        BACKEND.routes(() -> ROUTES).notes(() -> Arrays.asList("a note", null));
        Report withNullNote = assertDoesNotThrow(FastClock::report);
        assertFalse(withNullNote.notes().stream().anyMatch(Objects::isNull));
        assertDoesNotThrow(FastClock::describe);
    }

    @Test
    void theChosenBackendServesEveryCall() {
        // The RoutesBackend reads a fresh SettableClock: monotonic 0, the epoch, CPU unknown.
        assertEquals(0, FastClock.nanos());
        assertEquals(0, FastClock.epochMillis());
        assertEquals(-1, CpuLocator.cpu());
        FastClock.report();
        assertEquals(1, ScriptedProvider.creations(), "report() never builds again");
    }
}
