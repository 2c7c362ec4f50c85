package dev.fastclock.linux.x64.elf;

import static dev.fastclock.linux.x64.elf.ElfEdit.DT_GNU_HASH;
import static dev.fastclock.linux.x64.elf.ElfEdit.DT_HASH;
import static dev.fastclock.linux.x64.elf.ElfEdit.DT_STRSZ;
import static dev.fastclock.linux.x64.elf.ElfEdit.DT_STRTAB;
import static dev.fastclock.linux.x64.elf.ElfEdit.DT_SYMENT;
import static dev.fastclock.linux.x64.elf.ElfEdit.DT_SYMTAB;
import static dev.fastclock.linux.x64.elf.ElfEdit.DT_VERDEF;
import static dev.fastclock.linux.x64.elf.ElfEdit.DT_VERDEFNUM;
import static dev.fastclock.linux.x64.elf.ElfEdit.DT_VERSYM;
import static dev.fastclock.linux.x64.elf.Images.parse;
import static dev.fastclock.linux.x64.elf.Images.rejects;
import static dev.fastclock.linux.x64.elf.Images.sameAnswers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crafted images: each case is a well-formed image (the live vDSO copied to the heap, and a
 * synthetic one) with one deliberate change, and each asserts which of the two allowed outcomes
 * it gets: the exact answers of the original, or a {@link VdsoFormatException} naming the defect.
 */
class VdsoImageCraftedTest {

    static Stream<Images.Source> sources() {
        return Images.sources();
    }

    // ---- variations that must resolve exactly like the original ----

    @ParameterizedTest
    @MethodSource("sources")
    void gnuHashAlone(Images.Source src) {
        VdsoImage image = parse(src.edit().removeDyn(DT_HASH).bytes);
        assertTrue(image.hasGnuHash());
        assertFalse(image.hasSysvHash());
        sameAnswers(src.parsed(), image);
    }

    @ParameterizedTest
    @MethodSource("sources")
    void sysvHashAlone(Images.Source src) {
        VdsoImage image = parse(src.edit().removeDyn(DT_GNU_HASH).bytes);
        assertFalse(image.hasGnuHash());
        assertTrue(image.hasSysvHash());
        sameAnswers(src.parsed(), image);
    }

    @ParameterizedTest
    @MethodSource("sources")
    void linkedAtTheOldKernelAddress(Images.Source src) {
        ElfEdit e = src.edit().relink(ElfBuilder.OLD_KERNEL_BASE);
        VdsoImage both = parse(e.bytes);
        assertEquals(ElfBuilder.OLD_KERNEL_BASE, both.linkAddress());
        sameAnswers(src.parsed(), both);
        sameAnswers(src.parsed(), parse(new ElfEdit(e.bytes).removeDyn(DT_HASH).bytes));
        sameAnswers(src.parsed(), parse(new ElfEdit(e.bytes).removeDyn(DT_GNU_HASH).bytes));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void withoutVersionDataResolvesByNameAlone(Images.Source src) {
        VdsoImage image = parse(src.edit().removeDyn(DT_VERSYM).removeDyn(DT_VERDEF).removeDyn(DT_VERDEFNUM).bytes);
        assertFalse(image.hasVersions());
        sameAnswers(src.parsed(), image);
        OptionalLong t = src.parsed().offsetOf("__vdso_time", "LINUX_2.6");
        assertEquals(t, image.offsetOf("__vdso_time", "LINUX_2.6"));
        assertEquals(t, image.offsetOf("__vdso_time", "LINUX_2.5"), "no version data: the version is not checked");
        assertTrue(image.symbols().stream().allMatch(s -> s.version() == null));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void wrongVersionIsNotFound(Images.Source src) {
        VdsoImage image = src.parsed();
        assertTrue(image.hasVersions());
        assertTrue(image.offsetOf("__vdso_clock_gettime", "LINUX_2.6").isPresent());
        assertTrue(image.offsetOf("__vdso_clock_gettime", "LINUX_2.5").isEmpty());
        assertTrue(image.offsetOf("__vdso_clock_gettime", "").isEmpty());
    }

    @ParameterizedTest
    @MethodSource("sources")
    void versionHashMustMatch(Images.Source src) {
        ElfEdit e = src.edit();
        int def = secondVerdef(e);
        e.u32(def + 8, e.b.getInt(def + 8) ^ 1);
        VdsoImage image = parse(e.bytes);
        assertTrue(image.offsetOf("__vdso_time", "LINUX_2.6").isEmpty(), "name matches but vd_hash does not");
        assertEquals(src.parsed().offsetOf("__vdso_time", null), image.offsetOf("__vdso_time", null));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void hiddenVersionNeedsTheVersionAsked(Images.Source src) {
        ElfEdit e = src.edit();
        int v = e.dynOffset(DT_VERSYM) + 2 * e.symIndex("__vdso_time");
        e.u16(v, e.b.getShort(v) | 0x8000);
        VdsoImage image = parse(e.bytes);
        assertTrue(image.offsetOf("__vdso_time", null).isEmpty());
        assertEquals(src.parsed().offsetOf("__vdso_time", null), image.offsetOf("__vdso_time", "LINUX_2.6"));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void versionLocalSymbolIsAbsent(Images.Source src) {
        ElfEdit e = src.edit();
        e.u16(e.dynOffset(DT_VERSYM) + 2 * e.symIndex("__vdso_time"), 0);
        VdsoImage image = parse(e.bytes);
        assertTrue(image.offsetOf("__vdso_time", null).isEmpty());
        assertEquals(src.parsed().offsetOf("time", null), image.offsetOf("time", null), "the alias is untouched");
    }

    @ParameterizedTest
    @MethodSource("sources")
    void nonFunctionsAreAbsent(Images.Source src) {
        int[][] edits = {
            {4, 0x11}, // st_info: STB_GLOBAL, STT_OBJECT
            {4, 0x02}, // st_info: STB_LOCAL, STT_FUNC
            {4, 0x1a}, // st_info: STB_GLOBAL, STT_GNU_IFUNC
            {5, 2},    // st_other: STV_HIDDEN
            {5, 1},    // st_other: STV_INTERNAL
        };
        VdsoImage original = src.parsed();
        for (int[] edit : edits) {
            ElfEdit e = src.edit();
            e.u8(e.sym(e.symIndex("__vdso_getcpu")) + edit[0], edit[1]);
            VdsoImage image = parse(e.bytes);
            assertTrue(image.offsetOf("__vdso_getcpu", null).isEmpty(), "edit " + edit[0] + "=" + edit[1]);
            assertTrue(image.symbols().stream().noneMatch(s -> s.name().equals("__vdso_getcpu")));
            assertEquals(original.offsetOf("getcpu", null), image.offsetOf("getcpu", null));
        }
        for (int shndx : new int[] {0, 0xfff1, 0xfff2}) { // SHN_UNDEF, SHN_ABS, SHN_COMMON
            ElfEdit e = src.edit();
            e.u16(e.sym(e.symIndex("__vdso_getcpu")) + 6, shndx);
            assertTrue(parse(e.bytes).offsetOf("__vdso_getcpu", null).isEmpty(), "st_shndx " + shndx);
        }
    }

    @ParameterizedTest
    @MethodSource("sources")
    void codeOutsideTheLoadSegmentIsAbsent(Images.Source src) {
        VdsoImage original = src.parsed();
        long linkAddr = original.linkAddress();
        for (long value : new long[] {linkAddr + original.loadSize(), linkAddr - 1, linkAddr + 0x100000, -1L}) {
            ElfEdit e = src.edit();
            e.u64(e.sym(e.symIndex("__vdso_getcpu")) + 8, value);
            VdsoImage image = parse(e.bytes);
            assertTrue(image.offsetOf("__vdso_getcpu", "LINUX_2.6").isEmpty(), Long.toHexString(value));
            assertEquals(original.offsetOf("__vdso_time", "LINUX_2.6"), image.offsetOf("__vdso_time", "LINUX_2.6"));
        }
        ElfEdit e = src.edit();
        e.u64(e.sym(e.symIndex("__vdso_getcpu")) + 8, linkAddr + original.loadSize() - 1);
        assertEquals(OptionalLong.of(original.loadSize() - 1), parse(e.bytes).offsetOf("__vdso_getcpu", "LINUX_2.6"),
                "the last byte of the segment is inside it");
    }

    // ---- ELF header and program headers ----

    @ParameterizedTest
    @MethodSource("sources")
    void headerDefects(Images.Source src) {
        rejects(src.edit().u8(4, 1).bytes, "not ELFCLASS64"); // ELFCLASS32
        rejects(src.edit().u8(4, 0).bytes, "not ELFCLASS64");
        rejects(src.edit().u16(18, 3).bytes, "e_machine 3"); // EM_386
        rejects(src.edit().u16(18, 183).bytes, "e_machine 183"); // EM_AARCH64
        rejects(src.edit().u8(5, 2).bytes, "ELFDATA2LSB"); // big-endian
        rejects(src.edit().u8(0, 0x7e).bytes, "magic");
        rejects(src.edit().u8(3, 'G').bytes, "magic");
        rejects(src.edit().u8(6, 0).bytes, "ident version");
        rejects(src.edit().u16(16, 2).bytes, "ET_DYN"); // ET_EXEC
        rejects(src.edit().u32(20, 2).bytes, "e_version");
        rejects(src.edit().u16(54, 32).bytes, "e_phentsize"); // an Elf32_Phdr size
        rejects(src.edit().u16(56, 0).bytes, "e_phnum");
        rejects(src.edit().u16(56, 0xffff).bytes, "e_phnum");
        rejects(src.edit().u64(32, src.bytes().length - 60).bytes, "program header table");
        rejects(src.edit().u64(32, -56).bytes, "program header table");
        rejects(new byte[0], "shorter than an ELF64 header");
        rejects(java.util.Arrays.copyOf(src.bytes(), 63), "shorter than an ELF64 header");
    }

    @ParameterizedTest
    @MethodSource("sources")
    void programHeaderDefects(Images.Source src) {
        ElfEdit e = src.edit();
        int load = e.phdr(1);
        int dyn = e.phdr(2);
        rejects(src.edit().u32(load, 4).bytes, "no PT_LOAD");
        rejects(src.edit().u32(dyn, 4).bytes, "no PT_DYNAMIC");
        rejects(src.edit().u64(load + 32, src.bytes().length + 1L).bytes, "first PT_LOAD");
        rejects(src.edit().u64(load + 32, -1L).bytes, "first PT_LOAD");
        rejects(src.edit().u64(load + 8, Long.MAX_VALUE).bytes, "first PT_LOAD");
        rejects(src.edit().u64(dyn + 8, 0x7fff_0000L).bytes, "PT_DYNAMIC");
        rejects(src.edit().u64(dyn + 8, -16L).bytes, "PT_DYNAMIC");
        // A second PT_DYNAMIC in place of another header.
        ElfEdit two = src.edit();
        int other = two.phoff() + 56 * (e.phnum() - 1) == dyn ? two.phoff() + 56 * (e.phnum() - 2) : two.phoff() + 56 * (e.phnum() - 1);
        if (other != load) {
            two.u32(other, 2);
            rejects(two.bytes, "more than one PT_DYNAMIC");
        }
        // The dynamic table cut just before its DT_NULL.
        int entries = 0;
        while (e.b.getLong(e.dynamic() + 16 * entries) != 0) {
            entries++;
        }
        rejects(src.edit().u64(dyn + 32, 16L * entries).bytes, "no DT_NULL");
    }

    // ---- dynamic section ----

    @ParameterizedTest
    @MethodSource("sources")
    void dynamicDefects(Images.Source src) {
        rejects(src.edit().removeDyn(DT_SYMTAB).bytes, "no DT_SYMTAB");
        rejects(src.edit().removeDyn(DT_STRTAB).bytes, "no DT_STRTAB");
        rejects(src.edit().removeDyn(DT_STRSZ).bytes, "no DT_STRSZ");
        rejects(src.edit().removeDyn(DT_HASH).removeDyn(DT_GNU_HASH).bytes, "neither DT_HASH nor DT_GNU_HASH");
        rejects(src.edit().setDyn(DT_SYMENT, 16).bytes, "DT_SYMENT");
        ElfEdit dup = src.edit();
        dup.u64(dup.dynEntry(DT_SYMENT), DT_SYMTAB);
        rejects(dup.bytes, "appears twice");
        long link = src.parsed().linkAddress();
        rejects(src.edit().setDyn(DT_SYMTAB, link + 0x100000).bytes, "symbol table");
        rejects(src.edit().setDyn(DT_STRTAB, link - 8).bytes, "string table");
        rejects(src.edit().setDyn(DT_STRSZ, 0x100000).bytes, "string table");
        rejects(src.edit().setDyn(DT_HASH, link + src.parsed().loadSize() - 4).bytes, "DT_HASH");
        rejects(src.edit().setDyn(DT_GNU_HASH, -1L).bytes, "DT_GNU_HASH");
        rejects(src.edit().removeDyn(DT_VERDEF).bytes, "DT_VERSYM without DT_VERDEF");
        rejects(src.edit().removeDyn(DT_VERSYM).bytes, "DT_VERDEF without DT_VERSYM");
        rejects(src.edit().setDyn(DT_VERSYM, link + src.parsed().loadSize() - 2).bytes, "DT_VERSYM");
    }

    @ParameterizedTest
    @MethodSource("sources")
    void namesRunningOffTheStringTable(Images.Source src) {
        ElfEdit e = src.edit();
        int longest = 0;
        for (int i = 1; i < e.nsyms(); i++) {
            longest = Math.max(longest, e.b.getInt(e.sym(i)));
        }
        // DT_STRSZ ending two bytes into the last name: the name has no NUL within the table.
        rejects(src.edit().setDyn(DT_STRSZ, longest + 2).bytes, "runs off the end of the string table");
        ElfEdit far = src.edit();
        far.u32(far.sym(far.symIndex("__vdso_time")), 0xfffffff0L);
        rejects(far.bytes, "past DT_STRSZ");
        ElfEdit end = src.edit();
        end.u32(end.sym(end.symIndex("__vdso_time")), end.dynVal(DT_STRSZ));
        rejects(end.bytes, "past DT_STRSZ");
        // The last byte of the table is its terminating NUL: a name that starts there is empty.
        ElfEdit empty = src.edit();
        empty.u32(empty.sym(empty.symIndex("__vdso_time")), empty.dynVal(DT_STRSZ) - 1);
        assertTrue(parse(empty.bytes).offsetOf("__vdso_time", null).isEmpty());
    }

    // ---- hash tables ----

    @ParameterizedTest
    @MethodSource("sources")
    void sysvHashDefects(Images.Source src) {
        ElfEdit e = src.edit();
        int h = e.dynOffset(DT_HASH);
        int nbucket = e.b.getInt(h);
        int nchain = e.b.getInt(h + 4);
        int chains = h + 8 + 4 * nbucket;
        int first = firstNonEmptyBucket(e, h);
        int head = e.b.getInt(h + 8 + 4 * first);

        rejects(src.edit().u32(h, 0).bytes, "no buckets");
        rejects(src.edit().u32(h + 4, 0).bytes, "nchain 0");
        rejects(src.edit().u32(h, 0x7fffffff).bytes, "DT_HASH");
        rejects(src.edit().u32(h + 8 + 4 * first, nchain).bytes, "past nchain");
        rejects(src.edit().u32(chains + 4 * head, nchain + 5).bytes, "past nchain");
        // A chain that loops back to its own head, and one whose tail loops to the head.
        rejects(src.edit().u32(chains + 4 * head, head).bytes, "revisits");
        int tail = head;
        while (e.b.getInt(chains + 4 * tail) != 0) {
            tail = e.b.getInt(chains + 4 * tail);
        }
        rejects(src.edit().u32(chains + 4 * tail, head).bytes, "revisits");
        // Two buckets sharing one chain.
        int other = (first + 1) % nbucket;
        rejects(src.edit().u32(h + 8 + 4 * other, head).bytes, "revisits");
    }

    @ParameterizedTest
    @MethodSource("sources")
    void gnuHashDefects(Images.Source src) {
        ElfEdit e = src.edit();
        int g = e.dynOffset(DT_GNU_HASH);
        int nb = e.b.getInt(g);
        int symoff = e.b.getInt(g + 4);
        int bloom = e.b.getInt(g + 8);
        int buckets = g + 16 + 8 * bloom;
        int chain = buckets + 4 * nb;
        int nsyms = e.nsyms();

        for (boolean alone : new boolean[] {false, true}) {
            rejects(edit(src, alone).u32(g, 0).bytes, "no buckets");
            rejects(edit(src, alone).u32(g + 8, 3).bytes, "power of two");
            rejects(edit(src, alone).u32(g + 8, 0).bytes, "power of two");
            rejects(edit(src, alone).u32(g, 0x40000000).bytes, "DT_GNU_HASH");
            if (symoff > 1) {
                rejects(edit(src, alone).u32(buckets, symoff - 1).bytes, "below symoffset");
            } else {
                rejects(edit(src, alone).u32(g + 4, 2).u32(buckets, 1).bytes, "below symoffset");
            }
            // A bucket pointing far past the table: its chain runs off the segment.
            rejects(edit(src, alone).u32(buckets, 0x0000f000).bytes, alone ? "runs off the end" : "runs past");
        }
        // The last chain entry loses its end mark: with DT_HASH that runs past nchain.
        int lastEntry = chain + 4 * (nsyms - 1 - symoff);
        rejects(src.edit().u32(lastEntry, e.b.getInt(lastEntry) & ~1).bytes, "runs past");
        // Without DT_HASH the chain continues into whatever follows; the only allowed outcomes are
        // a rejection or the original answers for the original symbols.
        byte[] loose = src.edit().removeDyn(DT_HASH).u32(lastEntry, e.b.getInt(lastEntry) & ~1).bytes;
        if (Images.parsesSafely(loose, List.of("__vdso_time"), "loose GNU chain")) {
            VdsoImage original = src.parsed();
            VdsoImage image = parse(loose);
            for (VdsoImage.Symbol s : original.symbols()) {
                assertEquals(OptionalLong.of(s.offset()), image.offsetOf(s.name(), s.version()), s.toString());
            }
        }
        // symoffset past the symbols of DT_HASH (empty buckets, so no chain to walk).
        ElfEdit empty = src.edit();
        for (int i = 0; i < nb; i++) {
            empty.u32(buckets + 4 * i, 0);
        }
        assertTrue(parse(empty.bytes).offsetOf("__vdso_time", null).isEmpty(), "no bucket, no symbol");
        rejects(empty.u32(g + 4, nsyms + 1).bytes, "more than the");
    }

    // ---- version definitions ----

    @ParameterizedTest
    @MethodSource("sources")
    void verdefDefects(Images.Source src) {
        ElfEdit e = src.edit();
        int v = e.dynOffset(DT_VERDEF);
        int second = secondVerdef(e);
        // vd_next that a signed reader would take back to the first entry: a cycle for it.
        long back = -(long) (second - v) & 0xffffffffL;
        rejects(src.edit().removeDyn(DT_VERDEFNUM).u32(second + 16, back).bytes, "outside the PT_LOAD");
        // With DT_VERDEFNUM the last entry's vd_next is never followed: the answers stay exact.
        sameAnswers(src.parsed(), parse(src.edit().u32(second + 16, back).bytes));
        rejects(src.edit().u32(v + 16, 0xfffffffcL).bytes, "outside the PT_LOAD");
        // Without DT_VERDEFNUM, a chain that keeps going must still end inside the segment.
        ElfEdit loose = src.edit().removeDyn(DT_VERDEFNUM);
        loose.u32(second + 16, 20);
        assertThrows(VdsoFormatException.class, () -> parse(loose.bytes));
        rejects(src.edit().u16(second, 2).bytes, "vd_version");
        rejects(src.edit().u16(second + 6, 0).bytes, "vd_cnt 0");
        rejects(src.edit().u32(second + 12, 0x7fffffff).bytes, "vd_aux");
        rejects(src.edit().u16(second + 4, 1).bytes, "two version definitions have index 1");
        ElfEdit badName = src.edit();
        int aux = second + badName.b.getInt(second + 12);
        badName.u32(aux, 0x7ffffff0);
        rejects(badName.bytes, "past DT_STRSZ");
        // A symbol naming a version that is not defined.
        ElfEdit undefined = src.edit();
        undefined.u16(undefined.dynOffset(DT_VERSYM) + 2 * undefined.symIndex("__vdso_time"), 7);
        rejects(undefined.bytes, "does not define");
        // DT_VERDEFNUM smaller than the chain: LINUX_2.6 is never reached, so its users are undefined.
        rejects(src.edit().setDyn(DT_VERDEFNUM, 1).bytes, "does not define");
    }

    // ---- synthetic images with more symbols and versions than any vDSO ----

    @Test
    void manySymbolsEveryHashStyle() {
        for (int nbuckets : new int[] {1, 2, 7, 64}) {
            for (long base : new long[] {0, ElfBuilder.OLD_KERNEL_BASE, 0x1000}) {
                for (int style = 0; style < 3; style++) {
                    ElfBuilder b = new ElfBuilder();
                    b.nbuckets = nbuckets;
                    b.base = base;
                    b.sysv = style != 1;
                    b.gnu = style != 2;
                    for (int i = 0; i < 60; i++) {
                        b.add(ElfBuilder.Sym.func("fn" + i + (i % 3 == 0 ? "_long_name_" + i : ""), i % 2 == 0 ? "V1" : "V2", 8 * i));
                    }
                    ElfBuilder.Built built = b.build();
                    VdsoImage image = parse(built.bytes());
                    assertEquals(b.gnu, image.hasGnuHash());
                    assertEquals(b.sysv, image.hasSysvHash());
                    assertEquals(60, image.symbols().size());
                    for (ElfBuilder.Sym s : b.syms) {
                        String where = s + " buckets " + nbuckets + " base " + Long.toHexString(base) + " style " + style;
                        assertEquals(OptionalLong.of(built.offsetOf(s)), image.offsetOf(s.name(), s.version()), where);
                        assertEquals(OptionalLong.of(built.offsetOf(s)), image.offsetOf(s.name(), null), where);
                        assertTrue(image.offsetOf(s.name(), s.version().equals("V1") ? "V2" : "V1").isEmpty(), where);
                    }
                    assertTrue(image.offsetOf("fn60", null).isEmpty());
                }
            }
        }
    }

    @Test
    void twoVersionsOfOneName() {
        ElfBuilder b = new ElfBuilder();
        b.add(ElfBuilder.Sym.func("clock", "OLD", 0x10).hidden());
        b.add(ElfBuilder.Sym.func("clock", "NEW", 0x20));
        b.add(ElfBuilder.Sym.func("plain", null, 0x30));
        for (int style = 0; style < 3; style++) {
            b.sysv = style != 1;
            b.gnu = style != 2;
            ElfBuilder.Built built = b.build();
            VdsoImage image = parse(built.bytes());
            assertEquals(OptionalLong.of(built.textOff() + 0x10), image.offsetOf("clock", "OLD"));
            assertEquals(OptionalLong.of(built.textOff() + 0x20), image.offsetOf("clock", "NEW"));
            assertEquals(OptionalLong.of(built.textOff() + 0x20), image.offsetOf("clock", null), "the default version");
            assertEquals(OptionalLong.of(built.textOff() + 0x30), image.offsetOf("plain", null));
            assertTrue(image.offsetOf("plain", "NEW").isEmpty(), "unversioned symbol asked at a version");
            VdsoImage.Symbol plain = image.symbols().stream().filter(s -> s.name().equals("plain")).findFirst().orElseThrow();
            assertNull(plain.version());
        }
    }

    @Test
    void noSymbolsAtAll() {
        for (int style = 0; style < 3; style++) {
            ElfBuilder b = new ElfBuilder();
            b.sysv = style != 1;
            b.gnu = style != 2;
            b.versions = false;
            VdsoImage image = parse(b.build().bytes());
            assertTrue(image.symbols().isEmpty());
            assertTrue(image.offsetOf("__vdso_time", null).isEmpty());
        }
    }

    @Test
    void nativeSegmentOfACraftedImage() {
        byte[] bytes = ElfBuilder.vdsoLike().build().bytes();
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment s = arena.allocate(bytes.length + 1).asSlice(1); // deliberately misaligned
            MemorySegment.copy(bytes, 0, s, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
            sameAnswers(parse(bytes), VdsoImage.parse(s));
        }
    }

    // ---- helpers ----

    private static ElfEdit edit(Images.Source src, boolean gnuAlone) {
        ElfEdit e = src.edit();
        return gnuAlone ? e.removeDyn(DT_HASH) : e;
    }

    private static int firstNonEmptyBucket(ElfEdit e, int h) {
        for (int i = 0; i < e.b.getInt(h); i++) {
            if (e.b.getInt(h + 8 + 4 * i) != 0) {
                return i;
            }
        }
        throw new AssertionError("all buckets empty");
    }

    /** The verdef after the base one (LINUX_2.6 in both sources). */
    private static int secondVerdef(ElfEdit e) {
        int v = e.dynOffset(DT_VERDEF);
        return v + e.b.getInt(v + 16);
    }
}
