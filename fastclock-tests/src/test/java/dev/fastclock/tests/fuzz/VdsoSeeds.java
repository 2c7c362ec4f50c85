package dev.fastclock.tests.fuzz;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Writes the seed corpus of {@link VdsoImageFuzzTest}: the live vDSO image of this machine and
 * variants crafted from it. The files are committed; run this only to refresh them (another kernel,
 * a new variant). It needs nothing but a JDK 22+, and runs as a single-file program:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED \
 *     fastclock-tests/src/test/java/dev/fastclock/tests/fuzz/VdsoSeeds.java \
 *     fastclock-tests/src/test/resources/dev/fastclock/tests/fuzz/VdsoImageFuzzTestInputs/parseAndLookUp
 * </pre>
 *
 * <p>With {@code --from FILE} before the directory it reads the image from {@code FILE} (e.g. the
 * committed {@code live-vdso}) instead of this process's memory, so the variants can be regenerated
 * byte for byte without touching the live image.
 *
 * <p>The live image is found as the dynamic linker finds it, {@code getauxval(AT_SYSINFO_EHDR)}, and
 * its length is the {@code [vdso]} mapping of {@code /proc/self/maps}, which must start at that
 * address. Every variant is written by {@link #variants}; the file names say what each one is.
 */
public final class VdsoSeeds {

    static final String LIVE = "live-vdso";

    private static final long AT_SYSINFO_EHDR = 33;
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final long DT_NULL = 0;
    private static final long DT_HASH = 4;
    private static final long DT_STRTAB = 5;
    private static final long DT_SYMTAB = 6;
    private static final long DT_DEBUG = 21; // a tag the reader ignores: "removing" a tag renames it to this
    private static final long DT_GNU_HASH = 0x6ffffef5L;
    private static final long DT_VERSYM = 0x6ffffff0L;
    private static final long DT_VERDEF = 0x6ffffffcL;
    private static final long DT_VERDEFNUM = 0x6ffffffdL;
    /** The link address of the first PT_LOAD in the vDSO of kernels before 3.16 or so. */
    private static final long OLD_LINK_ADDRESS = 0xffffffffff700000L;

    private VdsoSeeds() {
    }

    /**
     * Dumps the live image (or reads {@code --from FILE}) and writes it and its variants.
     *
     * @param args {@code [--from FILE] DIRECTORY}
     * @throws Throwable if the image cannot be read or a file cannot be written
     */
    public static void main(String[] args) throws Throwable {
        byte[] live;
        Path dir;
        if (args.length == 3 && args[0].equals("--from")) {
            live = Files.readAllBytes(Path.of(args[1]));
            dir = Path.of(args[2]);
        } else if (args.length == 1) {
            live = dumpLive();
            dir = Path.of(args[0]);
        } else {
            System.err.println("usage: VdsoSeeds [--from FILE] DIRECTORY");
            System.exit(2);
            return;
        }
        Files.createDirectories(dir);
        write(dir.resolve(LIVE), live);
        for (Map.Entry<String, byte[]> e : variants(live).entrySet()) {
            write(dir.resolve(e.getKey()), e.getValue());
        }
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        System.out.printf("%6d bytes  %s%n", bytes.length, file);
    }

    /** Copies this process's vDSO out of memory (a native call and a raw address: restricted methods). */
    @SuppressWarnings("restricted")
    static byte[] dumpLive() throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle getauxval = linker.downcallHandle(
                linker.defaultLookup().find("getauxval").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        long base = (long) getauxval.invokeExact(AT_SYSINFO_EHDR);
        if (base == 0) {
            throw new IllegalStateException("getauxval(AT_SYSINFO_EHDR) is 0: this process has no vDSO");
        }
        long end = -1;
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.endsWith("[vdso]")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                if (Long.parseUnsignedLong(range[0], 16) != base) {
                    throw new IllegalStateException("[vdso] mapping " + line + " does not start at AT_SYSINFO_EHDR 0x"
                            + Long.toHexString(base));
                }
                end = Long.parseUnsignedLong(range[1], 16);
            }
        }
        if (end < 0) {
            throw new IllegalStateException("no [vdso] line in /proc/self/maps");
        }
        return MemorySegment.ofAddress(base).reinterpret(end - base).toArray(ValueLayout.JAVA_BYTE);
    }

    /** The crafted variants of an image, by file name, in a fixed order. */
    static Map<String, byte[]> variants(byte[] image) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Elf elf = new Elf(image);
        // Hash tables: each alone, as linkers configured for one style emit them.
        out.put("gnu-hash-only", edit(image, e -> e.retag(DT_HASH, DT_DEBUG)));
        out.put("sysv-hash-only", edit(image, e -> e.retag(DT_GNU_HASH, DT_DEBUG)));
        // No symbol versions: lookups go by name alone.
        out.put("unversioned", edit(image, e -> e.retag(DT_VERSYM, DT_DEBUG).retag(DT_VERDEF, DT_DEBUG)
                .retag(DT_VERDEFNUM, DT_DEBUG)));
        // Every versioned symbol hidden: only a lookup naming the version finds it.
        out.put("hidden-versions", edit(image, Elf::hideVersions));
        // Old kernels linked the vDSO at a fixed high address instead of 0.
        out.put("old-link-address", edit(image, e -> e.rebase(OLD_LINK_ADDRESS)));
        // Truncations: inside the header, mid-image, one byte short of the loaded extent.
        out.put("truncated-header", Arrays.copyOf(image, 40));
        out.put("truncated-half", Arrays.copyOf(image, image.length / 2));
        out.put("truncated-load", Arrays.copyOf(image, (int) elf.loadEnd() - 1));
        // Damaged tables.
        out.put("sysv-chain-cycle", edit(image, Elf::loopSysvChain));
        out.put("gnu-chain-unterminated", edit(image, Elf::unterminateGnuChains));
        out.put("dynamic-without-null", edit(image, Elf::dropDynamicNull));
        out.put("elf32-class", edit(image, e -> e.put8(4, 1)));
        out.put("big-endian", edit(image, e -> e.put8(5, 2)));
        return out;
    }

    private static byte[] edit(byte[] image, UnaryOperator<Elf> change) {
        Elf copy = new Elf(image.clone());
        return change.apply(copy).bytes();
    }

    /** A little-endian ELF64 image being edited in place; offsets are file offsets. */
    private static final class Elf {
        private final byte[] bytes;
        private final ByteBuffer buf;

        Elf(byte[] bytes) {
            this.bytes = bytes;
            this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        byte[] bytes() {
            return bytes;
        }

        Elf put8(int off, int value) {
            bytes[off] = (byte) value;
            return this;
        }

        private int phoff() {
            return (int) buf.getLong(0x20);
        }

        private int phnum() {
            return Short.toUnsignedInt(buf.getShort(0x38));
        }

        /** File offsets of the program headers of a type. */
        private List<Integer> phdrs(int type) {
            return java.util.stream.IntStream.range(0, phnum()).map(i -> phoff() + i * 56)
                    .filter(ph -> buf.getInt(ph) == type).boxed().toList();
        }

        private int load() {
            return phdrs(PT_LOAD).getFirst();
        }

        long loadEnd() {
            return buf.getLong(load() + 8) + buf.getLong(load() + 32);
        }

        private long toFile(long addr) {
            return addr - buf.getLong(load() + 16) + buf.getLong(load() + 8);
        }

        /** File offsets of the dynamic entries up to, not including, DT_NULL. */
        private List<Integer> dynamic() {
            int dyn = (int) buf.getLong(phdrs(PT_DYNAMIC).getFirst() + 8);
            List<Integer> entries = new java.util.ArrayList<>();
            for (int e = dyn; buf.getLong(e) != DT_NULL; e += 16) {
                entries.add(e);
            }
            return entries;
        }

        private int entry(long tag) {
            return dynamic().stream().filter(e -> buf.getLong(e) == tag).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no dynamic tag 0x" + Long.toHexString(tag)));
        }

        private int table(long tag) {
            return (int) toFile(buf.getLong(entry(tag) + 8));
        }

        private int symbolCount() {
            return buf.getInt(table(DT_HASH) + 4); // nchain
        }

        Elf retag(long from, long to) {
            for (int e : dynamic()) {
                if (buf.getLong(e) == from) {
                    buf.putLong(e, to);
                }
            }
            return this;
        }

        Elf hideVersions() {
            int versym = table(DT_VERSYM);
            for (int i = 1; i < symbolCount(); i++) {
                int v = Short.toUnsignedInt(buf.getShort(versym + 2 * i));
                if ((v & 0x7fff) > 1) {
                    buf.putShort(versym + 2 * i, (short) (v | 0x8000));
                }
            }
            return this;
        }

        /** Adds {@code delta} to every link-time address: p_vaddr, p_paddr, table pointers, st_value. */
        Elf rebase(long delta) {
            int symtab = table(DT_SYMTAB);
            int nsyms = symbolCount();
            for (int i = 1; i < nsyms; i++) {
                int sym = symtab + 24 * i;
                if (buf.getShort(sym + 6) != 0 && Short.toUnsignedInt(buf.getShort(sym + 6)) < 0xff00) {
                    buf.putLong(sym + 8, buf.getLong(sym + 8) + delta);
                }
            }
            for (int e : dynamic()) {
                long tag = buf.getLong(e);
                if (tag == DT_HASH || tag == DT_GNU_HASH || tag == DT_SYMTAB || tag == DT_STRTAB
                        || tag == DT_VERSYM || tag == DT_VERDEF) {
                    buf.putLong(e + 8, buf.getLong(e + 8) + delta);
                }
            }
            for (int i = 0; i < phnum(); i++) {
                int ph = phoff() + i * 56;
                buf.putLong(ph + 16, buf.getLong(ph + 16) + delta);
                buf.putLong(ph + 24, buf.getLong(ph + 24) + delta);
            }
            return this;
        }

        /** Points the first symbol reached from a SysV bucket back at itself. */
        Elf loopSysvChain() {
            int hash = table(DT_HASH);
            int nbucket = buf.getInt(hash);
            for (int b = 0; b < nbucket; b++) {
                int first = buf.getInt(hash + 8 + 4 * b);
                if (first != 0) {
                    buf.putInt(hash + 8 + 4 * nbucket + 4 * first, first);
                    return this;
                }
            }
            throw new IllegalStateException("every DT_HASH bucket is empty");
        }

        /** Clears the end-of-chain bit of every GNU hash chain entry. */
        Elf unterminateGnuChains() {
            int gnu = table(DT_GNU_HASH);
            int nbuckets = buf.getInt(gnu);
            int symoffset = buf.getInt(gnu + 4);
            int bloom = buf.getInt(gnu + 8);
            int chain = gnu + 16 + 8 * bloom + 4 * nbuckets;
            for (int i = symoffset; i < symbolCount(); i++) {
                int at = chain + 4 * (i - symoffset);
                buf.putInt(at, buf.getInt(at) & ~1);
            }
            return this;
        }

        /** Overwrites DT_NULL and every entry after it up to the end of PT_DYNAMIC with DT_DEBUG. */
        Elf dropDynamicNull() {
            int ph = phdrs(PT_DYNAMIC).getFirst();
            long off = buf.getLong(ph + 8);
            long end = off + buf.getLong(ph + 32);
            for (long e = off; e + 16 <= end; e += 16) {
                if (buf.getLong((int) e) == DT_NULL) {
                    buf.putLong((int) e, DT_DEBUG);
                }
            }
            return this;
        }
    }
}
