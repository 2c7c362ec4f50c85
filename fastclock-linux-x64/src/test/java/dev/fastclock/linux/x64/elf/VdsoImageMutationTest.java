package dev.fastclock.linux.x64.elf;

import static dev.fastclock.linux.x64.elf.Images.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mechanical damage: the image cut at every length, and random bytes flipped under many seeds.
 * Seeds are fixed so a failure reproduces; the seed is in the failure message.
 */
class VdsoImageMutationTest {

    static final int FLIP_SEEDS = 20_000;

    static Stream<Images.Source> sources() {
        ElfBuilder gnuOnly = ElfBuilder.vdsoLike();
        gnuOnly.sysv = false;
        ElfBuilder sysvOnly = ElfBuilder.vdsoLike();
        sysvOnly.gnu = false;
        ElfBuilder old = ElfBuilder.vdsoLike();
        old.base = ElfBuilder.OLD_KERNEL_BASE;
        return Stream.concat(Images.sources(), Stream.of(
                new Images.Source("synthetic GNU hash only", gnuOnly.build().bytes()),
                new Images.Source("synthetic SysV hash only", sysvOnly.build().bytes()),
                new Images.Source("synthetic at 0xffffffffff700000", old.build().bytes())));
    }

    /** Cut below the end of PT_LOAD: rejected; at or past it: exactly the full image's answers. */
    @ParameterizedTest
    @MethodSource("sources")
    void truncatedAtEveryLength(Images.Source src) {
        VdsoImage full = src.parsed();
        MemorySegment whole = MemorySegment.ofArray(src.bytes());
        for (int n = 0; n <= src.bytes().length; n++) {
            MemorySegment cut = whole.asSlice(0, n);
            if (n < full.loadSize()) {
                int length = n;
                VdsoFormatException e = assertThrows(VdsoFormatException.class, () -> VdsoImage.parse(cut), () -> "cut at " + length);
                Images.notTheSafetyNet(e, "cut at " + n);
            } else {
                VdsoImage image = VdsoImage.parse(cut);
                assertEquals(full.symbols(), image.symbols(), "cut at " + n);
                for (VdsoImage.Symbol s : full.symbols()) {
                    assertEquals(full.offsetOf(s.name(), s.version()), image.offsetOf(s.name(), s.version()));
                }
            }
        }
        System.out.printf("%s: %d truncations checked%n", src, src.bytes().length + 1);
    }

    /**
     * One to eight random bytes changed (a single flipped bit, or a random value), mostly in the
     * tables before the code: a rejection, or answers inside the image, and nothing else.
     */
    @ParameterizedTest
    @MethodSource("sources")
    void flippedBytes(Images.Source src) {
        VdsoImage full = src.parsed();
        int tablesEnd = (int) full.symbols().stream().mapToLong(VdsoImage.Symbol::offset).min().orElse(full.loadSize());
        List<String> queries = new ArrayList<>();
        full.symbols().forEach(s -> queries.add(s.name()));
        int parsed = 0;
        int same = 0;
        for (int seed = 0; seed < FLIP_SEEDS; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            byte[] bytes = src.bytes().clone();
            int flips = 1 + r.nextInt(8);
            for (int f = 0; f < flips; f++) {
                int at = r.nextInt(4) == 0 ? r.nextInt(bytes.length) : r.nextInt(tablesEnd);
                bytes[at] = r.nextBoolean() ? (byte) (bytes[at] ^ (1 << r.nextInt(8))) : (byte) r.nextInt(256);
            }
            if (Images.parsesSafely(bytes, queries, src + " seed " + seed)) {
                parsed++;
                if (Images.names(full.symbols()).equals(Images.names(parse(bytes).symbols()))) {
                    same++;
                }
            }
        }
        System.out.printf("%s: %d flipped images, %d parsed (%d with the original symbols), %d rejected%n",
                src, FLIP_SEEDS, parsed, same, FLIP_SEEDS - parsed);
        assertTrue(parsed > 0 && parsed < FLIP_SEEDS, "both outcomes should occur: " + parsed);
    }
}
