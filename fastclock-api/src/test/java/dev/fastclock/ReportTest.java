package dev.fastclock;

import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.MethodRoute.PassedOver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Report} as a value, and the text it renders for {@link FastClock#describe()}. */
class ReportTest {

    private static final MethodRoute NANOS = new MethodRoute("nanos", "jdk", "System.nanoTime()", List.of());
    private static final MethodRoute COARSE = new MethodRoute("coarseNanos", "vdso", "__vdso_clock_gettime(CLOCK_MONOTONIC_COARSE)",
            List.of(new PassedOver("stub", "no executable page: mprotect failed: EACCES"), new PassedOver("x", "y")));

    private static Report sample() {
        return new Report("linux-x64", Optional.empty(),
                List.of(new Report.Provider("linux-x64", 100, "chosen"),
                        new Report.Provider("jdk", Integer.MIN_VALUE, "not tried: linux-x64 was chosen first")),
                List.of("dev.example.Old needs Java 22 or newer (this JVM is Java 17): the jdk provider serves"),
                List.of(NANOS, COARSE),
                List.of("vDSO at 0x7ffd000"),
                List.of("WARNING FastClock: a start-up message", "INFO FastClock: another"));
    }

    @Test
    void rendersEveryPartInOrder() {
        assertEquals("""
                FastClock provider: linux-x64
                providers, highest priority first:
                  linux-x64 (priority 100): chosen
                  jdk (priority -2147483648): not tried: linux-x64 was chosen first
                skipped while loading:
                  dev.example.Old needs Java 22 or newer (this JVM is Java 17): the jdk provider serves
                routes:
                  nanos              jdk      System.nanoTime()
                  coarseNanos        vdso     __vdso_clock_gettime(CLOCK_MONOTONIC_COARSE)
                                              passed over: stub: no executable page: mprotect failed: EACCES
                                              passed over: x: y
                  vDSO at 0x7ffd000
                logged at start-up:
                  WARNING FastClock: a start-up message
                  INFO FastClock: another
                """, sample().toString());
    }

    @Test
    void rendersTheForcedProviderAndLeavesOutEmptyParts() {
        Report r = new Report("jdk", Optional.of("jdk"), List.of(), List.of(), List.of(NANOS), List.of(), List.of());
        assertEquals("""
                FastClock provider: jdk
                forced: -Dfastclock.provider=jdk
                routes:
                  nanos              jdk      System.nanoTime()
                """, r.toString());
    }

    @Test
    void longNamesStillLeaveASpace() {
        Report r = new Report("p", Optional.empty(), List.of(), List.of(),
                List.of(new MethodRoute("aMethodNameLongerThanTheColumn", "aRouteLongerThan", "d", List.of())), List.of(), List.of());
        assertTrue(r.toString().contains("  aMethodNameLongerThanTheColumn aRouteLongerThan d\n"), r.toString());
    }

    @Test
    void methodFindsARouteByName() {
        Report r = sample();
        assertEquals(Optional.of(COARSE), r.method("coarseNanos"));
        assertEquals("stub", r.method("coarseNanos").orElseThrow().passedOver().get(0).route());
        assertEquals(Optional.empty(), r.method("cpu"));
    }

    @Test
    void listsAreCopiedAndImmutable() {
        List<Report.Provider> providers = new ArrayList<>(List.of(new Report.Provider("a", 1, "chosen")));
        List<String> problems = new ArrayList<>(List.of("p"));
        List<MethodRoute> methods = new ArrayList<>(List.of(NANOS));
        List<String> notes = new ArrayList<>(List.of("n"));
        List<String> messages = new ArrayList<>(List.of("m"));
        Report r = new Report("a", Optional.empty(), providers, problems, methods, notes, messages);
        providers.clear();
        problems.clear();
        methods.clear();
        notes.clear();
        messages.clear();
        assertEquals(1, r.providers().size());
        assertEquals(List.of("p"), r.problems());
        assertEquals(List.of(NANOS), r.methods());
        assertEquals(List.of("n"), r.notes());
        assertEquals(List.of("m"), r.messages());
        assertThrows(UnsupportedOperationException.class, () -> r.providers().clear());
        assertThrows(UnsupportedOperationException.class, () -> r.problems().clear());
        assertThrows(UnsupportedOperationException.class, () -> r.methods().clear());
        assertThrows(UnsupportedOperationException.class, () -> r.notes().clear());
        assertThrows(UnsupportedOperationException.class, () -> r.messages().clear());
    }

    @Test
    void isAValue() {
        assertEquals(sample(), sample());
        assertEquals(sample().hashCode(), sample().hashCode());
    }

    @Test
    void nullsAreRefused() {
        assertThrows(NullPointerException.class, () -> new Report(null, Optional.empty(), List.of(), List.of(), List.of(), List.of(), List.of()));
        assertThrows(NullPointerException.class, () -> new Report("p", null, List.of(), List.of(), List.of(), List.of(), List.of()));
        assertThrows(NullPointerException.class, () -> new Report("p", Optional.empty(), List.of(), List.of(), List.of(), List.of(), null));
        assertThrows(NullPointerException.class, () -> new Report.Provider(null, 1, "chosen"));
        assertThrows(NullPointerException.class, () -> new Report.Provider("p", 1, null));
    }
}
