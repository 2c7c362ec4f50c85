package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.elf.VdsoImage;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.Plan;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vDSO function that exists and returns 0 but gives the wrong value is never taken. The input: a
 * heap copy of the live image whose symbol table swaps the values of {@code clock_gettime} and
 * {@code clock_getres} (both names of each). Both are real entries of the real mapping with the same
 * C signature, {@code (clockid_t, struct timespec *)}, so every call is safe; but the vdso route's
 * clocks now read resolutions and its resolution reads the time. The first-call check must pass the
 * vdso over for exactly those methods and say what it saw.
 */
class InsaneFirstCallFallbackTest {

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The clocks whose usual first route is the vDSO's clock_gettime. */
    private static final Set<Method> CLOCK_METHODS = EnumSet.of(Method.COARSE_NANOS, Method.EPOCH_NANOS, Method.COARSE_EPOCH_MILLIS,
            Method.BOOT_NANOS, Method.RAW_NANOS, Method.TAI_NANOS);

    /** Swaps st_value and st_size of the symbols named {@code a}/{@code __vdso_a} with those named {@code b}/{@code __vdso_b}. */
    private static byte[] swapped(String a, String b) {
        byte[] bytes = Failsafe.liveImageCopy();
        MemorySegment img = MemorySegment.ofArray(bytes);
        long phoff = img.get(U64, 32);
        int phentsize = Short.toUnsignedInt(img.get(U16, 54));
        int phnum = Short.toUnsignedInt(img.get(U16, 56));
        long bias = Long.MIN_VALUE;
        long dynamic = -1;
        for (int i = 0; i < phnum; i++) {
            long ph = phoff + (long) i * phentsize;
            int type = img.get(U32, ph);
            if (type == 1 && bias == Long.MIN_VALUE) {
                bias = img.get(U64, ph + 8) - img.get(U64, ph + 16); // p_offset - p_vaddr
            } else if (type == 2) {
                dynamic = img.get(U64, ph + 8);
            }
        }
        assertTrue(bias != Long.MIN_VALUE && dynamic >= 0, "the live image has a PT_LOAD and a PT_DYNAMIC");
        long symtab = -1;
        long strtab = -1;
        for (long d = dynamic; img.get(U64, d) != 0; d += 16) {
            long tag = img.get(U64, d);
            long val = img.get(U64, d + 8);
            if (tag == 6) {
                symtab = val + bias;
            } else if (tag == 5) {
                strtab = val + bias;
            }
        }
        assertTrue(symtab > 0 && strtab > symtab, "the live image's .dynsym comes before its .dynstr");

        long[] valueA = null;
        long[] valueB = null;
        for (long s = symtab + 24; s + 24 <= strtab; s += 24) {
            String name = cString(bytes, strtab + Integer.toUnsignedLong(img.get(U32, s)));
            long[] vs = {img.get(U64, s + 8), img.get(U64, s + 16)};
            if (name.equals("__vdso_" + a)) {
                valueA = vs;
            } else if (name.equals("__vdso_" + b)) {
                valueB = vs;
            }
        }
        assertTrue(valueA != null && valueB != null, "both symbols are in the live image");
        int changed = 0;
        for (long s = symtab + 24; s + 24 <= strtab; s += 24) {
            String name = cString(bytes, strtab + Integer.toUnsignedLong(img.get(U32, s)));
            long[] to = name.equals(a) || name.equals("__vdso_" + a) ? valueB
                    : name.equals(b) || name.equals("__vdso_" + b) ? valueA : null;
            if (to != null) {
                img.set(U64, s + 8, to[0]);
                img.set(U64, s + 16, to[1]);
                changed++;
            }
        }
        assertTrue(changed >= 2, "changed " + changed + " symbols");
        return bytes;
    }

    private static String cString(byte[] bytes, long at) {
        int end = (int) at;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, (int) at, end - (int) at, StandardCharsets.US_ASCII);
    }

    @Test
    void clocksThatReadResolutionsAndAResolutionThatReadsTheTimeAreNeverTaken() {
        byte[] image = swapped("clock_gettime", "clock_getres");
        VdsoImage copy = VdsoImage.parse(MemorySegment.ofArray(image));
        VdsoImage live = Failsafe.LIVE_VDSO.image();
        assertEquals(live.offsetOf("__vdso_clock_getres", Routes.VDSO_VERSION), copy.offsetOf("__vdso_clock_gettime", Routes.VDSO_VERSION),
                "the copy resolves clock_gettime to the real clock_getres");
        assertEquals(live.offsetOf("__vdso_clock_gettime", Routes.VDSO_VERSION), copy.offsetOf("__vdso_clock_getres", Routes.VDSO_VERSION),
                "and clock_getres to the real clock_gettime");

        Rseq rseq = Rseq.read();
        LinuxEnvironment env = Failsafe.live().withImages(new Failsafe.HeapImages(image));
        Routes.Fns vdso = Routes.vdso(env);
        for (Row m : Row.values()) {
            if (m != Row.TICKS && m != Row.CLOCK_STATUS) {
                assertNotNull(Routes.serve(vdso, m, Routes.nodeTable(env.files())).served(),
                        m.apiName() + " has a vdso call: only calling it tells it is wrong");
            }
        }

        LinuxBackend b = LinuxBackend.eager(env, Optional.empty());
        for (Method m : CLOCK_METHODS) {
            Plan p = b.plan(m);
            assertEquals(RouteId.LIBC, Failsafe.routeId(p), m.apiName() + " leaves a vdso clock that answers a resolution");
            Failsafe.assertPassedOver(p, RouteId.VDSO, "its first call gave ");
            assertTrue(p.warning() != null && p.warning().startsWith(m.apiName() + " falls back to the libc route: vdso: its first call gave "),
                    m.apiName() + ": " + p.warning());
        }
        Failsafe.assertPassedOver(b.plan(Method.EPOCH_NANOS), RouteId.VDSO, "its first call gave CLOCK_REALTIME in ms = ");
        Failsafe.assertPassedOver(b.plan(Method.BOOT_NANOS), RouteId.VDSO, "its first call gave CLOCK_BOOTTIME = ");
        Plan res = b.plan(Method.RESOLUTION);
        assertEquals(RouteId.LIBC, Failsafe.routeId(res), "resolutionNanos leaves a vdso clock_getres that answers the time");
        Failsafe.assertPassedOver(res, RouteId.VDSO, "its first call gave clock_getres(CLOCK_MONOTONIC) = ");
        for (Method m : EnumSet.of(Method.EPOCH_MICROS, Method.EPOCH_SECONDS, Method.CPU, Method.NODE)) {
            assertEquals(Failsafe.usualFirst(m, rseq), Failsafe.routeId(b.plan(m)), m.apiName() + " keeps its usual route");
            assertEquals(List.of(), b.plan(m).route().passedOver(), m.apiName());
        }
        Failsafe.assertPlansConsistent(b);
        Failsafe.assertSane(b, true, 200);

        // Forced, the same: a wrong value is never served, the method keeps its usual route.
        LinuxBackend forced = LinuxBackend.eager(env, Optional.of(RouteId.VDSO));
        assertEquals(Optional.empty(), forced.forcedProblem());
        for (Method m : EnumSet.of(Method.NANOS, Method.COARSE_NANOS, Method.EPOCH_NANOS, Method.EPOCH_MILLIS,
                Method.COARSE_EPOCH_MILLIS, Method.RESOLUTION, Method.BOOT_NANOS, Method.RAW_NANOS, Method.TAI_NANOS)) {
            Plan p = forced.plan(m);
            assertNotEquals(RouteId.VDSO, Failsafe.routeId(p), m.apiName() + " is not served by the broken vdso even when forced");
            assertEquals("vdso", p.route().passedOver().getFirst().route(), p.route().passedOver().toString());
            assertTrue(p.route().passedOver().getFirst().reason().startsWith("its first call gave "), p.route().passedOver().toString());
            assertNotNull(p.warning(), m.apiName() + ": leaving the forced route is logged");
        }
        for (Method m : EnumSet.of(Method.EPOCH_MICROS, Method.EPOCH_SECONDS, Method.CPU, Method.NODE)) {
            assertEquals(RouteId.VDSO, Failsafe.routeId(forced.plan(m)), m.apiName() + " stays on the forced vdso");
        }
        Failsafe.assertPlansConsistent(forced);
        Failsafe.assertSane(forced, true, 200);
    }
}
