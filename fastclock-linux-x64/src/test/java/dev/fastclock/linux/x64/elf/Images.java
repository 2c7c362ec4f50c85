package dev.fastclock.linux.x64.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** Sources of well-formed images and the assertions the corpus tests share. */
final class Images {
    private Images() {
    }

    /** A well-formed image to damage, with a name for test reports. */
    record Source(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }

        ElfEdit edit() {
            return new ElfEdit(bytes);
        }

        VdsoImage parsed() {
            return parse(bytes);
        }
    }

    private static byte[] live;

    static synchronized byte[] live() {
        if (live == null) {
            live = LiveVdso.find().copy();
        }
        return live.clone();
    }

    /** The live vDSO (heap copy) and a synthetic vDSO-like image with both hash tables and versions. */
    static Stream<Source> sources() {
        return Stream.of(new Source("live vDSO", live()), new Source("synthetic", ElfBuilder.vdsoLike().build().bytes()));
    }

    static VdsoImage parse(byte[] bytes) {
        return VdsoImage.parse(MemorySegment.ofArray(bytes));
    }

    static VdsoFormatException rejects(byte[] bytes, String fragment) {
        VdsoFormatException e = assertThrows(VdsoFormatException.class, () -> parse(bytes));
        notTheSafetyNet(e, "rejection");
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
        return e;
    }

    /** The parser's catch-all turns its own bugs into VdsoFormatException; here they must fail the test. */
    static void notTheSafetyNet(VdsoFormatException e, String what) {
        if (e.getCause() != null) {
            fail(what + ": the parser's safety net caught " + e.getCause(), e);
        }
    }

    /** Every function of {@code expected} resolves to the same offset in {@code actual}, with and without version. */
    static void sameAnswers(VdsoImage expected, VdsoImage actual) {
        assertTrue(!expected.symbols().isEmpty());
        for (VdsoImage.Symbol s : expected.symbols()) {
            String version = actual.hasVersions() ? s.version() : null;
            assertEquals(OptionalLong.of(s.offset()), actual.offsetOf(s.name(), version), s + " in " + actual);
            assertEquals(expected.offsetOf(s.name(), null), actual.offsetOf(s.name(), null), s + " in " + actual);
        }
        assertEquals(names(expected.symbols()), names(actual.symbols()));
        assertEquals(expected.loadSize(), actual.loadSize());
    }

    static List<String> names(List<VdsoImage.Symbol> symbols) {
        return symbols.stream().map(s -> s.name() + "=" + s.offset()).toList();
    }

    /**
     * Parses a damaged image and checks the only outcomes allowed: a {@link VdsoFormatException},
     * or answers that lie inside the image. Returns whether it parsed.
     */
    static boolean parsesSafely(byte[] bytes, List<String> queries, String what) {
        VdsoImage image;
        try {
            image = parse(bytes);
        } catch (VdsoFormatException e) {
            notTheSafetyNet(e, what);
            return false;
        } catch (Throwable t) {
            fail(what + ": " + t, t);
            return false;
        }
        assertTrue(image.loadSize() <= bytes.length, what);
        for (VdsoImage.Symbol s : image.symbols()) {
            assertTrue(s.offset() >= 0 && s.offset() < image.loadSize(), what + ": " + s);
        }
        for (String q : queries) {
            for (String v : new String[] {"LINUX_2.6", null, "LINUX_2.5"}) {
                OptionalLong off = image.offsetOf(q, v);
                assertTrue(off.isEmpty() || (off.getAsLong() >= 0 && off.getAsLong() < image.loadSize()), what + ": " + q);
            }
        }
        return true;
    }
}
