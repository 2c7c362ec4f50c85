package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import dev.fastclock.spi.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The numbers the rows rest on, against the C library's headers (compiled with gcc): every
 * {@link ClockId}'s id, every clock of the catalogue ({@link Method.Clock}, from which the rows take
 * their ids), the clock id of each row that names a {@code CLOCK_*}, and the system call numbers the
 * tests' own kernel answers use. A new clock with a wrong id fails here, not in a user's process.
 * Skipped where gcc is absent.
 */
class RowsAgainstCTest {

    @Test
    void theClockIdsAreTheHeadersOwn(@TempDir Path dir) throws Exception {
        TreeSet<String> names = new TreeSet<>();
        for (ClockId id : ClockId.values()) {
            names.add("CLOCK_" + id.name());
        }
        for (Method.Clock c : Method.Clock.values()) {
            names.add(c.cName());
        }
        for (Row m : Row.values()) {
            for (Row.Way w : m.ways) {
                if (w.note().startsWith("CLOCK_")) {
                    names.add(w.note().split("[ ,]")[0]);
                }
            }
        }
        StringBuilder src = new StringBuilder("#define _GNU_SOURCE\n#include <time.h>\n#include <sys/syscall.h>\n#include <stdio.h>\n\nint main(void) {\n");
        for (String n : names) {
            src.append("    printf(\"%s %d\\n\", \"").append(n).append("\", (int) ").append(n).append(");\n");
        }
        src.append("    printf(\"SYS_clock_gettime %d\\n\", (int) SYS_clock_gettime);\n");
        src.append("    printf(\"SYS_getcpu %d\\n\", (int) SYS_getcpu);\n");
        src.append("    return 0;\n}\n");
        Path c = dir.resolve("ids.c");
        Files.writeString(c, src);
        Path exe = Gcc.program(dir, c, "the clock ids");
        Map<String, Integer> v = new HashMap<>();
        for (String line : Gcc.run(dir, exe.toString()).split("\n")) {
            String[] kv = line.split(" ");
            v.put(kv[0], Integer.parseInt(kv[1]));
        }

        for (ClockId id : ClockId.values()) {
            assertEquals(v.get("CLOCK_" + id.name()), id.linuxId(), "ClockId." + id);
        }
        for (Method.Clock clock : Method.Clock.values()) {
            assertEquals(v.get(clock.cName()), clock.linuxId(), "the catalogue's Method.Clock." + clock);
        }
        int rows = 0;
        for (Row m : Row.values()) {
            for (Row.Way w : m.ways) {
                if (w.note().startsWith("CLOCK_")) {
                    String name = w.note().split("[ ,]")[0];
                    Integer expected = v.get(name);
                    assertNotNull(expected, name);
                    assertEquals(expected.intValue(), w.arg(), m.apiName() + "'s row asks for " + name);
                    rows++;
                }
            }
        }
        assertTrue(rows >= 8, "rows that name their clock: " + rows);
        assertEquals(Kernel.SYS_CLOCK_GETTIME, v.get("SYS_clock_gettime").longValue(), "Kernel.clockGettime's number");
        assertEquals(Kernel.SYS_GETCPU, v.get("SYS_getcpu").longValue(), "Kernel.getcpu's number");
    }
}
