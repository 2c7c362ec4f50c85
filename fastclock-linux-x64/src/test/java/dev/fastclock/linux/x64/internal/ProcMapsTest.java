package dev.fastclock.linux.x64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProcMapsTest {

    static final String SAMPLE = """
            55d0c8a00000-55d0c8a02000 r--p 00000000 08:01 1234567                    /usr/bin/cat
            7f11ed138000-7f11ed13c000 r--p 00000000 00:00 0                          [vvar]
            7f11ed13c000-7f11ed13e000 r--p 00000000 00:00 0                          [vvar_vclock]
            7f11ed13e000-7f11ed140000 r-xp 00000000 00:00 0                          [vdso]
            7f11ed140000-7f11ed141000 rw-p 00000000 00:00 0\s
            7f11ed141000-7f11ed142000 rw-s 00000000 00:05 42                         /tmp/a file with spaces (deleted)
            ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
            """;

    @Test
    void parsesEveryShapeOfLine() {
        List<ProcMaps.Mapping> maps = ProcMaps.parse(SAMPLE);
        assertEquals(7, maps.size());
        ProcMaps.Mapping vdso = ProcMaps.find(maps, "[vdso]").orElseThrow();
        assertEquals(0x7f11ed13e000L, vdso.start());
        assertEquals(0x2000, vdso.size());
        assertTrue(vdso.isReadable());
        assertTrue(vdso.isExecutable());
        assertEquals("", maps.get(4).name(), "anonymous");
        assertEquals("/tmp/a file with spaces (deleted)", maps.get(5).name());
        assertEquals("rw-s", maps.get(5).perms());
    }

    @Test
    void vsyscallModes() {
        ProcMaps.Mapping xonly = ProcMaps.find(ProcMaps.parse(SAMPLE), "[vsyscall]").orElseThrow();
        assertEquals(0xffffffffff600000L, xonly.start(), "above Long.MAX_VALUE: parsed unsigned");
        assertEquals(0x1000, xonly.size());
        assertTrue(xonly.isExecutable());
        assertFalse(xonly.isReadable(), "xonly: execute only");

        ProcMaps.Mapping emulate = ProcMaps.find(ProcMaps.parse(
                "ffffffffff600000-ffffffffff601000 r-xp 00000000 00:00 0                  [vsyscall]\n"), "[vsyscall]").orElseThrow();
        assertTrue(emulate.isReadable());
        assertTrue(emulate.isExecutable());

        assertTrue(ProcMaps.find(ProcMaps.parse(SAMPLE.replace("[vsyscall]", "")), "[vsyscall]").isEmpty(), "none");
    }

    @Test
    void skipsMalformedLines() {
        String text = String.join("\n",
                "",
                "garbage",
                "7f11ed13e000-7f11ed140000",
                "7f11ed13e000-7f11ed140000 r-xp",
                "7f11ed13e000-7f11ed140000 r-xp 00000000 00:00",
                "7f11ed13e000 r-xp 00000000 00:00 0 [vdso]",
                "-7f11ed140000 r-xp 00000000 00:00 0 [vdso]",
                "7f11ed13e000-zz r-xp 00000000 00:00 0 [vdso]",
                "7f11ed140000-7f11ed13e000 r-xp 00000000 00:00 0 [vdso]",
                "7f11ed13e000-7f11ed140000 rxp 00000000 00:00 0 [vdso]",
                "7f11ed13e000-7f11ed140000 r-xq 00000000 00:00 0 [vdso]",
                "1ffffffffffffffff-2ffffffffffffffff r-xp 00000000 00:00 0 [vdso]",
                "1000-2000 r-xp 00000000 00:00 0 [vdso]",
                "\t");
        List<ProcMaps.Mapping> maps = ProcMaps.parse(text);
        assertEquals(1, maps.size(), maps.toString());
        assertEquals(0x1000, maps.get(0).start());
        assertTrue(ProcMaps.find(ProcMaps.parse(""), "[vdso]").isEmpty());
    }

    @Test
    void ownProcessHasAVdso() throws IOException {
        List<ProcMaps.Mapping> maps = ProcMaps.parse(Files.readString(Path.of("/proc/self/maps")));
        assertFalse(maps.isEmpty());
        ProcMaps.Mapping vdso = ProcMaps.find(maps, "[vdso]").orElseThrow(() -> new AssertionError(maps));
        assertTrue(vdso.isReadable() && vdso.isExecutable(), vdso.toString());
    }
}
