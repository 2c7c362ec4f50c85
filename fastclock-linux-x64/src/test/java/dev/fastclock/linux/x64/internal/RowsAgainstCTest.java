package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The numbers the method rows hard-code, against the C library's headers (compiled with gcc):
 * every {@link ClockId}'s id, the clock id of each row that names a {@code CLOCK_*}, and the system
 * call numbers the tests' own kernel answers use. A new row with a wrong id fails here, not in a
 * user's process. Skipped where gcc is absent.
 */
class RowsAgainstCTest {

    @Test
    void theClockIdsAreTheHeadersOwn(@TempDir Path dir) throws Exception {
        Path gcc = onPath("gcc");
        assumeTrue(gcc != null, "gcc is not on PATH: the ids cannot be checked here");
        TreeSet<String> names = new TreeSet<>();
        for (ClockId id : ClockId.values()) {
            names.add("CLOCK_" + id.name());
        }
        for (Method m : Method.values()) {
            for (Method.Way w : m.ways) {
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
        Path exe = dir.resolve("ids");
        run(dir, gcc.toString(), "-std=c11", "-Wall", "-Werror", "-o", exe.toString(), c.toString());
        Map<String, Integer> v = new HashMap<>();
        for (String line : run(dir, exe.toString()).split("\n")) {
            String[] kv = line.split(" ");
            v.put(kv[0], Integer.parseInt(kv[1]));
        }

        for (ClockId id : ClockId.values()) {
            assertEquals(v.get("CLOCK_" + id.name()), id.linuxId(), "ClockId." + id);
        }
        int rows = 0;
        for (Method m : Method.values()) {
            for (Method.Way w : m.ways) {
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

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
