package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.elf.VdsoImage;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A damaged vDSO image (handed in as a heap copy of the live one through the production image
 * reader): the parser's VdsoFormatException becomes the vdso route's "malformed" reason, and every
 * method is served by the next route with right values.
 */
class DamagedVdsoImageFallbackTest {

    /** Ways to damage the ELF header, each one the parser must refuse. */
    enum Damage {
        /** e_ident[0..3] is no longer 0x7f 'E' 'L' 'F'. */
        MAGIC {
            @Override
            void apply(byte[] image) {
                image[1] = 'X';
            }
        },
        /** e_ident[EI_CLASS] says ELFCLASS32. */
        CLASS_32 {
            @Override
            void apply(byte[] image) {
                image[4] = 1;
            }
        },
        /** e_ident[EI_DATA] says big-endian. */
        BIG_ENDIAN {
            @Override
            void apply(byte[] image) {
                image[5] = 2;
            }
        },
        /** e_machine is EM_AARCH64 (183), not EM_X86_64 (62). */
        MACHINE {
            @Override
            void apply(byte[] image) {
                image[18] = (byte) 183;
                image[19] = 0;
            }
        },
        /** e_phoff points past the image. */
        PROGRAM_HEADERS_OUTSIDE {
            @Override
            void apply(byte[] image) {
                MemorySegment.ofArray(image).set(ValueLayout.JAVA_LONG_UNALIGNED, 32, 1L << 40);
            }
        };

        abstract void apply(byte[] image);
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aMalformedImageMakesTheVdsoUnavailableAndTheOthersServe(Damage damage) {
        byte[] image = Failsafe.liveImageCopy();
        damage.apply(image);
        Failsafe.HeapImages images = new Failsafe.HeapImages(image);
        LinuxEnvironment env = Failsafe.live().withImages(images);

        Routes.Fns vdso = Routes.vdso(env);
        assertEquals(1, images.reads().get(), "the copy was handed to the parser");
        String reason = vdso.unavailable();
        assertNotNull(reason, "a " + damage + " image was accepted");
        assertTrue(reason.startsWith("the vDSO image is malformed: ") && reason.length() > "the vDSO image is malformed: ".length(),
                "the reason carries the parser's message: " + reason);

        Rseq rseq = Rseq.read();
        LinuxBackend b = LinuxBackend.eager(env, Optional.empty());
        for (Method m : Failsafe.planned()) {
            Plan p = b.plan(m);
            assertEquals(Failsafe.firstWithout(m, rseq, RouteId.VDSO), Failsafe.routeId(p), m.apiName() + "'s route");
            if (Failsafe.usualFirst(m, rseq) == RouteId.VDSO) {
                Failsafe.assertPassedOver(p, RouteId.VDSO, reason);
                assertEquals(List.of(new MethodRoute.PassedOver("vdso", reason)), p.route().passedOver());
                assertTrue(p.warning() != null && p.warning().startsWith(m.apiName() + " falls back to the libc route: vdso: " + reason),
                        m.apiName() + ": the fallback is one line to log: " + p.warning());
            }
        }
        Failsafe.assertPlansConsistent(b);
        Failsafe.assertSane(b, true, 50);

        assertEquals(Optional.of("-Dfastclock.route=vdso cannot work here: " + reason),
                LinuxBackend.lazy(env, Optional.of(RouteId.VDSO)).forcedProblem());
    }

    @Test
    void theUndamagedCopyParsesLikeTheLiveImage() {
        // The control: the copy itself is good, so each failure above is the damage's doing.
        VdsoImage copy = VdsoImage.parse(MemorySegment.ofArray(Failsafe.liveImageCopy()));
        for (String fn : new String[] {"clock_gettime", "gettimeofday", "time", "getcpu", "clock_getres"}) {
            assertEquals(Failsafe.LIVE_VDSO.image().offsetOf("__vdso_" + fn, Routes.VDSO_VERSION),
                    copy.offsetOf("__vdso_" + fn, Routes.VDSO_VERSION), fn);
        }
    }
}
