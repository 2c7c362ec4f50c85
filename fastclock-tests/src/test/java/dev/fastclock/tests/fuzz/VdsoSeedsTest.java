package dev.fastclock.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fastclock.linux.x64.elf.VdsoFormatException;
import dev.fastclock.linux.x64.elf.VdsoImage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/**
 * The committed seed corpus is what its file names say: the live image is a full vDSO, each crafted
 * variant is exactly what {@link VdsoSeeds} makes of it today, and each parses (or fails) the way it
 * was crafted to, so the fuzzer starts from both sides of every table check.
 */
class VdsoSeedsTest {

    private static final String DIR = "VdsoImageFuzzTestInputs/parseAndLookUp/";
    private static final byte[] LIVE = seed(VdsoSeeds.LIVE);

    static byte[] seed(String name) {
        try (InputStream in = VdsoSeedsTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("no seed " + DIR + name + " on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static VdsoImage parse(String name) {
        return VdsoImage.parse(MemorySegment.ofArray(seed(name)));
    }

    private static long offset(VdsoImage image, String function, String version) {
        OptionalLong found = image.offsetOf(function, version);
        assertTrue(found.isPresent(), () -> function + "@" + version + " not found in " + image);
        return found.getAsLong();
    }

    @Test
    void committedVariantsAreWhatTheGeneratorMakesOfTheLiveSeed() {
        Map<String, byte[]> variants = VdsoSeeds.variants(LIVE);
        assertEquals(13, variants.size());
        assertAll(variants.entrySet().stream().map(e -> () -> assertArrayEquals(e.getValue(), seed(e.getKey()),
                e.getKey() + " differs from VdsoSeeds.variants(live-vdso): regenerate the seeds (FUZZING.md)")));
    }

    @Test
    void liveSeedIsAFullVdso() {
        VdsoImage live = parse(VdsoSeeds.LIVE);
        assertTrue(live.hasGnuHash() && live.hasSysvHash() && live.hasVersions(), live::toString);
        for (String f : VdsoImageFuzzTest.FUNCTIONS) {
            long at = offset(live, f, VdsoImageFuzzTest.VERSION);
            assertEquals(at, offset(live, f, null), f);
            assertTrue(at > 0 && at < live.loadSize(), f);
        }
    }

    @Test
    void resolvingVariantsFindTheSameFunctions() {
        VdsoImage live = parse(VdsoSeeds.LIVE);
        VdsoImage gnu = parse("gnu-hash-only");
        VdsoImage sysv = parse("sysv-hash-only");
        VdsoImage unversioned = parse("unversioned");
        VdsoImage hidden = parse("hidden-versions");
        VdsoImage old = parse("old-link-address");
        assertAll(
                () -> assertTrue(gnu.hasGnuHash() && !gnu.hasSysvHash()),
                () -> assertTrue(!sysv.hasGnuHash() && sysv.hasSysvHash()),
                () -> assertFalse(unversioned.hasVersions()),
                () -> assertEquals(0xffffffffff700000L, old.linkAddress()),
                () -> assertEquals(0, live.linkAddress()));
        for (String f : VdsoImageFuzzTest.FUNCTIONS) {
            long at = offset(live, f, VdsoImageFuzzTest.VERSION);
            assertAll(f,
                    () -> assertEquals(at, offset(gnu, f, VdsoImageFuzzTest.VERSION)),
                    () -> assertEquals(at, offset(sysv, f, VdsoImageFuzzTest.VERSION)),
                    () -> assertEquals(at, offset(unversioned, f, "ANY_VERSION")),
                    () -> assertEquals(at, offset(hidden, f, VdsoImageFuzzTest.VERSION)),
                    () -> assertTrue(hidden.offsetOf(f, null).isEmpty(), "hidden version found by default"),
                    () -> assertEquals(at, offset(old, f, VdsoImageFuzzTest.VERSION)));
        }
    }

    @Test
    void damagedVariantsAreRejectedOnPurpose() {
        for (String name : new String[] {"truncated-header", "truncated-half", "truncated-load", "sysv-chain-cycle",
                "gnu-chain-unterminated", "dynamic-without-null", "elf32-class", "big-endian"}) {
            VdsoFormatException e = assertThrows(VdsoFormatException.class, () -> parse(name), name);
            assertNull(e.getCause(), () -> name + " hit the safety net: " + e);
            assertFalse(e.getMessage().startsWith(VdsoImageFuzzTest.LAST_RESORT), () -> name + " hit the per-read check: " + e);
        }
    }
}
