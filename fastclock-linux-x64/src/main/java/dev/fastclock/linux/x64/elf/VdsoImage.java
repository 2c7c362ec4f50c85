package dev.fastclock.linux.x64.elf;

import static dev.fastclock.linux.x64.bindings.fastclock_h.*;

import dev.fastclock.linux.x64.bindings.fastclock_h.Elf64_Dyn;
import dev.fastclock.linux.x64.bindings.fastclock_h.Elf64_Ehdr;
import dev.fastclock.linux.x64.bindings.fastclock_h.Elf64_Phdr;
import dev.fastclock.linux.x64.bindings.fastclock_h.Elf64_Sym;
import dev.fastclock.linux.x64.bindings.fastclock_h.Elf64_Verdaux;
import dev.fastclock.linux.x64.bindings.fastclock_h.Elf64_Verdef;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The exported functions of a Linux x86-64 vDSO image, read from its ELF dynamic symbol table.
 *
 * <p>{@link #parse} reads every table it needs once, checking each read against the image's bounds
 * before making it, and keeps copies: afterwards the image is never read again, so a
 * {@code VdsoImage} is immutable, thread-safe and outlives the segment it came from. A malformed
 * image fails with {@link VdsoFormatException}; nothing is read outside the segment and every loop
 * over a table is bounded by the table's size, so a hostile image cannot hang or crash the parser.
 *
 * <p>Symbol and version names are taken as bytes and mapped one to one onto the characters
 * U+0000 to U+00FF (ISO-8859-1): a query containing any other character matches nothing.
 */
public final class VdsoImage {

    /**
     * One exported function.
     *
     * @param name the symbol name, e.g. {@code __vdso_clock_gettime}
     * @param version its version name, e.g. {@code LINUX_2.6}, or {@code null} when the image
     *     carries no version data or the symbol is unversioned
     * @param offset where the function starts, in bytes from the start of the image
     */
    public record Symbol(String name, String version, long offset) {
        /**
         * Checks the components.
         *
         * @param name the symbol name
         * @param version the version name, or {@code null}
         * @param offset the offset from the image start, not negative
         */
        public Symbol {
            Objects.requireNonNull(name, "name");
            if (offset < 0) {
                throw new IllegalArgumentException("negative offset " + offset);
            }
        }
    }

    /** No vDSO is near this size (they are a few pages); a larger segment is refused before it is copied. */
    private static final long MAX_IMAGE = 16L << 20;

    private static final long EHDR_SIZE = Elf64_Ehdr.SIZE;
    private static final long PHDR_SIZE = Elf64_Phdr.SIZE;
    private static final long DYN_SIZE = Elf64_Dyn.SIZE;
    private static final long SYM_SIZE = Elf64_Sym.SIZE;
    private static final long VERDEF_SIZE = Elf64_Verdef.SIZE;
    private static final long VERDAUX_SIZE = Elf64_Verdaux.SIZE;
    private static final long GNU_HASH_HEADER_SIZE = 16;

    /** A vDSO has four or five program headers; anything near this is not one. */
    static final int MAX_PHNUM = 128;
    /** A vDSO has a dozen or two symbols; a table this big is damage, and the cap bounds allocations. */
    static final long MAX_ENTRIES = 1 << 20;

    private final long loadSize;
    private final long linkAddress;
    private final boolean versioned;
    private final List<Symbol> symbols;

    // Per symbol index (index 0, the null symbol, included so indexes line up with the hash tables).
    private final String[] names;
    /** Offset from the image start of an exported function; -1 for any other symbol. */
    private final long[] offsets;
    private final String[] versionNames;
    /** The version definition's vd_hash, compared with the ELF hash of the requested version. */
    private final int[] versionHashes;
    private final boolean[] hidden;

    private final int[] sysvBuckets;
    private final int[] sysvChains;
    private final int[] gnuBuckets;
    private final int[] gnuChain;
    private final int gnuSymOffset;

    private VdsoImage(Parser p) {
        this.loadSize = p.loadEnd;
        this.linkAddress = p.loadVaddr;
        this.versioned = p.versymOff >= 0;
        this.names = p.names;
        this.offsets = p.offsets;
        this.versionNames = p.versionNames;
        this.versionHashes = p.versionHashes;
        this.hidden = p.hidden;
        this.sysvBuckets = p.sysvBuckets;
        this.sysvChains = p.sysvChains;
        this.gnuBuckets = p.gnuBuckets;
        this.gnuChain = p.gnuChain;
        this.gnuSymOffset = p.gnuSymOffset;
        List<Symbol> list = new ArrayList<>();
        for (int i = 1; i < names.length; i++) {
            if (offsets[i] >= 0) {
                list.add(new Symbol(names[i], versionNames[i], offsets[i]));
            }
        }
        this.symbols = List.copyOf(list);
    }

    /**
     * Parses a vDSO image.
     *
     * <p>The segment must start at the ELF header; its size bounds every read. For the live vDSO
     * that is the {@code [vdso]} mapping of {@code /proc/self/maps}; a heap copy works the same.
     * Only the first {@code PT_LOAD} segment's file extent is used for tables and symbols, and
     * only {@code PT_DYNAMIC}'s entries up to {@code DT_NULL} are read: section headers are ignored.
     *
     * <p>A symbol whose address falls outside the first {@code PT_LOAD}'s file extent is treated
     * as absent (it is missing from {@link #symbols()} and {@link #offsetOf} does not find it),
     * because its code would not be in the image; every other defect in a table fails the parse.
     *
     * @param image the image, starting at its ELF header
     * @return the parsed image
     * @throws VdsoFormatException if the image is not a well-formed little-endian x86-64 ELF64
     *     shared object with a dynamic symbol table and a SysV or GNU hash table; the message
     *     names the defect
     * @throws NullPointerException if {@code image} is null
     */
    public static VdsoImage parse(MemorySegment image) {
        Objects.requireNonNull(image, "image");
        try {
            return new VdsoImage(new Parser(image).parse());
        } catch (VdsoFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // Safety net only: every read is checked before it is made, so reaching here is a bug
            // in the parser, and the caller is promised one exception type for a bad image.
            throw new VdsoFormatException("unexpected failure while parsing the vDSO image: " + e, e);
        }
    }

    /**
     * Finds an exported function.
     *
     * <p>The lookup goes through the image's GNU hash table when it has one, else its SysV hash
     * table, as the dynamic linker does. When the image carries version data ({@code DT_VERSYM}
     * and {@code DT_VERDEF}) a non-null {@code version} must equal the symbol's version name, and
     * the ELF hash of {@code version} must equal the definition's {@code vd_hash}; a null
     * {@code version} takes the symbol's default (non-hidden) version, whatever its name. An image
     * without version data resolves by name alone, whatever {@code version} is.
     *
     * @param symbol the symbol name, e.g. {@code __vdso_clock_gettime}
     * @param version the version name, e.g. {@code LINUX_2.6}, or {@code null} for the default
     * @return the function's offset from the image start, always less than {@link #loadSize()};
     *     empty if there is no such exported function
     * @throws NullPointerException if {@code symbol} is null
     */
    public OptionalLong offsetOf(String symbol, String version) {
        Objects.requireNonNull(symbol, "symbol");
        if (!isLatin1(symbol) || (version != null && !isLatin1(version))) {
            return OptionalLong.empty();
        }
        int found = gnuBuckets != null ? findGnu(symbol, version) : findSysv(symbol, version);
        return found > 0 ? OptionalLong.of(offsets[found]) : OptionalLong.empty();
    }

    private int findGnu(String symbol, String version) {
        int h = gnuHash(symbol);
        int i = gnuBuckets[Integer.remainderUnsigned(h, gnuBuckets.length)];
        if (i == 0) {
            return -1;
        }
        // The parse proved every chain ends (low bit set) within gnuChain; the bound is belt and braces.
        for (int k = i - gnuSymOffset; k >= 0 && k < gnuChain.length; k++) {
            int c = gnuChain[k];
            int index = k + gnuSymOffset;
            if (((c ^ h) & ~1) == 0 && matches(index, symbol, version)) {
                return index;
            }
            if ((c & 1) != 0) {
                break;
            }
        }
        return -1;
    }

    private int findSysv(String symbol, String version) {
        int i = sysvBuckets[Integer.remainderUnsigned(elfHash(symbol), sysvBuckets.length)];
        // The parse proved the chains acyclic and in range; the step bound is belt and braces.
        for (int steps = 0; i != 0 && steps < sysvChains.length; steps++) {
            if (matches(i, symbol, version)) {
                return i;
            }
            i = sysvChains[i];
        }
        return -1;
    }

    private boolean matches(int index, String symbol, String version) {
        if (offsets[index] < 0 || !symbol.equals(names[index])) {
            return false;
        }
        if (!versioned) {
            return true;
        }
        if (version == null) {
            return !hidden[index];
        }
        return version.equals(versionNames[index]) && versionHashes[index] == elfHash(version);
    }

    /**
     * Every exported function: defined ({@code st_shndx} not {@code SHN_UNDEF} nor reserved),
     * {@code STB_GLOBAL} or {@code STB_WEAK}, {@code STT_FUNC}, default or protected visibility,
     * not version-local, and inside the first {@code PT_LOAD}'s file extent; in symbol table order.
     * Aliases (such as {@code time} next to {@code __vdso_time}) appear as separate entries.
     *
     * @return the functions, unmodifiable
     */
    public List<Symbol> symbols() {
        return symbols;
    }

    /**
     * The end of the first {@code PT_LOAD} segment's file extent ({@code p_offset + p_filesz}):
     * every table and function offset lies below it, and a segment this long holds all of them.
     *
     * @return the size in bytes
     */
    public long loadSize() {
        return loadSize;
    }

    /**
     * The link-time address ({@code p_vaddr}) of the first {@code PT_LOAD}: 0 on current kernels,
     * {@code 0xffffffffff700000} on old ones.
     *
     * @return the address, as an unsigned 64-bit value
     */
    public long linkAddress() {
        return linkAddress;
    }

    /**
     * Whether the image has a GNU hash table ({@code DT_GNU_HASH}); lookups use it when present.
     *
     * @return true if present
     */
    public boolean hasGnuHash() {
        return gnuBuckets != null;
    }

    /**
     * Whether the image has a SysV hash table ({@code DT_HASH}).
     *
     * @return true if present
     */
    public boolean hasSysvHash() {
        return sysvBuckets != null;
    }

    /**
     * Whether the image carries symbol versions ({@code DT_VERSYM} and {@code DT_VERDEF}).
     *
     * @return true if present
     */
    public boolean hasVersions() {
        return versioned;
    }

    @Override
    public String toString() {
        return "VdsoImage[loadSize=" + loadSize + ", linkAddress=0x" + Long.toHexString(linkAddress)
                + ", gnuHash=" + hasGnuHash() + ", sysvHash=" + hasSysvHash() + ", versions=" + versioned
                + ", symbols=" + symbols + "]";
    }

    /** The SysV ELF hash ({@code DT_HASH}, {@code vd_hash}) of a Latin-1 name. */
    static int elfHash(String name) {
        int h = 0;
        for (int i = 0; i < name.length(); i++) {
            h = (h << 4) + (name.charAt(i) & 0xff);
            int g = h & 0xf0000000;
            if (g != 0) {
                h ^= g >>> 24;
            }
            h &= ~g;
        }
        return h;
    }

    /** The GNU hash ({@code DT_GNU_HASH}, Bernstein's h * 33 + c) of a Latin-1 name. */
    static int gnuHash(String name) {
        int h = 5381;
        for (int i = 0; i < name.length(); i++) {
            h = h * 33 + (name.charAt(i) & 0xff);
        }
        return h;
    }

    private static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }

    /** One-shot parsing state; its results are handed to the immutable {@link VdsoImage}. */
    private static final class Parser {
        /**
         * The image, copied once. Reading a heap array is plain arithmetic, where each
         * {@code MemorySegment.get} runs through var-handle machinery that costs microseconds while
         * the code is still interpreted: at start-up (when FastClock parses) that made the parse
         * about 20 ms instead of about 2.
         */
        private final byte[] image;
        private final long size;

        long loadOff;
        long loadVaddr;
        long loadFilesz;
        long loadEnd;

        private long strOff;
        private long strSize;
        long versymOff = -1;

        String[] names;
        long[] offsets;
        String[] versionNames;
        int[] versionHashes;
        boolean[] hidden;
        int[] sysvBuckets;
        int[] sysvChains;
        int[] gnuBuckets;
        int[] gnuChain;
        int gnuSymOffset;

        Parser(MemorySegment image) {
            if (image.byteSize() > MAX_IMAGE) {
                throw fail("image is %d bytes, more than any vDSO (at most %d here)", image.byteSize(), MAX_IMAGE);
            }
            this.image = image.toArray(ValueLayout.JAVA_BYTE);
            this.size = this.image.length;
        }

        Parser parse() {
            checkHeader();
            long[] dynamic = readProgramHeaders();
            Map<Long, Long> dyn = readDynamic(dynamic[0], dynamic[1]);
            return readTables(dyn);
        }

        // ---- ELF header ----

        private void checkHeader() {
            if (size < EHDR_SIZE) {
                throw fail("image is %d bytes, shorter than an ELF64 header (%d)", size, EHDR_SIZE);
            }
            if (u8(0) != ELFMAG0 || u8(1) != ELFMAG1 || u8(2) != ELFMAG2 || u8(3) != ELFMAG3) {
                throw fail("no ELF magic: starts %02x %02x %02x %02x", u8(0), u8(1), u8(2), u8(3));
            }
            int cls = u8(EI_CLASS);
            if (cls != ELFCLASS64) {
                throw fail("ELF class %d is not ELFCLASS64 (%d)%s", cls, ELFCLASS64, cls == ELFCLASS32 ? ": a 32-bit image" : "");
            }
            if (u8(EI_DATA) != ELFDATA2LSB) {
                throw fail("ELF data encoding %d is not ELFDATA2LSB (%d)", u8(EI_DATA), ELFDATA2LSB);
            }
            if (u8(EI_VERSION) != EV_CURRENT) {
                throw fail("ELF ident version %d is not EV_CURRENT (%d)", u8(EI_VERSION), EV_CURRENT);
            }
            int type = u16(Elf64_Ehdr.e_type$OFFSET);
            if (type != ET_DYN) {
                throw fail("e_type %d is not ET_DYN (%d)", type, ET_DYN);
            }
            int machine = u16(Elf64_Ehdr.e_machine$OFFSET);
            if (machine != EM_X86_64) {
                throw fail("e_machine %d is not EM_X86_64 (%d)", machine, EM_X86_64);
            }
            long version = u32(Elf64_Ehdr.e_version$OFFSET);
            if (version != EV_CURRENT) {
                throw fail("e_version %d is not EV_CURRENT (%d)", version, EV_CURRENT);
            }
        }

        /** Returns {offset, size} of the dynamic table, having set the load segment fields. */
        private long[] readProgramHeaders() {
            long phoff = u64(Elf64_Ehdr.e_phoff$OFFSET);
            int phentsize = u16(Elf64_Ehdr.e_phentsize$OFFSET);
            int phnum = u16(Elf64_Ehdr.e_phnum$OFFSET);
            if (phentsize != PHDR_SIZE) {
                throw fail("e_phentsize %d is not sizeof(Elf64_Phdr) (%d)", phentsize, PHDR_SIZE);
            }
            if (phnum == 0 || phnum > MAX_PHNUM) {
                throw fail("e_phnum %d is not between 1 and %d", phnum, MAX_PHNUM);
            }
            if (!fits(phoff, phnum * PHDR_SIZE, 0, size)) {
                throw fail("program header table (e_phoff 0x%x, %d entries) extends past the %d-byte image", phoff, phnum, size);
            }
            boolean haveLoad = false;
            long dynOff = -1;
            long dynSize = 0;
            for (int i = 0; i < phnum; i++) {
                long ph = phoff + i * PHDR_SIZE;
                long type = u32(ph + Elf64_Phdr.p_type$OFFSET);
                if (type == PT_LOAD && !haveLoad) {
                    haveLoad = true;
                    loadOff = u64(ph + Elf64_Phdr.p_offset$OFFSET);
                    loadVaddr = u64(ph + Elf64_Phdr.p_vaddr$OFFSET);
                    loadFilesz = u64(ph + Elf64_Phdr.p_filesz$OFFSET);
                    if (!fits(loadOff, loadFilesz, 0, size)) {
                        throw fail("first PT_LOAD (p_offset 0x%x, p_filesz 0x%x) extends past the %d-byte image",
                                loadOff, loadFilesz, size);
                    }
                    loadEnd = loadOff + loadFilesz;
                } else if (type == PT_DYNAMIC) {
                    if (dynOff >= 0) {
                        throw fail("more than one PT_DYNAMIC");
                    }
                    dynOff = u64(ph + Elf64_Phdr.p_offset$OFFSET);
                    dynSize = u64(ph + Elf64_Phdr.p_filesz$OFFSET);
                    if (dynOff < 0) {
                        throw fail("PT_DYNAMIC p_offset 0x%x is past the image", dynOff);
                    }
                }
            }
            if (!haveLoad) {
                throw fail("no PT_LOAD program header");
            }
            if (dynOff < 0) {
                throw fail("no PT_DYNAMIC program header");
            }
            if (!fits(dynOff, dynSize, loadOff, loadEnd)) {
                throw fail("PT_DYNAMIC (p_offset 0x%x, p_filesz 0x%x) is not inside the first PT_LOAD", dynOff, dynSize);
            }
            return new long[] {dynOff, dynSize};
        }

        // ---- dynamic section ----

        private static final Set<Long> DYNAMIC_TAGS = Set.of(DT_HASH, DT_GNU_HASH, DT_SYMTAB, DT_STRTAB, DT_STRSZ,
                DT_SYMENT, DT_VERSYM, DT_VERDEF, DT_VERDEFNUM);

        private Map<Long, Long> readDynamic(long dynOff, long dynSize) {
            Map<Long, Long> found = new HashMap<>();
            long count = dynSize / DYN_SIZE;
            for (long i = 0; i < count; i++) {
                long entry = dynOff + i * DYN_SIZE;
                long tag = u64(entry + Elf64_Dyn.d_tag$OFFSET);
                if (tag == DT_NULL) {
                    return found;
                }
                if (DYNAMIC_TAGS.contains(tag) && found.put(tag, u64(entry + Elf64_Dyn.d_val$OFFSET)) != null) {
                    // Loaders disagree on which duplicate wins: refuse rather than guess.
                    throw fail("dynamic tag 0x%x appears twice", tag);
                }
            }
            throw fail("PT_DYNAMIC has no DT_NULL within its %d entries", count);
        }

        // ---- tables ----

        private Parser readTables(Map<Long, Long> dyn) {
            long symtab = required(dyn, DT_SYMTAB, "DT_SYMTAB");
            long strtab = required(dyn, DT_STRTAB, "DT_STRTAB");
            strSize = required(dyn, DT_STRSZ, "DT_STRSZ");
            Long syment = dyn.get(DT_SYMENT);
            if (syment != null && syment != SYM_SIZE) {
                throw fail("DT_SYMENT %d is not sizeof(Elf64_Sym) (%d)", syment, SYM_SIZE);
            }
            if (!dyn.containsKey(DT_HASH) && !dyn.containsKey(DT_GNU_HASH)) {
                throw fail("neither DT_HASH nor DT_GNU_HASH: no way to look symbols up");
            }
            strOff = toOffset(strtab, strSize, "string table (DT_STRTAB, DT_STRSZ)");

            long nsyms = -1;
            if (dyn.containsKey(DT_HASH)) {
                nsyms = readSysvHash(dyn.get(DT_HASH));
            }
            if (dyn.containsKey(DT_GNU_HASH)) {
                nsyms = readGnuHash(dyn.get(DT_GNU_HASH), nsyms);
            }
            long symOff = toOffset(symtab, nsyms * SYM_SIZE, "symbol table (DT_SYMTAB, " + nsyms + " symbols)");

            boolean hasVersym = dyn.containsKey(DT_VERSYM);
            boolean hasVerdef = dyn.containsKey(DT_VERDEF);
            if (hasVersym != hasVerdef) {
                // A vDSO defines its versions and needs none, so one without the other is damage.
                throw fail("%s without %s", hasVersym ? "DT_VERSYM" : "DT_VERDEF", hasVersym ? "DT_VERDEF" : "DT_VERSYM");
            }
            Map<Integer, Verdef> defs = Map.of();
            if (hasVersym) {
                versymOff = toOffset(dyn.get(DT_VERSYM), nsyms * 2, "version symbol table (DT_VERSYM)");
                defs = readVerdefs(dyn.get(DT_VERDEF), dyn.get(DT_VERDEFNUM));
            }
            readSymbols(symOff, (int) nsyms, defs);
            return this;
        }

        /** Reads DT_HASH; returns its nchain, the number of symbols. */
        private long readSysvHash(long addr) {
            long off = toOffset(addr, 8, "SysV hash table header (DT_HASH)");
            long nbucket = u32(off);
            long nchain = u32(off + 4);
            if (nbucket == 0) {
                throw fail("DT_HASH has no buckets");
            }
            if (nchain == 0) {
                throw fail("DT_HASH has nchain 0: not even the null symbol");
            }
            if (nbucket > MAX_ENTRIES || nchain > MAX_ENTRIES) {
                throw fail("DT_HASH has %d buckets and %d chains, more than %d", nbucket, nchain, MAX_ENTRIES);
            }
            toOffset(addr, 8 + (nbucket + nchain) * 4, "SysV hash table (DT_HASH, " + nbucket + " buckets, " + nchain + " chains)");
            sysvBuckets = u32Array(off + 8, (int) nbucket);
            sysvChains = u32Array(off + 8 + nbucket * 4, (int) nchain);
            // In a sound table each symbol sits on exactly one chain, so one visit per symbol
            // bounds the whole walk and exposes cycles and shared tails.
            boolean[] seen = new boolean[(int) nchain];
            for (int b = 0; b < sysvBuckets.length; b++) {
                long i = Integer.toUnsignedLong(sysvBuckets[b]);
                while (i != 0) {
                    if (i >= nchain) {
                        throw fail("DT_HASH bucket %d leads to symbol %d, past nchain %d", b, i, nchain);
                    }
                    if (seen[(int) i]) {
                        throw fail("DT_HASH chain of bucket %d revisits symbol %d (a cycle or a shared chain)", b, i);
                    }
                    seen[(int) i] = true;
                    i = Integer.toUnsignedLong(sysvChains[(int) i]);
                }
            }
            return nchain;
        }

        /**
         * Reads DT_GNU_HASH; returns the number of symbols: {@code nsyms} when DT_HASH gave it
         * (which the GNU table must not exceed), else the end of the last hash chain.
         */
        private long readGnuHash(long addr, long nsyms) {
            long off = toOffset(addr, GNU_HASH_HEADER_SIZE, "GNU hash table header (DT_GNU_HASH)");
            long nbuckets = u32(off);
            long symOffset = u32(off + 4);
            long bloomSize = u32(off + 8);
            if (nbuckets == 0) {
                throw fail("DT_GNU_HASH has no buckets");
            }
            // The dynamic linker masks with bloomSize - 1, so only a power of two is usable.
            if (Long.bitCount(bloomSize) != 1) {
                throw fail("DT_GNU_HASH bloom filter size %d is not a power of two", bloomSize);
            }
            if (nbuckets > MAX_ENTRIES || bloomSize > MAX_ENTRIES || symOffset > MAX_ENTRIES) {
                throw fail("DT_GNU_HASH has %d buckets, %d bloom words and symoffset %d: more than %d",
                        nbuckets, bloomSize, symOffset, MAX_ENTRIES);
            }
            long bucketsOff = off + GNU_HASH_HEADER_SIZE + bloomSize * 8;
            toOffset(addr, GNU_HASH_HEADER_SIZE + bloomSize * 8 + nbuckets * 4,
                    "GNU hash table buckets (DT_GNU_HASH, " + nbuckets + " buckets)");
            int[] buckets = u32Array(bucketsOff, (int) nbuckets);
            long chainOff = bucketsOff + nbuckets * 4;
            long last = 0;
            for (int b = 0; b < buckets.length; b++) {
                long start = Integer.toUnsignedLong(buckets[b]);
                if (start != 0 && start < symOffset) {
                    throw fail("DT_GNU_HASH bucket %d starts at symbol %d, below symoffset %d", b, start, symOffset);
                }
                last = Math.max(last, start);
            }
            long end; // one past the last hashed symbol
            if (last == 0) {
                end = symOffset;
            } else {
                // Chains are laid out in symbol order, so the chain of the highest bucket ends the
                // table: walk it to its end mark, every step checked to stay in the segment.
                long i = last;
                while (true) {
                    if (i >= MAX_ENTRIES) {
                        throw fail("DT_GNU_HASH chain from symbol %d does not end before symbol %d", last, MAX_ENTRIES);
                    }
                    if (nsyms >= 0 && i >= nsyms) {
                        throw fail("DT_GNU_HASH chain from symbol %d runs past the %d symbols of DT_HASH", last, nsyms);
                    }
                    long entry = chainOff + (i - symOffset) * 4;
                    if (!fits(entry, 4, loadOff, loadEnd)) {
                        throw fail("DT_GNU_HASH chain from symbol %d runs off the end of the PT_LOAD segment", last);
                    }
                    if ((u32(entry) & 1) != 0) {
                        break;
                    }
                    i++;
                }
                end = i + 1;
            }
            if (nsyms >= 0 && end > nsyms) {
                throw fail("DT_GNU_HASH covers %d symbols, more than the %d of DT_HASH", end, nsyms);
            }
            gnuBuckets = buckets;
            gnuSymOffset = (int) symOffset;
            gnuChain = u32Array(chainOff, (int) (end - symOffset));
            return nsyms >= 0 ? nsyms : end;
        }

        private record Verdef(String name, int hash, boolean base) {
        }

        private Map<Integer, Verdef> readVerdefs(long addr, Long verdefnum) {
            // The chain only moves forward (vd_next is unsigned and checked to stay in the segment),
            // so it ends; DT_VERDEFNUM or the segment size also caps the count.
            long max = verdefnum != null ? verdefnum : loadFilesz / VERDEF_SIZE + 1;
            Map<Integer, Verdef> defs = new HashMap<>();
            long off = toOffset(addr, VERDEF_SIZE, "first version definition (DT_VERDEF)");
            for (long n = 0; n < max; n++) {
                if (!fits(off, VERDEF_SIZE, loadOff, loadEnd)) {
                    throw fail("version definition %d at 0x%x is outside the PT_LOAD segment", n, off);
                }
                int version = u16(off + Elf64_Verdef.vd_version$OFFSET);
                int flags = u16(off + Elf64_Verdef.vd_flags$OFFSET);
                int ndx = u16(off + Elf64_Verdef.vd_ndx$OFFSET);
                int cnt = u16(off + Elf64_Verdef.vd_cnt$OFFSET);
                int hash = (int) u32(off + Elf64_Verdef.vd_hash$OFFSET);
                long aux = u32(off + Elf64_Verdef.vd_aux$OFFSET);
                long next = u32(off + Elf64_Verdef.vd_next$OFFSET);
                if (version != VER_DEF_CURRENT) {
                    throw fail("version definition %d has vd_version %d, not VER_DEF_CURRENT (%d)", n, version, VER_DEF_CURRENT);
                }
                if (cnt == 0) {
                    throw fail("version definition %d has no name (vd_cnt 0)", n);
                }
                // Only the first Verdaux names this version (the others name its parents), so no
                // Verdaux chain is walked.
                long auxOff = off + aux;
                if (!fits(auxOff, VERDAUX_SIZE, loadOff, loadEnd)) {
                    throw fail("version definition %d: vd_aux 0x%x leads outside the PT_LOAD segment", n, aux);
                }
                String name = string(u32(auxOff + Elf64_Verdaux.vda_name$OFFSET), "version definition " + n);
                if (defs.put(ndx & VERSYM_VERSION, new Verdef(name, hash, (flags & VER_FLG_BASE) != 0)) != null) {
                    throw fail("two version definitions have index %d", ndx & VERSYM_VERSION);
                }
                if (next == 0) {
                    return defs;
                }
                off += next;
            }
            if (verdefnum == null) {
                throw fail("version definition chain does not end");
            }
            return defs;
        }

        private void readSymbols(long symOff, int nsyms, Map<Integer, Verdef> defs) {
            names = new String[nsyms];
            offsets = new long[nsyms];
            versionNames = new String[nsyms];
            versionHashes = new int[nsyms];
            hidden = new boolean[nsyms];
            if (nsyms > 0) {
                offsets[0] = -1; // the null symbol
            }
            for (int i = 1; i < nsyms; i++) {
                long sym = symOff + i * SYM_SIZE;
                String name = string(u32(sym + Elf64_Sym.st_name$OFFSET), "symbol " + i);
                int info = u8(sym + Elf64_Sym.st_info$OFFSET);
                int other = u8(sym + Elf64_Sym.st_other$OFFSET);
                int shndx = u16(sym + Elf64_Sym.st_shndx$OFFSET);
                long value = u64(sym + Elf64_Sym.st_value$OFFSET);
                int bind = info >>> 4;
                int type = info & 0xf;
                int visibility = other & 0x3;
                boolean exported = type == STT_FUNC
                        && (bind == STB_GLOBAL || bind == STB_WEAK)
                        && shndx != SHN_UNDEF && shndx < SHN_LORESERVE // SHN_ABS values are not biased: not code here
                        && (visibility == STV_DEFAULT || visibility == STV_PROTECTED);
                names[i] = name;
                if (versymOff >= 0) {
                    int versym = u16(versymOff + 2L * i);
                    int index = versym & VERSYM_VERSION;
                    hidden[i] = (versym & VERSYM_HIDDEN) != 0;
                    if (index == 0) {
                        exported = false; // VER_NDX_LOCAL
                    } else if (index > 1) { // 1, VER_NDX_GLOBAL, is unversioned
                        Verdef def = defs.get(index);
                        if (def == null) {
                            throw fail("symbol %d (%s) has version index %d, which DT_VERDEF does not define", i, name, index);
                        }
                        if (!def.base()) {
                            versionNames[i] = def.name();
                            versionHashes[i] = def.hash();
                        }
                    }
                }
                // Code outside the loaded extent is not in the image: such a symbol is absent.
                long d = value - loadVaddr;
                offsets[i] = exported && Long.compareUnsigned(d, loadFilesz) < 0 ? loadOff + d : -1;
            }
        }

        // ---- helpers: every read below is preceded by a bounds check against the segment ----

        private long required(Map<Long, Long> dyn, long tag, String name) {
            Long v = dyn.get(tag);
            if (v == null) {
                throw fail("no %s in the dynamic section", name);
            }
            return v;
        }

        /**
         * Converts a link-time address to an offset from the image start, proving that
         * {@code length} bytes from there lie inside the first PT_LOAD's file extent.
         */
        private long toOffset(long vaddr, long length, String what) {
            long d = vaddr - loadVaddr; // unsigned distance: wraps harmlessly for high link addresses
            if (length < 0 || Long.compareUnsigned(d, loadFilesz) > 0 || Long.compareUnsigned(length, loadFilesz - d) > 0) {
                throw fail("%s at address 0x%x, %d bytes, is not inside the PT_LOAD segment (0x%x, %d bytes)",
                        what, vaddr, length, loadVaddr, loadFilesz);
            }
            return loadOff + d;
        }

        /** Whether [off, off + length) lies within [start, end), all treated as unsigned. */
        private static boolean fits(long off, long length, long start, long end) {
            return Long.compareUnsigned(off, start) >= 0
                    && Long.compareUnsigned(off, end) <= 0
                    && length >= 0
                    && Long.compareUnsigned(length, end - off) <= 0;
        }

        private String string(long index, String owner) {
            if (index >= strSize) {
                throw fail("name of %s at string table index %d is past DT_STRSZ (%d)", owner, index, strSize);
            }
            StringBuilder sb = new StringBuilder();
            for (long p = strOff + index; p < strOff + strSize; p++) {
                int c = u8(p);
                if (c == 0) {
                    return sb.toString();
                }
                sb.append((char) c);
            }
            throw fail("name of %s at string table index %d runs off the end of the string table", owner, index);
        }

        private int[] u32Array(long off, int count) {
            check(off, 4L * count);
            int[] a = new int[count];
            for (int i = 0; i < count; i++) {
                a[i] = (int) u32(off + 4L * i);
            }
            return a;
        }

        // Little-endian reads, each checked against the image before it is made.

        private int u8(long off) {
            check(off, 1);
            return image[(int) off] & 0xff;
        }

        private int u16(long off) {
            check(off, 2);
            int o = (int) off;
            return (image[o] & 0xff) | (image[o + 1] & 0xff) << 8;
        }

        private long u32(long off) {
            check(off, 4);
            int o = (int) off;
            return ((image[o] & 0xff) | (image[o + 1] & 0xff) << 8 | (image[o + 2] & 0xff) << 16 | (long) (image[o + 3] & 0xff) << 24);
        }

        private long u64(long off) {
            check(off, 8);
            return u32(off) | u32(off + 4) << 32;
        }

        private void check(long off, long length) {
            if (!fits(off, length, 0, size)) {
                throw fail("read of %d bytes at 0x%x is outside the %d-byte image", length, off, size);
            }
        }

        private static VdsoFormatException fail(String format, Object... args) {
            return new VdsoFormatException("malformed vDSO: " + String.format(format, args));
        }
    }
}
