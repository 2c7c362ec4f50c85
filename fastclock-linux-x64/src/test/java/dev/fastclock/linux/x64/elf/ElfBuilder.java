package dev.fastclock.linux.x64.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds small vDSO-like ELF64 images from scratch, so tests control every table: hash styles,
 * versions, link address, symbol kinds. Written from the ELF specification independently of
 * {@link VdsoImage} (its own hash functions, its own layout), so the two check each other.
 */
final class ElfBuilder {

    static final long OLD_KERNEL_BASE = 0xffffffffff700000L;

    /** A symbol to emit; {@code textOffset} is where its code sits within the text area. */
    record Sym(String name, String version, boolean hiddenVersion, int bind, int type, int shndx, int visibility,
               int textOffset) {
        static Sym func(String name, String version, int textOffset) {
            return new Sym(name, version, false, 1, 2, 12, 0, textOffset);
        }

        Sym withBind(int b) {
            return new Sym(name, version, hiddenVersion, b, type, shndx, visibility, textOffset);
        }

        Sym withType(int t) {
            return new Sym(name, version, hiddenVersion, bind, t, shndx, visibility, textOffset);
        }

        Sym withShndx(int s) {
            return new Sym(name, version, hiddenVersion, bind, type, s, visibility, textOffset);
        }

        Sym withVisibility(int v) {
            return new Sym(name, version, hiddenVersion, bind, type, shndx, v, textOffset);
        }

        Sym hidden() {
            return new Sym(name, version, true, bind, type, shndx, visibility, textOffset);
        }
    }

    /** The image and where its parts were put (file offsets). */
    record Built(byte[] bytes, Map<String, Integer> at, List<Sym> order, int textOff) {
        int at(String part) {
            Integer v = at.get(part);
            if (v == null) {
                throw new IllegalArgumentException("no part " + part);
            }
            return v;
        }

        /** The expected offset of a symbol from the image start. */
        long offsetOf(Sym s) {
            return textOff + s.textOffset();
        }
    }

    long base = 0;
    boolean sysv = true;
    boolean gnu = true;
    boolean versions = true;
    int nbuckets = 3;
    int textSize = 0x400;
    final List<Sym> syms = new ArrayList<>();

    ElfBuilder add(Sym s) {
        syms.add(s);
        return this;
    }

    /** The five vDSO functions and their plain-name weak aliases, all at LINUX_2.6, like a current kernel. */
    static ElfBuilder vdsoLike() {
        ElfBuilder b = new ElfBuilder();
        String[] names = {"clock_gettime", "gettimeofday", "time", "getcpu", "clock_getres", "getrandom"};
        for (int i = 0; i < names.length; i++) {
            b.add(Sym.func("__vdso_" + names[i], "LINUX_2.6", 0x40 * i));
            b.add(Sym.func(names[i], "LINUX_2.6", 0x40 * i).withBind(2));
        }
        return b;
    }

    static int elfHash(String s) {
        long h = 0;
        for (byte c : s.getBytes(StandardCharsets.ISO_8859_1)) {
            h = ((h << 4) + (c & 0xff)) & 0xffffffffL;
            long g = h & 0xf0000000L;
            if (g != 0) {
                h ^= g >> 24;
            }
            h &= ~g & 0xffffffffL;
        }
        return (int) h;
    }

    static int gnuHash(String s) {
        long h = 5381;
        for (byte c : s.getBytes(StandardCharsets.ISO_8859_1)) {
            h = (h * 33 + (c & 0xff)) & 0xffffffffL;
        }
        return (int) h;
    }

    Built build() {
        // GNU hash wants the hashed symbols grouped by bucket; the SysV table does not care.
        List<Sym> order = new ArrayList<>(syms);
        if (gnu) {
            order.sort(Comparator.comparingInt(s -> Integer.remainderUnsigned(gnuHash(s.name()), nbuckets)));
        }
        int nsyms = order.size() + 1;

        // Strings: "" first, then the soname, versions and symbol names.
        ByteArrayOutputStream str = new ByteArrayOutputStream();
        Map<String, Integer> strIndex = new HashMap<>();
        str.write(0);
        String soname = "linux-vdso.so.1";
        for (String s : allStrings(order, soname)) {
            if (!strIndex.containsKey(s)) {
                strIndex.put(s, str.size());
                str.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
                str.write(0);
            }
        }
        byte[] strtab = str.toByteArray();

        Map<String, Integer> versionIndex = new LinkedHashMap<>();
        for (Sym s : order) {
            if (s.version() != null) {
                versionIndex.putIfAbsent(s.version(), versionIndex.size() + 2);
            }
        }

        Map<String, Integer> at = new LinkedHashMap<>();
        int off = 64 + 2 * 56;
        off = align(off, 8);
        if (sysv) {
            at.put("hash", off);
            off += (2 + nbuckets + nsyms) * 4;
        }
        off = align(off, 8);
        if (gnu) {
            at.put("gnu_hash", off);
            off += 16 + 8 + nbuckets * 4 + (nsyms - 1) * 4;
        }
        off = align(off, 8);
        at.put("dynsym", off);
        off += nsyms * 24;
        at.put("dynstr", off);
        off += strtab.length;
        off = align(off, 2);
        if (versions) {
            at.put("versym", off);
            off += nsyms * 2;
            off = align(off, 4);
            at.put("verdef", off);
            off += (1 + versionIndex.size()) * 28;
        }
        off = align(off, 8);
        at.put("dynamic", off);
        int ndyn = 5 + (sysv ? 1 : 0) + (gnu ? 1 : 0) + (versions ? 3 : 0);
        off += ndyn * 16;
        off = align(off, 16);
        int textOff = off;
        at.put("text", off);
        off += textSize;
        int total = off;

        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        // ELF header
        b.put(0, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.putShort(16, (short) 3).putShort(18, (short) 62).putInt(20, 1);
        b.putLong(24, 0).putLong(32, 64).putLong(40, 0).putInt(48, 0);
        b.putShort(52, (short) 64).putShort(54, (short) 56).putShort(56, (short) 2);
        // PT_LOAD, PT_DYNAMIC
        phdr(b, 64, 1, 5, 0, base, total, 0x1000);
        phdr(b, 64 + 56, 2, 4, at.get("dynamic"), base + at.get("dynamic"), ndyn * 16L, 8);

        int[] gnuHashes = new int[nsyms];
        for (int i = 1; i < nsyms; i++) {
            gnuHashes[i] = gnuHash(order.get(i - 1).name());
        }
        if (sysv) {
            int h = at.get("hash");
            b.putInt(h, nbuckets).putInt(h + 4, nsyms);
            int[] buckets = new int[nbuckets];
            int[] chains = new int[nsyms];
            for (int i = 1; i < nsyms; i++) {
                int bk = Integer.remainderUnsigned(elfHash(order.get(i - 1).name()), nbuckets);
                chains[i] = buckets[bk];
                buckets[bk] = i;
            }
            for (int i = 0; i < nbuckets; i++) {
                b.putInt(h + 8 + 4 * i, buckets[i]);
            }
            for (int i = 0; i < nsyms; i++) {
                b.putInt(h + 8 + 4 * nbuckets + 4 * i, chains[i]);
            }
        }
        if (gnu) {
            int g = at.get("gnu_hash");
            b.putInt(g, nbuckets).putInt(g + 4, 1).putInt(g + 8, 1).putInt(g + 12, 6);
            b.putLong(g + 16, -1L); // a bloom filter that lets everything through is always correct
            int bucketsAt = g + 24;
            int chainAt = bucketsAt + 4 * nbuckets;
            for (int i = 1; i < nsyms; i++) {
                int bk = Integer.remainderUnsigned(gnuHashes[i], nbuckets);
                if (b.getInt(bucketsAt + 4 * bk) == 0) {
                    b.putInt(bucketsAt + 4 * bk, i);
                }
                boolean last = i == nsyms - 1 || Integer.remainderUnsigned(gnuHashes[i + 1], nbuckets) != bk;
                b.putInt(chainAt + 4 * (i - 1), (gnuHashes[i] & ~1) | (last ? 1 : 0));
            }
        }
        int symAt = at.get("dynsym");
        for (int i = 1; i < nsyms; i++) {
            Sym s = order.get(i - 1);
            int p = symAt + 24 * i;
            b.putInt(p, strIndex.get(s.name()));
            b.put(p + 4, (byte) ((s.bind() << 4) | s.type()));
            b.put(p + 5, (byte) s.visibility());
            b.putShort(p + 6, (short) s.shndx());
            b.putLong(p + 8, s.shndx() == 0 ? 0 : base + textOff + s.textOffset());
            b.putLong(p + 16, 0x20);
        }
        b.put(at.get("dynstr"), strtab);
        if (versions) {
            int vs = at.get("versym");
            for (int i = 1; i < nsyms; i++) {
                Sym s = order.get(i - 1);
                int v = s.version() == null ? 1 : versionIndex.get(s.version());
                b.putShort(vs + 2 * i, (short) (v | (s.hiddenVersion() ? 0x8000 : 0)));
            }
            int vd = at.get("verdef");
            List<String> defs = new ArrayList<>();
            defs.add(soname);
            defs.addAll(versionIndex.keySet());
            for (int i = 0; i < defs.size(); i++) {
                int p = vd + 28 * i;
                b.putShort(p, (short) 1).putShort(p + 2, (short) (i == 0 ? 1 : 0)).putShort(p + 4, (short) (i + 1));
                b.putShort(p + 6, (short) 1).putInt(p + 8, elfHash(defs.get(i))).putInt(p + 12, 20);
                b.putInt(p + 16, i == defs.size() - 1 ? 0 : 28);
                b.putInt(p + 20, strIndex.get(defs.get(i))).putInt(p + 24, 0);
            }
        }
        int d = at.get("dynamic");
        List<long[]> dyn = new ArrayList<>();
        if (sysv) {
            dyn.add(new long[] {4, base + at.get("hash")});
        }
        if (gnu) {
            dyn.add(new long[] {0x6ffffef5L, base + at.get("gnu_hash")});
        }
        dyn.add(new long[] {5, base + at.get("dynstr")});
        dyn.add(new long[] {6, base + symAt});
        dyn.add(new long[] {10, strtab.length});
        dyn.add(new long[] {11, 24});
        if (versions) {
            dyn.add(new long[] {0x6ffffff0L, base + at.get("versym")});
            dyn.add(new long[] {0x6ffffffcL, base + at.get("verdef")});
            dyn.add(new long[] {0x6ffffffdL, 1 + versionIndex.size()});
        }
        dyn.add(new long[] {0, 0});
        for (int i = 0; i < dyn.size(); i++) {
            b.putLong(d + 16 * i, dyn.get(i)[0]).putLong(d + 16 * i + 8, dyn.get(i)[1]);
        }
        // Recognisable code bytes (int3) so a wrong offset is visible in a dump.
        for (int i = textOff; i < total; i++) {
            b.put(i, (byte) 0xcc);
        }
        return new Built(b.array(), at, order, textOff);
    }

    private static List<String> allStrings(List<Sym> order, String soname) {
        List<String> out = new ArrayList<>();
        out.add(soname);
        for (Sym s : order) {
            if (s.version() != null) {
                out.add(s.version());
            }
        }
        for (Sym s : order) {
            out.add(s.name());
        }
        return out;
    }

    private static void phdr(ByteBuffer b, int p, int type, int flags, long offset, long vaddr, long size, long align) {
        b.putInt(p, type).putInt(p + 4, flags).putLong(p + 8, offset).putLong(p + 16, vaddr).putLong(p + 24, vaddr)
                .putLong(p + 32, size).putLong(p + 40, size).putLong(p + 48, align);
    }

    private static int align(int v, int a) {
        return (v + a - 1) / a * a;
    }
}
