package dev.fastclock.linux.x64.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;

/**
 * Small edits on a copy of a well-formed image (the live vDSO or a built one), done with plain
 * ELF arithmetic that assumes the image is sound (the point is to damage it afterwards). Offsets
 * are file offsets; link addresses are turned into offsets with the first PT_LOAD.
 */
final class ElfEdit {
    static final long DT_HASH = 4;
    static final long DT_STRTAB = 5;
    static final long DT_SYMTAB = 6;
    static final long DT_STRSZ = 10;
    static final long DT_SYMENT = 11;
    static final long DT_GNU_HASH = 0x6ffffef5L;
    static final long DT_VERSYM = 0x6ffffff0L;
    static final long DT_VERDEF = 0x6ffffffcL;
    static final long DT_VERDEFNUM = 0x6ffffffdL;
    private static final Set<Long> POINTER_TAGS = Set.of(DT_HASH, DT_STRTAB, DT_SYMTAB, DT_GNU_HASH, DT_VERSYM, DT_VERDEF);

    final byte[] bytes;
    final ByteBuffer b;

    ElfEdit(byte[] original) {
        this.bytes = original.clone();
        this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    int phoff() {
        return (int) b.getLong(32);
    }

    int phnum() {
        return Short.toUnsignedInt(b.getShort(56));
    }

    /** File offset of the first program header of a type, or -1. */
    int phdr(int type) {
        for (int i = 0; i < phnum(); i++) {
            int p = phoff() + 56 * i;
            if (b.getInt(p) == type) {
                return p;
            }
        }
        return -1;
    }

    long bias() {
        int load = phdr(1);
        return b.getLong(load + 8) - b.getLong(load + 16);
    }

    int dynamic() {
        return (int) b.getLong(phdr(2) + 8);
    }

    /** File offset of the entry with this tag, or -1. */
    int dynEntry(long tag) {
        for (int p = dynamic(); ; p += 16) {
            long t = b.getLong(p);
            if (t == tag) {
                return p;
            }
            if (t == 0) {
                return -1;
            }
        }
    }

    long dynVal(long tag) {
        return b.getLong(dynEntry(tag) + 8);
    }

    /** The file offset a pointer tag points at. */
    int dynOffset(long tag) {
        return (int) (dynVal(tag) + bias());
    }

    ElfEdit setDyn(long tag, long value) {
        b.putLong(dynEntry(tag) + 8, value);
        return this;
    }

    /** Removes an entry, moving the later ones (and DT_NULL) up. */
    ElfEdit removeDyn(long tag) {
        int p = dynEntry(tag);
        if (p < 0) {
            throw new IllegalArgumentException("no tag " + tag);
        }
        while (b.getLong(p) != 0) {
            b.putLong(p, b.getLong(p + 16)).putLong(p + 8, b.getLong(p + 24));
            p += 16;
        }
        return this;
    }

    /** The number of symbols, from DT_HASH's nchain (the live image has one). */
    int nsyms() {
        return b.getInt(dynOffset(DT_HASH) + 4);
    }

    int sym(int i) {
        return dynOffset(DT_SYMTAB) + 24 * i;
    }

    String symName(int i) {
        int p = dynOffset(DT_STRTAB) + b.getInt(sym(i));
        StringBuilder sb = new StringBuilder();
        while (bytes[p] != 0) {
            sb.append((char) (bytes[p++] & 0xff));
        }
        return sb.toString();
    }

    /** Index of the symbol with this name. */
    int symIndex(String name) {
        for (int i = 1; i < nsyms(); i++) {
            if (symName(i).equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no symbol " + name);
    }

    /** Moves every link-time address by {@code delta}, as if the image had been linked there. */
    ElfEdit relink(long delta) {
        int n = nsyms();
        int symtab = dynOffset(DT_SYMTAB);
        for (int i = 0; i < phnum(); i++) {
            int p = phoff() + 56 * i;
            b.putLong(p + 16, b.getLong(p + 16) + delta).putLong(p + 24, b.getLong(p + 24) + delta);
        }
        for (int p = dynamic(); b.getLong(p) != 0; p += 16) {
            if (POINTER_TAGS.contains(b.getLong(p))) {
                b.putLong(p + 8, b.getLong(p + 8) + delta);
            }
        }
        for (int i = 1; i < n; i++) {
            int s = symtab + 24 * i;
            int shndx = Short.toUnsignedInt(b.getShort(s + 6));
            if (shndx != 0 && shndx != 0xfff1) {
                b.putLong(s + 8, b.getLong(s + 8) + delta);
            }
        }
        return this;
    }

    ElfEdit u8(int off, int v) {
        b.put(off, (byte) v);
        return this;
    }

    ElfEdit u16(int off, int v) {
        b.putShort(off, (short) v);
        return this;
    }

    ElfEdit u32(int off, long v) {
        b.putInt(off, (int) v);
        return this;
    }

    ElfEdit u64(int off, long v) {
        b.putLong(off, v);
        return this;
    }
}
