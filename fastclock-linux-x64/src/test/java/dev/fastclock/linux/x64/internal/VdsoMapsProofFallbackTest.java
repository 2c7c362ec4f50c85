package dev.fastclock.linux.x64.internal;

import dev.fastclock.spi.Method;
import dev.fastclock.spi.Plan;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vDSO is read only once {@code /proc/self/maps} proves it: a readable, executable {@code [vdso]}
 * mapping starting exactly at {@code AT_SYSINFO_EHDR}. Each way that proof can fail makes the vdso
 * route unavailable with its own reason, reads nothing from memory, and leaves every method served.
 */
class VdsoMapsProofFallbackTest {

    /** Plans with {@code env} and checks: vdso unavailable with {@code reason}, no image read, all served and sane. */
    private static void assertFallsBack(LinuxEnvironment env, Failsafe.HeapImages images, String reason) {
        Routes.Fns t = Routes.vdso(env);
        assertNotNull(t.unavailable(), "the vdso route is unavailable");
        assertTrue(t.unavailable().contains(reason), "the reason \"" + t.unavailable() + "\" says \"" + reason + "\"");

        Rseq rseq = Rseq.read();
        LinuxBackend b = LinuxBackend.eager(env, Optional.empty());
        for (Method m : Failsafe.planned()) {
            Plan p = b.plan(m);
            assertEquals(Failsafe.firstWithout(m, rseq, RouteId.VDSO), Failsafe.routeId(p), m.apiName() + "'s route");
            if (Failsafe.usualFirst(m, rseq) == RouteId.VDSO && m != Method.IS_SUPPORTED) {
                Failsafe.assertPassedOver(p, RouteId.VDSO, reason);
            }
        }
        Failsafe.assertPlansConsistent(b);
        Failsafe.assertSane(b, true, 50);

        Optional<String> forced = LinuxBackend.lazy(env, Optional.of(RouteId.VDSO)).forcedProblem();
        assertTrue(forced.isPresent() && forced.get().startsWith("-Dfastclock.route=vdso cannot work here: ")
                && forced.get().contains(reason), forced.toString());
        assertEquals(0, images.reads().get(), "nothing is read from memory without the proof");
    }

    @Test
    void noVdsoLineInTheMaps() {
        Failsafe.HeapImages images = Failsafe.neverRead();
        LinuxEnvironment live = Failsafe.live();
        String maps = Failsafe.replaceLine(Failsafe.liveMaps(), "[vdso]", null);
        LinuxEnvironment env = live.withMaps(Optional.of(maps), "maps without [vdso] (test)").withImages(images);

        assertFallsBack(env, images, "/proc/self/maps has no [vdso] line to prove the vDSO at 0x"
                + Long.toHexString(Failsafe.LIVE_VDSO.base()));
    }

    @Test
    void theVdsoLineIsAtAnotherAddressThanTheBase() {
        Failsafe.HeapImages images = Failsafe.neverRead();
        long base = Failsafe.LIVE_VDSO.base();
        long size = Failsafe.LIVE_VDSO.size();
        long elsewhere = base + 0x100000;
        String maps = Failsafe.replaceLine(Failsafe.liveMaps(), "[vdso]", Failsafe.mapsLine(elsewhere, elsewhere + size, "r-xp", "[vdso]"));
        LinuxEnvironment env = Failsafe.live().withMaps(Optional.of(maps), "maps with [vdso] moved (test)").withImages(images);

        assertFallsBack(env, images, "AT_SYSINFO_EHDR 0x" + Long.toHexString(base) + " is not the start of the [vdso] mapping 0x"
                + Long.toHexString(elsewhere));
    }

    @Test
    void theBaseIsInsideTheVdsoLineButNotItsStart() {
        // The other direction: the maps are true, the base is off by a page (a wrong auxv reading).
        Failsafe.HeapImages images = Failsafe.neverRead();
        long base = Failsafe.LIVE_VDSO.base();
        LinuxEnvironment env = Failsafe.live().withVdsoBase(OptionalLong.of(base + 0x1000), "a wrong base (test)").withImages(images);

        assertFallsBack(env, images, "AT_SYSINFO_EHDR 0x" + Long.toHexString(base + 0x1000) + " is not the start of the [vdso] mapping");
    }

    @Test
    void theVdsoLineIsNotExecutable() {
        Failsafe.HeapImages images = Failsafe.neverRead();
        long base = Failsafe.LIVE_VDSO.base();
        long size = Failsafe.LIVE_VDSO.size();
        String maps = Failsafe.replaceLine(Failsafe.liveMaps(), "[vdso]", Failsafe.mapsLine(base, base + size, "r--p", "[vdso]"));
        LinuxEnvironment env = Failsafe.live().withMaps(Optional.of(maps), "maps with [vdso] r--p (test)").withImages(images);

        assertFallsBack(env, images, "the [vdso] mapping is r--p, not readable and executable");
    }

    @Test
    void theVdsoLineIsNotReadable() {
        Failsafe.HeapImages images = Failsafe.neverRead();
        long base = Failsafe.LIVE_VDSO.base();
        long size = Failsafe.LIVE_VDSO.size();
        String maps = Failsafe.replaceLine(Failsafe.liveMaps(), "[vdso]", Failsafe.mapsLine(base, base + size, "--xp", "[vdso]"));
        LinuxEnvironment env = Failsafe.live().withMaps(Optional.of(maps), "maps with [vdso] --xp (test)").withImages(images);

        assertFallsBack(env, images, "the [vdso] mapping is --xp, not readable and executable");
    }

    @Test
    void theMapsCannotBeRead() {
        Failsafe.HeapImages images = Failsafe.neverRead();
        String source = "/proc/self/maps cannot be read: java.nio.file.AccessDeniedException (test)";
        LinuxEnvironment env = Failsafe.live().withMaps(Optional.empty(), source).withImages(images);

        assertFallsBack(env, images, "cannot prove the vDSO's extent: " + source);
    }

    @Test
    void theImageIsReadAtExactlyTheProvenExtent() {
        // The positive control for the cases above: with the true maps the reader is called once,
        // at the base and with the size of the [vdso] line (HeapImages checks both), and the
        // route is available.
        Failsafe.HeapImages images = new Failsafe.HeapImages(Failsafe.liveImageCopy());
        LinuxEnvironment env = Failsafe.live().withImages(images);

        Routes.Fns t = Routes.vdso(env);
        assertNull(t.unavailable());
        assertEquals(1, images.reads().get());
        for (Row m : Row.values()) {
            if (m != Row.TICKS && m != Row.CLOCK_STATUS) {
                assertNotNull(Routes.serve(t, m, Routes.nodeTable(env.files())).served(),
                        m.apiName() + " is served by the vdso route of an intact copy");
            }
        }
    }
}
