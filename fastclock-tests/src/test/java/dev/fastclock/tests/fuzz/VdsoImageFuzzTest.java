package dev.fastclock.tests.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.fastclock.linux.x64.elf.VdsoFormatException;
import dev.fastclock.linux.x64.elf.VdsoImage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Coverage-guided fuzzing of the vDSO ELF reader, {@link VdsoImage}: on any bytes, {@code parse}
 * either returns an image whose every answer lies inside the bytes, or throws a
 * {@link VdsoFormatException} that the parser raised on purpose.
 *
 * <p>Without {@code JAZZER_FUZZ} (as in CI) this is a plain JUnit test over the committed corpus in
 * {@code src/test/resources/dev/fastclock/tests/fuzz/VdsoImageFuzzTestInputs/parseAndLookUp}: the
 * live vDSO image, variants crafted from it by {@link VdsoSeeds}, and every crasher ever found.
 * With {@code JAZZER_FUZZ=1} Jazzer mutates those seeds for {@code maxDuration}, or as long as the
 * {@code fuzz} profile's {@code -Dfuzz.seconds} says: see {@code fastclock-tests/FUZZING.md}.
 *
 * <p>A finding is any of: an exception other than {@code VdsoFormatException} leaving
 * {@code parse}, {@code offsetOf} or {@code symbols} (an {@code Error} such as
 * {@code OutOfMemoryError} or {@code StackOverflowError} included); a {@code VdsoFormatException}
 * made by {@code parse}'s safety net, which wraps a {@code RuntimeException} the parser did not plan
 * for (an out-of-bounds segment read is an {@code IndexOutOfBoundsException}) and is the only
 * {@code VdsoFormatException} with a cause; a rejection by the parser's per-read bounds check
 * ("read of N bytes at ... is outside the image"), which stops a read the table checks should have
 * ruled out; an offset outside the image; a heap and a native copy of the same bytes parsing
 * differently; and an input that runs past libFuzzer's per-input timeout (a hang).
 */
class VdsoImageFuzzTest {

    /** The functions FastClock looks up, at the version the kernel exports them under. */
    static final List<String> FUNCTIONS = List.of("__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time",
            "__vdso_getcpu", "__vdso_clock_getres");
    static final String VERSION = "LINUX_2.6";
    /** The start of the message of VdsoImage's per-read bounds check, which no well-checked table reaches. */
    static final String LAST_RESORT = "malformed vDSO: read of ";

    @FuzzTest(maxDuration = "5m")
    void parseAndLookUp(byte[] bytes) {
        // The heap copy is bounded by the array; the native copy is allocated at exactly the input's
        // length, so a read past the end would hit the segment's bounds check, not the next object.
        String onHeap = examine(MemorySegment.ofArray(bytes));
        String offHeap;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(bytes.length, 1);
            MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
            offHeap = examine(segment);
        }
        if (!onHeap.equals(offHeap)) {
            throw new AssertionError("heap and native copies of the same " + bytes.length + " bytes differ:\n  heap:   "
                    + onHeap + "\n  native: " + offHeap);
        }
    }

    /**
     * Parses the image and asks it everything, checking every answer; returns a summary of the
     * answers (or the rejection message) to compare between copies.
     */
    static String examine(MemorySegment segment) {
        long size = segment.byteSize();
        VdsoImage image;
        try {
            image = VdsoImage.parse(segment);
        } catch (VdsoFormatException e) {
            if (e.getCause() != null) {
                throw new AssertionError("parse's safety net caught an unplanned exception: " + e.getMessage(), e);
            }
            if (e.getMessage() == null || !e.getMessage().startsWith("malformed vDSO: ")) {
                throw new AssertionError("a VdsoFormatException without the parser's message: " + e.getMessage(), e);
            }
            if (e.getMessage().startsWith(LAST_RESORT)) {
                // Every read is proven in bounds by a table-level check first; the per-read check is the
                // last line of defence, so reaching it means the parser set out to read outside the image.
                throw new AssertionError("the parser tried to read outside the image: " + e.getMessage(), e);
            }
            return "rejected: " + e.getMessage();
        }
        long loadSize = image.loadSize();
        if (loadSize < 0 || loadSize > size) {
            throw new AssertionError("loadSize " + loadSize + " is outside the " + size + "-byte image");
        }
        List<VdsoImage.Symbol> symbols = image.symbols();
        for (VdsoImage.Symbol s : symbols) {
            checkOffset(s.offset(), loadSize, size, s.toString());
            lookUp(image, symbols, s.name(), s.version(), loadSize, size);
            lookUp(image, symbols, s.name(), null, loadSize, size);
        }
        List<String> answers = new ArrayList<>();
        for (String function : FUNCTIONS) {
            answers.add(function + "@" + VERSION + "=" + lookUp(image, symbols, function, VERSION, loadSize, size));
            answers.add(function + "=" + lookUp(image, symbols, function, null, loadSize, size));
        }
        // A name outside Latin-1 can match no symbol.
        if (image.offsetOf("__vdso_time\u0100", null).isPresent() || image.offsetOf("__vdso_time", "\u20ac").isPresent()) {
            throw new AssertionError("a non-Latin-1 query matched");
        }
        return "parsed: " + image + " linkAddress=" + Long.toHexString(image.linkAddress()) + " versions="
                + image.hasVersions() + " " + answers;
    }

    /** Looks a function up and checks that what it finds is an exported symbol inside the image. */
    private static String lookUp(VdsoImage image, List<VdsoImage.Symbol> symbols, String name, String version,
            long loadSize, long size) {
        OptionalLong found = image.offsetOf(name, version);
        if (found.isEmpty()) {
            return "-";
        }
        long offset = found.getAsLong();
        String what = name + (version == null ? "" : "@" + version);
        checkOffset(offset, loadSize, size, what);
        boolean listed = symbols.stream().anyMatch(s -> s.name().equals(name) && s.offset() == offset
                && (version == null || s.version() == null || version.equals(s.version())));
        if (!listed) {
            throw new AssertionError(what + " resolved to 0x" + Long.toHexString(offset)
                    + ", which no exported symbol of that name and version has: " + symbols);
        }
        return Long.toHexString(offset);
    }

    private static void checkOffset(long offset, long loadSize, long size, String what) {
        if (offset < 0 || offset >= loadSize || offset >= size) {
            throw new AssertionError(what + " at offset " + offset + " is outside the image (loadSize " + loadSize
                    + ", segment " + size + " bytes)");
        }
    }
}
