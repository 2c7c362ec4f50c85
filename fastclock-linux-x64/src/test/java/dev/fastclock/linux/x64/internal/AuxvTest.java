package dev.fastclock.linux.x64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class AuxvTest {

    static byte[] pairs(long... typeValue) {
        ByteBuffer b = ByteBuffer.allocate(8 * typeValue.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : typeValue) {
            b.putLong(v);
        }
        return b.array();
    }

    @Test
    void readsUntilAtNull() {
        Auxv a = Auxv.parse(pairs(6, 4096, 33, 0x7fff0000L, 33, 1, 0, 0, 99, 5));
        assertEquals(OptionalLong.of(4096), a.value(6));
        assertEquals(OptionalLong.of(0x7fff0000L), a.value(33), "the first entry wins, as with getauxval");
        assertTrue(a.value(99).isEmpty(), "after AT_NULL");
        assertTrue(a.value(0).isEmpty(), "AT_NULL itself");
        assertEquals(3, a.size());
    }

    @Test
    void boundedWithoutAtNull() {
        byte[] bytes = pairs(33, -1L, 6, 4096);
        assertEquals(OptionalLong.of(-1L), Auxv.parse(bytes).value(33));
        byte[] partial = java.util.Arrays.copyOf(bytes, bytes.length + 12);
        assertEquals(2, Auxv.parse(partial).size(), "a trailing partial pair is ignored");
        assertEquals(0, Auxv.parse(new byte[0]).size());
        assertEquals(0, Auxv.parse(new byte[15]).size());
    }

    @Test
    @SuppressWarnings("restricted") // calls getauxval for an independent answer
    void ownProcessMatchesGetauxval() throws Throwable {
        Auxv a;
        try {
            a = Auxv.parse(Files.readAllBytes(Path.of("/proc/self/auxv")));
        } catch (IOException e) {
            throw new AssertionError("cannot read /proc/self/auxv", e);
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle getauxval = linker.downcallHandle(linker.defaultLookup().find("getauxval").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        // Not AT_HWCAP: glibc on x86-64 reports its own value for it, not the kernel's.
        for (long type : new long[] {33, 6, 25, 3, 9}) { // AT_SYSINFO_EHDR, AT_PAGESZ, AT_RANDOM, AT_PHDR, AT_ENTRY
            long expected = (long) getauxval.invokeExact(type);
            assertEquals(expected, a.value(type).orElse(0), "type " + type);
        }
    }
}
