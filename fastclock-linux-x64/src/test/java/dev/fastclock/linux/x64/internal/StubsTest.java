package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The stubs' machine code and their one page: every stub fits its slot and the slots fit the page;
 * each out-parameter stub's branch lands on its failure path and every path returns; and however
 * many backends are built, the process maps one stub page, shared by every route.
 */
class StubsTest {

    private static final long PAGE = 4096;

    @ParameterizedTest
    @EnumSource(Stubs.Shape.class)
    void everyStubFitsItsSlots(Stubs.Shape shape) {
        byte[] code = Stubs.code(shape);
        assertTrue(shape.slots >= 1, shape + " takes " + shape.slots + " slots");
        assertTrue(code.length > 0 && code.length <= shape.slots * Stubs.SLOT,
                shape + " is " + code.length + " bytes; its " + shape.slots + " slot(s) hold " + shape.slots * Stubs.SLOT);
        System.out.println(shape + ": " + code.length + " of " + shape.slots * Stubs.SLOT + " bytes");
    }

    @Test
    void theSlotsFitOnePage() {
        long slots = 0;
        for (Stubs.Shape s : Stubs.Shape.values()) {
            assertEquals(slots * Stubs.SLOT, s.offset(), s + " starts right after the slots before it: no two stubs overlap");
            slots += s.slots;
        }
        assertTrue(slots * Stubs.SLOT <= PAGE, slots + " slots of " + Stubs.SLOT + " bytes on a " + PAGE + "-byte page");
        assertEquals(0, Stubs.SLOT % 16, "each stub starts 16-byte aligned");
    }

    @ParameterizedTest
    @EnumSource(value = Stubs.Shape.class, names = {"CLOCK", "TIMEVAL", "GETCPU"})
    void anOutParameterStubKeepsItsStackBalancedAndBranchesToItsFailurePath(Stubs.Shape shape) {
        byte[] c = Stubs.code(shape);
        assertEquals("4883EC18", hex(c, 0, 4), shape + " starts with sub rsp, 24");
        assertEquals("4883C418C3", hex(c, c.length - 5, 5), shape + " ends with add rsp, 24; ret");
        int call = indexOf(c, new byte[] {(byte) 0xFF, (byte) 0xD0, (byte) 0x85, (byte) 0xC0, (byte) 0x75});
        assertTrue(call > 0, shape + " calls its target, tests eax and branches");
        int jne = call + 4;
        int target = jne + 2 + c[jne + 1];
        assertTrue(target > jne && target < c.length, shape + "'s branch lands inside the stub: " + target);
        if (shape == Stubs.Shape.GETCPU) {
            assertEquals("48C7C0FFFFFFFF", hex(c, target, 7), "getcpu's failure path returns -1");
        } else {
            assertEquals("48B8", hex(c, target, 2), shape + "'s failure path loads a 64-bit constant");
            long sentinel = ByteBuffer.wrap(c, target + 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(Stubs.FAILED, sentinel, shape + "'s failure path returns FAILED");
        }
        assertEquals("4883C418C3", hex(c, target - 5, 5), shape + "'s success path returns just before the failure path");
    }

    @Test
    void theTscStubFencesThenReadsTheCounterInOrderAndCallsNothing() {
        // Ticks read in order (Linux's rdtsc_ordered()): the fence makes the read wait for every earlier
        // load, so a reading is never behind one its thread has seen (TicksHandoffTest checks it live).
        byte[] c = Stubs.code(Stubs.Shape.TSC);
        assertEquals("0FAEE8", hex(c, 0, 3), "lfence first");
        assertEquals("0F31", hex(c, 3, 2), "then rdtsc");
        assertEquals("48C1E220" + "4809D0" + "C3", hex(c, 5, c.length - 5), "edx:eax as one long in rax, and return");
        assertEquals(1, count(c, new byte[] {0x0F, 0x31}), "one read of the counter");
        assertEquals(-1, indexOf(c, new byte[] {(byte) 0xFF, (byte) 0xD0}), "no call");
    }

    @Test
    void theRawPairStubKeepsItsStackBalancedAndBothBranchesReachItsFailurePath() {
        byte[] c = Stubs.code(Stubs.Shape.RAW_PAIR);
        assertEquals("53" + "4154" + "4883EC18" + "4889FB" + "4989F4", hex(c, 0, 13),
                "push rbx; push r12; sub rsp, 24 (16-aligned for the calls); the buffer and the target in callee-saved registers");
        byte[] call = {(byte) 0xBF, 4, 0, 0, 0, 0x48, (byte) 0x89, (byte) 0xE6, 0x41, (byte) 0xFF, (byte) 0xD4, (byte) 0x85, (byte) 0xC0, 0x75};
        int first = indexOf(c, call);
        int second = indexOf(c, first + 1, call);
        assertTrue(first > 0 && second > first, "two calls target(CLOCK_MONOTONIC_RAW, rsp), each tested and branched on");
        assertEquals(-1, indexOf(c, second + 1, call), "exactly two");
        int fenced = indexOf(c, new byte[] {0x0F, (byte) 0xAE, (byte) 0xE8, 0x0F, 0x31});
        assertTrue(fenced > first && fenced < second, "lfence; rdtsc between the two reference reads");
        int done = indexOf(c, new byte[] {0x48, (byte) 0x83, (byte) 0xC4, 0x18, 0x41, 0x5C, 0x5B, (byte) 0xC3});
        assertTrue(done > second, "add rsp, 24; pop r12; pop rbx; ret: the pushes undone in reverse");
        assertEquals("31C0", hex(c, done - 2, 2), "success returns 0");
        int fail = -1;
        for (int at : new int[] {first + call.length - 1, second + call.length - 1}) {
            int target = at + 2 + c[at + 1];
            assertTrue(fail == -1 || fail == target, "both branches land on one failure path");
            fail = target;
        }
        assertTrue(fail > done, "the failure path follows the return: " + fail);
        assertEquals("48C7C0FFFFFFFF", hex(c, fail, 7), "the failure path returns -1");
        assertEquals((byte) 0xEB, c[fail + 7], "then jumps...");
        assertEquals(done, fail + 9 + c[fail + 8], "...to the shared epilogue");
        assertEquals(fail + 9, c.length, "and is the end of the stub");
        // The three stores: [rbx+0], [rbx+8], [rbx+16].
        for (int off : new int[] {0, 8, 16}) {
            assertTrue(indexOf(c, new byte[] {0x48, (byte) 0x89, 0x43, (byte) off}) > 0, "stores [rbx+" + off + "]");
        }
    }

    /** One RAW_PAIR call: {ref0, tsc, ref1}, failing the test unless it returned 0. */
    private static long[] rawPair(MethodHandle h, MemorySegment buffer, long target) throws Throwable {
        long rc = (long) h.invokeExact(buffer.address(), target);
        assertEquals(0L, rc, "RAW_PAIR on the vDSO's clock_gettime");
        return new long[] {buffer.get(ValueLayout.JAVA_LONG, 0), buffer.get(ValueLayout.JAVA_LONG, 8), buffer.get(ValueLayout.JAVA_LONG, 16)};
    }

    @Test
    void theRawPairStubReadsTheCounterBetweenTwoReadsOfClockMonotonicRaw() throws Throwable {
        Facade vdso = new Facade(LinuxBackend.eager(Failsafe.live(), Optional.of(RouteId.VDSO)));
        assertEquals(RouteId.VDSO, vdso.route(Method.RAW_NANOS));
        long target = vdso.call(Method.RAW_NANOS).target(); // the vDSO's clock_gettime, as Planner.calibrate hands it over
        MethodHandle pair = Stubs.handle(Stubs.Shape.RAW_PAIR, true).orElseThrow();
        MethodHandle ordered = Stubs.handle(Stubs.Shape.TSC, true).orElseThrow();
        int rawId = ClockId.MONOTONIC_RAW.linuxId();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(24, 8);
            long[] last = null;
            for (int i = 0; i < 10_000; i++) {
                long k0 = Kernel.clockGettime(rawId);
                long o0 = (long) ordered.invokeExact(0L, 0L);
                long[] p = rawPair(pair, buffer, target);
                long o1 = (long) ordered.invokeExact(0L, 0L);
                long k1 = Kernel.clockGettime(rawId);
                if (!(k0 <= p[0] && p[0] <= p[2] && p[2] <= k1)) {
                    Failsafe.between(k0, p[0], p[2], "round " + i + ": the first reference read, after a system call's and before the second");
                    Failsafe.between(p[0], p[2], k1, "round " + i + ": the second reference read, before a system call's");
                }
                if (!(o0 <= p[1] && p[1] <= o1)) {
                    Failsafe.between(o0, p[1], o1, "round " + i + ": the pair's counter between two ordered reads");
                }
                if (last != null && (p[0] < last[2] || p[1] <= last[1])) {
                    fail("round " + i + ": went back from the previous pair " + java.util.Arrays.toString(last) + " to "
                            + java.util.Arrays.toString(p));
                }
                last = p;
            }
            // By rate: two pairs 50 ms apart; the counter's interval, converted with the calibrated rate,
            // lies between the narrowest and widest reference intervals the pairs allow (200 ppm either way).
            Facade tsc = new Facade(LinuxBackend.eager(Failsafe.live(), Optional.of(RouteId.TSC)));
            long[] a = rawPair(pair, buffer, target);
            Thread.sleep(50);
            long[] z = rawPair(pair, buffer, target);
            long converted = tsc.ticksToNanos(z[1] - a[1]);
            long lo = (long) ((z[0] - a[2]) * (1 - 200e-6)) - 1;
            long hi = (long) ((z[2] - a[0]) * (1 + 200e-6)) + 1;
            Failsafe.between(lo, converted, hi, "the counter's interval between two pairs, converted (" + tsc.call(Method.TICKS).tsc().current()
                    + "), within the pairs' reference intervals");
            System.out.println("RAW_PAIR: widths " + (a[2] - a[0]) + " and " + (z[2] - z[0]) + " ns; " + (z[1] - a[1]) + " ticks -> "
                    + converted + " ns within [" + lo + ", " + hi + "]");

            // The non-critical handle is the same code.
            long rc = (long) Stubs.handle(Stubs.Shape.RAW_PAIR, false).orElseThrow().invokeExact(buffer.address(), target);
            assertEquals(0L, rc);
            assertTrue(buffer.get(ValueLayout.JAVA_LONG, 0) <= buffer.get(ValueLayout.JAVA_LONG, 16));
        }
    }

    @Test
    void theRawPairStubReturnsMinusOneAndStoresNothingWhenTheClockFails() throws Throwable {
        // libc's abs(4) returns 4: a clock_gettime that "fails" on the first reference read.
        long abs = Linker.nativeLinker().defaultLookup().find("abs").orElseThrow().address();
        MethodHandle pair = Stubs.handle(Stubs.Shape.RAW_PAIR, true).orElseThrow();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(24, 8);
            for (int i = 0; i < 3; i++) {
                buffer.set(ValueLayout.JAVA_LONG, 8L * i, 0x5A5A5A5A5A5A5A5AL);
            }
            long rc = (long) pair.invokeExact(buffer.address(), abs);
            assertEquals(-1L, rc, "a failed reference read returns -1");
            for (int i = 0; i < 3; i++) {
                assertEquals(0x5A5A5A5A5A5A5A5AL, buffer.get(ValueLayout.JAVA_LONG, 8L * i), "slot " + i + " untouched");
            }
        }
    }

    @Test
    void everyBackendSharesTheOneStubPage() throws IOException {
        assertEquals(Optional.empty(), Stubs.failure(), "this machine can have a stub page");
        List<ProcMaps.Mapping> before = executableAnonymous();
        assertFalse(before.isEmpty(), "the stub page is a private anonymous r-x mapping (the JIT's code cache is rwx)");

        List<FastClockBackend> backends = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            backends.add(LinuxX64Provider.backend(Route.VDSO));
            backends.add(LinuxX64Provider.backend(Route.LIBC));
            backends.add(LinuxX64Provider.backend(Route.TSC));
            backends.add(LinuxX64Provider.backend());
            backends.add(LinuxBackend.eager(Failsafe.live(), Optional.empty()));
        }
        if (Routes.vsyscallProblem(Failsafe.live()).isEmpty()) {
            backends.add(LinuxX64Provider.backend(Route.VSYSCALL));
        }
        List<ProcMaps.Mapping> after = executableAnonymous();
        assertEquals(before, after, "building " + backends.size() + " backends mapped no executable page");

        // And each stub-served method of each backend calls the page's one handle.
        MethodHandle clock = Stubs.handle(Stubs.Shape.CLOCK, true).orElseThrow();
        MethodHandle tsc = Stubs.handle(Stubs.Shape.TSC, true).orElseThrow();
        for (FastClockBackend b : backends) {
            Facade lb = new Facade(b);
            assertSame(clock, lb.call(Method.COARSE_NANOS).handle(), "coarseNanos calls the shared clock stub");
            if (lb.route(Method.TICKS) == RouteId.TSC) {
                assertSame(tsc, lb.call(Method.TICKS).handle(), "ticks calls the shared TSC stub");
            }
        }
    }

    /** The private anonymous executable mappings of this process, where the stub page lives. */
    private static List<ProcMaps.Mapping> executableAnonymous() throws IOException {
        return ProcMaps.parse(Files.readString(Path.of("/proc/self/maps"))).stream()
                .filter(m -> m.name().isEmpty() && m.isExecutable() && !m.perms().startsWith("rw"))
                .toList();
    }

    private static String hex(byte[] b, int from, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            sb.append(String.format("%02X", b[i] & 0xff));
        }
        return sb.toString();
    }

    private static int count(byte[] b, byte[] pattern) {
        int n = 0;
        for (int at = indexOf(b, 0, pattern); at >= 0; at = indexOf(b, at + 1, pattern)) {
            n++;
        }
        return n;
    }

    private static int indexOf(byte[] b, byte[] pattern) {
        return indexOf(b, 0, pattern);
    }

    private static int indexOf(byte[] b, int from, byte[] pattern) {
        outer:
        for (int i = from; i + pattern.length <= b.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (b[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
