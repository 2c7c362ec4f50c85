package dev.fastclock.linux.x64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fastclock.linux.x64.bindings.fastclock_h;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.PaddingLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the hand-kept bindings against the C compiler: compiles a program that includes
 * {@code src/main/c/fastclock.h} and prints the size and offset of every struct member, every
 * struct size and every constant that {@link fastclock_h} mirrors (found by reflection, so a new
 * mirror is checked without touching this test), and takes the address of every mirrored
 * function so the header is proved to declare it. Skipped where gcc is absent.
 */
class NativeLayoutTest {

    /** Java members that flatten a C union: their C member designators. */
    private static final Map<String, String> C_MEMBER = Map.of("Elf64_Dyn.d_val", "d_un.d_val");

    /** The literal offsets and sizes the parser reads (jextract style) are those of the declared layouts. */
    @Test
    void literalOffsetsAndSizesMatchTheLayouts() throws Exception {
        int checked = 0;
        for (Class<?> c : fastclock_h.class.getDeclaredClasses()) {
            GroupLayout layout = (GroupLayout) c.getField("LAYOUT").get(null);
            assertEquals(layout.byteSize(), c.getField("SIZE").getLong(null), c.getSimpleName() + ".SIZE");
            for (Field off : c.getFields()) {
                if (off.getName().endsWith("$OFFSET")) {
                    String f = off.getName().substring(0, off.getName().length() - "$OFFSET".length());
                    assertEquals(layout.byteOffset(PathElement.groupElement(f)), off.getLong(null), c.getSimpleName() + "." + off.getName());
                    checked++;
                }
            }
        }
        assertTrue(checked > 40, "offsets checked: " + checked);
    }

    @Test
    void bindingsMatchTheCCompiler(@TempDir Path dir) throws Exception {
        Path gcc = onPath("gcc");
        Assumptions.assumeTrue(gcc != null, "gcc is not on PATH: the C layouts cannot be checked here");
        Path header = Path.of("src/main/c/fastclock.h").toAbsolutePath();
        assertTrue(Files.isRegularFile(header), "missing " + header);

        List<String> lines = new ArrayList<>();
        Map<String, Long> expected = new HashMap<>();
        for (Class<?> c : fastclock_h.class.getDeclaredClasses()) {
            Field layoutField;
            try {
                layoutField = c.getField("LAYOUT");
            } catch (NoSuchFieldException e) {
                continue;
            }
            GroupLayout layout = (GroupLayout) layoutField.get(null);
            String java = c.getSimpleName();
            String ctype = java.startsWith("Elf") ? java : "struct " + java;
            lines.add("printf(\"size %s %%zu\\n\", sizeof(%s));".formatted(java, ctype));
            expected.put("size " + java, layout.byteSize());
            for (MemoryLayout member : layout.memberLayouts()) {
                if (member instanceof PaddingLayout) {
                    continue; // C's alignment gaps and unnamed bit-fields (struct timex's int :32), checked through the size
                }
                String f = member.name().orElseThrow(() -> new AssertionError("unnamed member in " + java));
                String cf = C_MEMBER.getOrDefault(java + "." + f, f);
                lines.add("printf(\"offset %s.%s %%zu\\n\", offsetof(%s, %s));".formatted(java, f, ctype, cf));
                lines.add("printf(\"size %s.%s %%zu\\n\", sizeof(((%s *) 0)->%s));".formatted(java, f, ctype, cf));
                expected.put("offset " + java + "." + f, layout.byteOffset(PathElement.groupElement(f)));
                expected.put("size " + java + "." + f, member.byteSize());
            }
            for (Field off : c.getFields()) {
                if (off.getName().endsWith("$OFFSET")) {
                    String f = off.getName().substring(0, off.getName().length() - "$OFFSET".length());
                    assertEquals(expected.get("offset " + java + "." + f), (Long) off.get(null), java + "." + off.getName());
                }
            }
        }
        List<String> functions = new ArrayList<>();
        for (Field f : fastclock_h.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            if (f.getType() == int.class || f.getType() == long.class) {
                lines.add("printf(\"const %s %%lld\\n\", (long long) (%s));".formatted(f.getName(), f.getName()));
                expected.put("const " + f.getName(), ((Number) f.get(null)).longValue());
            } else if (f.getName().endsWith("$DESC")) {
                functions.add(f.getName().substring(0, f.getName().length() - "$DESC".length()));
            }
        }
        assertTrue(expected.keySet().stream().filter(k -> k.startsWith("const ")).count() > 40, "constants found by reflection");
        assertTrue(functions.size() >= 10, "functions found by reflection: " + functions);
        // clockStatus' bindings (issue 20) are among them: the struct, every field FastClock reads, the states, the bits, the call.
        for (String key : List.of("size timex", "offset timex.modes", "offset timex.offset", "offset timex.freq", "offset timex.maxerror",
                "offset timex.esterror", "offset timex.status", "offset timex.tai", "size timex.tai", "size timex.time",
                "const TIME_OK", "const TIME_INS", "const TIME_DEL", "const TIME_OOP", "const TIME_WAIT", "const TIME_ERROR",
                "const STA_INS", "const STA_DEL", "const STA_UNSYNC", "const STA_NANO", "const STA_PLL", "const STA_CLOCKERR")) {
            assertTrue(expected.containsKey(key), key + " is checked against gcc");
        }
        assertTrue(functions.contains("adjtimex"), "adjtimex is declared: " + functions);

        StringBuilder src = new StringBuilder("#include \"fastclock.h\"\n#include <stddef.h>\n#include <stdio.h>\n\n");
        src.append("int main(void) {\n");
        for (String fn : functions) {
            src.append("    (void) &").append(fn).append(";\n");
        }
        for (String line : lines) {
            src.append("    ").append(line).append('\n');
        }
        src.append("    return 0;\n}\n");
        Path c = dir.resolve("layout.c");
        Files.writeString(c, src);
        Path exe = dir.resolve("layout");
        run(dir, gcc.toString(), "-std=c11", "-Wall", "-Werror", "-I", header.getParent().toString(), "-o", exe.toString(), c.toString());
        String out = run(dir, exe.toString());

        Map<String, Long> actual = new HashMap<>();
        for (String line : out.split("\n")) {
            int space = line.lastIndexOf(' ');
            actual.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
        }
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            assertEquals(actual.get(e.getKey()), e.getValue(), e.getKey() + " (C says " + actual.get(e.getKey()) + ")");
        }
        assertEquals(expected.size(), actual.size());
        System.out.println("checked " + expected.size() + " sizes, offsets and constants and " + functions.size() + " declarations");
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
