package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
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

/**
 * The stubs' machine code and their one page: every stub fits its slot and the slots fit the page;
 * each out-parameter stub's branch lands on its failure path and every path returns; and however
 * many backends are built, the process maps one stub page, shared by every route.
 */
class StubsTest {

    private static final long PAGE = 4096;

    @ParameterizedTest
    @EnumSource(Stubs.Shape.class)
    void everyStubFitsItsSlot(Stubs.Shape shape) {
        byte[] code = Stubs.code(shape);
        assertTrue(code.length > 0 && code.length <= Stubs.SLOT,
                shape + " is " + code.length + " bytes; its slot holds " + Stubs.SLOT);
        System.out.println(shape + ": " + code.length + " of " + Stubs.SLOT + " bytes");
    }

    @Test
    void theSlotsFitOnePage() {
        assertTrue((long) Stubs.SLOT * Stubs.Shape.values().length <= PAGE,
                Stubs.Shape.values().length + " slots of " + Stubs.SLOT + " bytes on a " + PAGE + "-byte page");
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
    void theTscStubReadsTheCounterAndCallsNothing() {
        byte[] c = Stubs.code(Stubs.Shape.TSC);
        assertEquals("0F31", hex(c, 0, 2), "rdtsc");
        assertEquals((byte) 0xC3, c[c.length - 1], "ret");
        assertEquals(-1, indexOf(c, new byte[] {(byte) 0xFF, (byte) 0xD0}), "no call");
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
            LinuxBackend lb = (LinuxBackend) b;
            assertSame(clock, lb.choice(Method.COARSE_NANOS).call().handle(), "coarseNanos calls the shared clock stub");
            Planner.Choice ticks = lb.choice(Method.TICKS);
            if (ticks.route() == Route.TSC) {
                assertSame(tsc, ticks.call().handle(), "ticks calls the shared TSC stub");
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

    private static int indexOf(byte[] b, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= b.length; i++) {
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
