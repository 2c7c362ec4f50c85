package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.bindings.fastclock_h;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.StatusReader;
import dev.fastclock.spi.Timex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20's {@code clockStatus()}: one {@code adjtimex(2)} with {@code modes = 0}, read through the
 * plan's {@link StatusReader}. Injected {@code struct timex} values through the seam
 * ({@link LinuxEnvironment#withAdjtimex}) for each clock state and leap case, read back field by field;
 * the call made with a zeroed struct (so {@code modes} is 0: it never changes the clock), checked by an
 * injected call and by a C function called through the production downcall; a call that fails; and,
 * end to end through FastClock in a child JVM, the {@code ClockStatus} each case becomes, the report's
 * note and the doctor's words.
 */
@SuppressWarnings("restricted") // loads the C recorder and reads what it kept: the point of it
class ClockStatusTest {

    /** A {@code struct timex} the kernel could give: the fields FastClock reads. */
    record Given(int state, int status, long offset, long freq, long maxError, long estError, int tai) {
        int fill(MemorySegment t) {
            t.set(ValueLayout.JAVA_INT, fastclock_h.timex.status$OFFSET, status);
            t.set(ValueLayout.JAVA_LONG, fastclock_h.timex.offset$OFFSET, offset);
            t.set(ValueLayout.JAVA_LONG, fastclock_h.timex.freq$OFFSET, freq);
            t.set(ValueLayout.JAVA_LONG, fastclock_h.timex.maxerror$OFFSET, maxError);
            t.set(ValueLayout.JAVA_LONG, fastclock_h.timex.esterror$OFFSET, estError);
            t.set(ValueLayout.JAVA_INT, fastclock_h.timex.tai$OFFSET, tai);
            // and fields FastClock does not read, so a wrong offset would read them instead
            t.set(ValueLayout.JAVA_LONG, fastclock_h.timex.constant$OFFSET, 0x5A5A5A5AL);
            t.set(ValueLayout.JAVA_LONG, fastclock_h.timex.precision$OFFSET, 0x6B6B6B6BL);
            t.set(ValueLayout.JAVA_LONG, fastclock_h.timex.tick$OFFSET, 10_000L);
            t.set(ValueLayout.JAVA_INT, fastclock_h.timex.shift$OFFSET, 0x7C7C7C7C);
            return state;
        }

        /** What the provider hands on: the offset in nanoseconds (the kernel's microseconds converted without STA_NANO). */
        Timex expected() {
            return new Timex(true, state, status, (status & fastclock_h.STA_NANO) != 0 ? offset : offset * 1_000L, freq, maxError, estError, tai);
        }
    }

    /** Each state, TIME_OK .. TIME_ERROR, and the leap cases (STA_INS, STA_DEL) of an unsynchronized clock. */
    static final List<Given> CASES = List.of(
            new Given(fastclock_h.TIME_OK, fastclock_h.STA_PLL | fastclock_h.STA_NANO, 1_234, 3L << 16, 1_234, 56, 37),
            new Given(fastclock_h.TIME_INS, fastclock_h.STA_PLL | fastclock_h.STA_INS, -20, -(1L << 15), 80, 10, 37),
            new Given(fastclock_h.TIME_DEL, fastclock_h.STA_PLL | fastclock_h.STA_DEL, 0, 0, 80, 10, 37),
            new Given(fastclock_h.TIME_OOP, fastclock_h.STA_PLL | fastclock_h.STA_INS, 0, 0, 80, 10, 37),
            new Given(fastclock_h.TIME_WAIT, fastclock_h.STA_PLL, 0, 0, 80, 10, 37),
            new Given(fastclock_h.TIME_ERROR, fastclock_h.STA_UNSYNC | fastclock_h.STA_PLL, 0, 0, 16_000_000, 16_000_000, 0),
            new Given(fastclock_h.TIME_ERROR, fastclock_h.STA_UNSYNC | fastclock_h.STA_INS | fastclock_h.STA_PLL, 0, 0, 16_000_000, 16_000_000, 0),
            new Given(fastclock_h.TIME_ERROR, fastclock_h.STA_UNSYNC | fastclock_h.STA_DEL | fastclock_h.STA_PLL, 0, 0, 16_000_000, 16_000_000, 0),
            new Given(fastclock_h.TIME_ERROR, fastclock_h.STA_PLL, 0, 0, 250_000, 100_000, 0));

    /** An injected call that gives {@code given[0]} (changed between reads by the test) and counts its calls. */
    private static final class Injected implements LinuxEnvironment.Adjtimex {
        volatile Given given;
        final AtomicInteger calls = new AtomicInteger();
        final List<String> onEntry = new ArrayList<>();

        Injected(Given first) {
            given = first;
        }

        @Override
        public int call(MemorySegment timex) {
            calls.incrementAndGet();
            synchronized (onEntry) {
                onEntry.add(timex.byteSize() + " bytes, modes " + timex.get(ValueLayout.JAVA_INT, fastclock_h.timex.modes$OFFSET)
                        + ", " + nonZero(timex) + " non-zero");
            }
            return given.fill(timex);
        }
    }

    private static long nonZero(MemorySegment s) {
        long n = 0;
        for (long i = 0; i < s.byteSize(); i++) {
            n += s.get(ValueLayout.JAVA_BYTE, i) != 0 ? 1 : 0;
        }
        return n;
    }

    private static Facade backend(LinuxEnvironment.Adjtimex call) {
        return new Facade(LinuxBackend.eager(Failsafe.live().withAdjtimex(call), Optional.empty()));
    }

    @Test
    void eachStateAndLeapCaseIsReadFieldByField() {
        Injected call = new Injected(CASES.getFirst());
        Facade b = backend(call);
        Plan p = b.plan(Method.CLOCK_STATUS);
        assertEquals(RouteId.LIBC, b.route(Method.CLOCK_STATUS), "the seam stands for libc's adjtimex");
        assertTrue(p.route().detail().endsWith("[through the test's seam]"), p.route().detail());
        assertEquals(List.of(), p.route().passedOver());
        assertNull(p.warning());
        for (Given g : CASES) {
            call.given = g;
            Timex t = b.timex();
            assertEquals(g.expected(), t, "the struct timex as the kernel filled it: " + g);
            assertEquals(g.state(), b.statusReader().read(0), "the reading as a long is the state");
        }
        // Not cached: each read is one call.
        int before = call.calls.get();
        for (int i = 0; i < 10; i++) {
            b.timex();
        }
        assertEquals(before + 10, call.calls.get(), "one adjtimex per read, none cached");
    }

    @Test
    void theCallIsMadeWithAZeroedStructSoModesIsZero() {
        Injected call = new Injected(CASES.get(5));
        Facade b = backend(call);
        for (int i = 0; i < 3; i++) {
            b.timex(); // each fill leaves the struct full of values: the next call must still get a zeroed one
        }
        String fresh = fastclock_h.timex.SIZE + " bytes, modes 0, 0 non-zero";
        synchronized (call.onEntry) {
            assertTrue(call.onEntry.size() >= 4, "the plan's first call and three reads: " + call.onEntry);
            for (String entry : call.onEntry) {
                assertEquals(fresh, entry, "every call gets a whole, zeroed struct timex: modes 0, a read that changes nothing");
            }
        }
    }

    @Test
    void theRealDowncallPassesAZeroedStructAndReadsTheFieldsCWrote(@TempDir Path dir) throws Throwable {
        Path lib = Gcc.sharedLibrary(dir, Gcc.source("timex-recorder.c"), "the adjtimex downcall");
        Linker linker = Linker.nativeLinker();
        try (Arena arena = Arena.ofShared()) {
            SymbolLookup recorder = SymbolLookup.libraryLookup(lib, arena);
            MethodHandle size = linker.downcallHandle(recorder.find("fake_adjtimex_size").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_LONG));
            MethodHandle given = linker.downcallHandle(recorder.find("fake_adjtimex_given").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS));
            MethodHandle calls = linker.downcallHandle(recorder.find("fake_adjtimex_calls").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
            assertEquals(fastclock_h.timex.SIZE, (long) size.invokeExact(), "sizeof(struct timex) in C");

            // The production call: libc's adjtimex's downcall (critical, on a Java array), here at the recorder's address.
            StatusCall status = new StatusCall(StatusCall.libc(recorder.find("fake_adjtimex").orElseThrow().address()));
            for (int i = 1; i <= 2; i++) {
                Timex t = status.timex();
                assertEquals(i, (int) calls.invokeExact(), "one call per read");
                assertEquals(new Timex(true, fastclock_h.TIME_INS, fastclock_h.STA_PLL | fastclock_h.STA_INS | fastclock_h.STA_NANO,
                        -123_456_789L, 5L * 65536 + 32768, 4_321, 98, 37), t, "the fields C wrote by name, read at the bindings' offsets");
                MemorySegment seen = ((MemorySegment) given.invokeExact()).reinterpret(fastclock_h.timex.SIZE);
                assertEquals(0, seen.get(ValueLayout.JAVA_INT, fastclock_h.timex.modes$OFFSET), "modes = 0");
                assertEquals(0, nonZero(seen), "call " + i + ": the struct C was given was all zero");
            }
        }
    }

    @Test
    void aCallThatFailsIsUnknown() {
        // -1 (EFAULT, EPERM...) or a state the kernel does not have: Timex.UNKNOWN, never a made-up state.
        for (int bad : new int[] {-1, 6, 42, Integer.MIN_VALUE}) {
            StatusCall s = new StatusCall(t -> {
                new Given(fastclock_h.TIME_OK, 0, 1, 2, 3, 4, 5).fill(t);
                return bad;
            });
            assertSame(Timex.UNKNOWN, s.timex(), "adjtimex returning " + bad);
            assertEquals(Timex.UNKNOWN.state(), s.read(0));
        }

        // A first call that fails: the plan is the JDK's "unknown", saying why.
        Facade failing = backend(t -> -1);
        Plan p = failing.plan(Method.CLOCK_STATUS);
        assertEquals(RouteId.JDK, failing.route(Method.CLOCK_STATUS));
        assertSame(Method.CLOCK_STATUS.jdk(), p.reader());
        assertEquals(List.of(new MethodRoute.PassedOver("libc", "its first call failed")), p.route().passedOver());
        assertEquals("clockStatus falls back to the jdk route (unknown): its first call failed", p.warning());
        assertEquals(Timex.UNKNOWN, failing.timex());

        // A call that fails later: that read is unknown, the next one known again.
        Injected call = new Injected(CASES.getFirst());
        Facade b = backend(new LinuxEnvironment.Adjtimex() {
            int n;

            @Override
            public int call(MemorySegment t) {
                return ++n == 3 ? -1 : call.call(t);
            }
        });
        assertEquals(RouteId.LIBC, b.route(Method.CLOCK_STATUS), "the first call worked"); // call 1
        assertEquals(CASES.getFirst().expected(), b.timex()); // call 2
        assertEquals(Timex.UNKNOWN, b.timex(), "a failed read is unknown"); // call 3
        assertEquals(CASES.getFirst().expected(), b.timex(), "and the next read known again");
    }

    @Test
    void aFirstReadWithANegativeErrorIsNotTaken() {
        Facade b = backend(new Given(fastclock_h.TIME_OK, 0, 0, 0, -1, 5, 0)::fill);
        assertEquals(RouteId.JDK, b.route(Method.CLOCK_STATUS));
        assertEquals("libc", b.plan(Method.CLOCK_STATUS).route().passedOver().getFirst().route());
        assertTrue(b.plan(Method.CLOCK_STATUS).route().passedOver().getFirst().reason().contains("maxerror -1"),
                b.plan(Method.CLOCK_STATUS).route().toString());
    }

    // ---- end to end: FastClock.clockStatus(), the report and the doctor, in a child JVM ----

    @Test
    void throughFastClockEachCaseIsTheClockStatusTheDoctorPutsInWords() throws Exception {
        String out = ChildJvm.runWithSeam(SeamMains.ClockStatusCases.class);
        Map<String, String> v = ChildJvm.values(out);
        assertEquals("seam", v.get("provider"), out);
        assertEquals("libc", v.get("route.clockStatus"), out);
        assertEquals("true", v.get("calls.atLeast"), out);
        String[] leaps = {"NONE", "INSERT_PENDING", "DELETE_PENDING", "IN_PROGRESS", "JUST_PASSED", "NONE", "INSERT_PENDING", "DELETE_PENDING",
            "NONE"};
        String[] leapWords = {"none pending", "a leap second will be inserted at the end of the UTC day",
            "a leap second will be deleted at the end of the UTC day", "a leap second is being inserted now: CLOCK_REALTIME repeats a second",
            "a leap second has just passed", "none pending", "a leap second will be inserted at the end of the UTC day",
            "a leap second will be deleted at the end of the UTC day", "none pending"};
        String[] statusWords = {
            "synchronized: maxerror 1.23 ms, esterror 56 us (beyond RTS 25's 100 us)",
            "synchronized: maxerror 80 us, esterror 10 us (within RTS 25's 100 us)",
            "synchronized: maxerror 80 us, esterror 10 us (within RTS 25's 100 us)",
            "synchronized: maxerror 80 us, esterror 10 us (within RTS 25's 100 us)",
            "synchronized: maxerror 80 us, esterror 10 us (within RTS 25's 100 us)",
            "not synchronized: maxerror 16.0 s, the kernel's worst case (no time daemon keeps this clock: epochNanos() may be off by any amount)",
            "not synchronized: maxerror 16.0 s, the kernel's worst case (no time daemon keeps this clock: epochNanos() may be off by any amount)",
            "not synchronized: maxerror 16.0 s, the kernel's worst case (no time daemon keeps this clock: epochNanos() may be off by any amount)",
            "not synchronized: maxerror 250 ms (no time daemon keeps this clock: epochNanos() may be off by any amount)"};
        for (int i = 0; i < CASES.size(); i++) {
            Given g = CASES.get(i);
            String k = "case" + i + ".";
            String what = "case " + i + " " + g + ": " + v.get(k + "string");
            boolean sync = g.state() != fastclock_h.TIME_ERROR && (g.status() & fastclock_h.STA_UNSYNC) == 0;
            assertEquals("true", v.get(k + "known"), what);
            assertEquals(String.valueOf(sync), v.get(k + "synchronized"), what);
            assertEquals(String.valueOf(g.state()), v.get(k + "state"), what);
            assertEquals(String.valueOf(g.state()), v.get(k + "long"), "FastClock.read(CLOCK_STATUS) is the state: " + what);
            assertEquals(String.valueOf(g.status()), v.get(k + "status"), what);
            long offsetNanos = (g.status() & fastclock_h.STA_NANO) != 0 ? g.offset() : g.offset() * 1_000L;
            assertEquals(String.valueOf(offsetNanos), v.get(k + "offsetNanos"), "microseconds unless STA_NANO: " + what);
            assertEquals(String.valueOf(g.freq() / 65_536.0), v.get(k + "frequencyPpm"), "ppm scaled by 2^16: " + what);
            assertEquals(String.valueOf(g.maxError()), v.get(k + "maxErrorMicros"), what);
            assertEquals(String.valueOf(g.estError()), v.get(k + "estimatedErrorMicros"), what);
            assertEquals(String.valueOf(g.tai()), v.get(k + "tai"), what);
            assertEquals(leaps[i], v.get(k + "leap"), what);
            assertEquals("true", v.get(k + "readAt"), "read at an epochNanos() of the call: " + what);
            assertEquals(String.valueOf(!sync), v.get(k + "note.unsynchronized"), "the report notes an unsynchronized clock: " + what);
            List<String> doctor = ChildJvm.lines(v, k + "doctor");
            assertEquals(3, doctor.size(), "the doctor's clock section: status, leap, adjtimex: " + doctor);
            assertEquals("status         " + statusWords[i], doctor.get(0), what);
            assertEquals("leap           " + leapWords[i], doctor.get(1), what);
            assertEquals("adjtimex       " + v.get(k + "string"), doctor.get(2), what);
        }
    }
}
