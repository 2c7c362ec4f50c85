package dev.fastclock.linux.x64.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The parser against the running kernel's vDSO, checked against the dynamic linker: glibc's
 * {@code dlsym} on {@code linux-vdso.so.1} is an independent implementation of the same lookup.
 */
@SuppressWarnings("restricted") // opens linux-vdso.so.1 through the dynamic linker
class VdsoImageLiveTest {

    static final String[] CORE = {"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time", "__vdso_getcpu",
        "__vdso_clock_getres"};

    @Test
    void liveImageMatchesTheDynamicLinker() {
        LiveVdso live = LiveVdso.find();
        VdsoImage image = VdsoImage.parse(live.segment);
        System.out.println("live vDSO at 0x" + Long.toHexString(live.base) + ", mapping " + live.mapping + ": " + image);
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup dl;
            try {
                dl = SymbolLookup.libraryLookup("linux-vdso.so.1", arena);
            } catch (IllegalArgumentException e) {
                Assumptions.abort("the C library cannot open linux-vdso.so.1 by name (" + e.getMessage()
                        + "), so there is no independent lookup to compare with");
                return;
            }
            for (String name : CORE) {
                OptionalLong off = image.offsetOf(name, "LINUX_2.6");
                assertTrue(off.isPresent(), name + "@LINUX_2.6 not found in " + image);
                MemorySegment expected = dl.find(name).orElseThrow(() -> new AssertionError("dlsym does not know " + name));
                assertEquals(expected.address(), live.base + off.getAsLong(), name);
                assertEquals(off, image.offsetOf(name, null), name + " with any version");
                assertTrue(off.getAsLong() < image.loadSize());
            }
            // Every exported function, aliases included, must agree with dlsym too.
            for (VdsoImage.Symbol s : image.symbols()) {
                MemorySegment expected = dl.find(s.name()).orElseThrow(() -> new AssertionError("dlsym does not know " + s));
                assertEquals(expected.address(), live.base + s.offset(), s.toString());
            }
        }
    }

    @Test
    void heapCopyGivesTheSameAnswers() {
        LiveVdso live = LiveVdso.find();
        VdsoImage direct = VdsoImage.parse(live.segment);
        VdsoImage copy = VdsoImage.parse(MemorySegment.ofArray(live.copy()));
        assertEquals(direct.symbols(), copy.symbols());
        // Reported, not asserted (timings are machine-dependent): parse plus five lookups.
        long t0 = System.nanoTime();
        int rounds = 2000;
        for (int i = 0; i < rounds; i++) {
            VdsoImage again = VdsoImage.parse(live.segment);
            for (String name : CORE) {
                again.offsetOf(name, "LINUX_2.6");
            }
        }
        System.out.printf("parse + %d lookups: %.1f us on average%n", CORE.length, (System.nanoTime() - t0) / 1e3 / rounds);
        assertEquals(direct.loadSize(), copy.loadSize());
        for (String name : CORE) {
            assertEquals(direct.offsetOf(name, "LINUX_2.6"), copy.offsetOf(name, "LINUX_2.6"), name);
        }
    }

    @Test
    void wrongOrUnknownVersionIsNotFound() {
        VdsoImage image = VdsoImage.parse(LiveVdso.find().segment);
        Assumptions.assumeTrue(image.hasVersions(), "the live vDSO carries no version data");
        for (String name : CORE) {
            assertFalse(image.offsetOf(name, "LINUX_2.5").isPresent(), name);
            assertFalse(image.offsetOf(name, "LINUX_2.6 ").isPresent(), name);
            assertFalse(image.offsetOf(name, "linux-vdso.so.1").isPresent(), name + " at the base version");
        }
        assertFalse(image.offsetOf("__vdso_nonexistent", "LINUX_2.6").isPresent());
        assertFalse(image.offsetOf("LINUX_2.6", null).isPresent(), "the version's own ABS object is not a function");
        assertFalse(image.offsetOf("__vdso_time\u0100", null).isPresent(), "non-Latin-1 query");
    }

    @Test
    void symbolsAreFunctionsInsideTheImage() {
        VdsoImage image = VdsoImage.parse(LiveVdso.find().segment);
        List<VdsoImage.Symbol> symbols = image.symbols();
        for (String name : CORE) {
            assertTrue(symbols.stream().anyMatch(s -> s.name().equals(name)), name + " in " + symbols);
        }
        for (VdsoImage.Symbol s : symbols) {
            assertTrue(s.offset() >= 0 && s.offset() < image.loadSize(), s.toString());
            assertEquals(OptionalLong.of(s.offset()), image.offsetOf(s.name(), s.version()), s.toString());
        }
    }
}
