package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/**
 * The class-file version of every class in each deployable jar (what {@code javap -v} prints as "major version"):
 * 61 (Java 17) for fastclock-api and fastclock-integrations, 66 (Java 22, the FFM API) for fastclock-linux-x64,
 * whose module descriptor alone is 61 so that a Java 17 JVM can start with the jar on its module path.
 */
class ClassFileVersionTest {

    private static final int JAVA_17 = 61;
    private static final int JAVA_22 = 66;

    @Test
    void theApiIsForJava17() {
        assertEveryClass(Artifacts.apiJar(), JAVA_17, JAVA_17);
    }

    @Test
    void theIntegrationsAreForJava17() {
        assertEveryClass(Artifacts.integrationsJar(), JAVA_17, JAVA_17);
    }

    @Test
    void theLinuxProviderIsForJava22WithADescriptorJava17CanRead() {
        assertEveryClass(Artifacts.linuxJar(), JAVA_22, JAVA_17);
    }

    private static void assertEveryClass(Path jar, int expected, int moduleInfo) {
        Map<String, Integer> versions = new TreeMap<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            for (JarEntry e : f.stream().toList()) {
                if (e.getName().endsWith(".class")) {
                    versions.put(e.getName(), major(f, e));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertFalse(versions.isEmpty(), jar + " has no classes");
        assertEquals(moduleInfo, versions.remove("module-info.class"), () -> jar + ": module-info.class");
        Map<String, Integer> wrong = new TreeMap<>(versions);
        wrong.values().removeIf(v -> v == expected);
        assertEquals(Map.of(), wrong, () -> jar + ": classes not at class-file version " + expected);
    }

    private static int major(JarFile f, JarEntry e) throws IOException {
        try (InputStream in = f.getInputStream(e); DataInputStream d = new DataInputStream(in)) {
            int magic = d.readInt();
            assertEquals(0xCAFEBABE, magic, e.getName() + " is not a class file");
            d.readUnsignedShort(); // minor
            return d.readUnsignedShort();
        }
    }
}
