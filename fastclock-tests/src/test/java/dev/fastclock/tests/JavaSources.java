package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles Java at test time with the running JDK's compiler and jars the result, as a user's build would. */
final class JavaSources {

    private JavaSources() {
    }

    /**
     * Compiles source files and in-memory sources into {@code out}.
     *
     * @param out     the class output directory
     * @param options javac options, e.g. {@code -cp ...} or {@code --module-path ...}
     * @param files   source files on disk
     * @param inline  more sources: fully qualified class name (or {@code module-info}) to text
     */
    static void compile(Path out, List<String> options, List<Path> files, Map<String, String> inline) {
        compile(out, options, files, inline, 22);
    }

    /**
     * Compiles as {@link #compile(Path, List, List, Map)} does, for Java {@code release} ({@code --release}).
     *
     * @param release the Java release the classes are for, e.g. 17
     */
    static void compile(Path out, List<String> options, List<Path> files, Map<String, String> inline, int release) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler: the tests must run on a JDK, not a JRE");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter log = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<JavaFileObject> units = new ArrayList<>();
            fm.getJavaFileObjectsFromPaths(files).forEach(units::add);
            inline.forEach((name, text) -> units.add(new InlineSource(name, text)));
            List<String> all = new ArrayList<>(options);
            all.addAll(List.of("-d", out.toString(), "-Xlint:all", "-Werror", "--release", Integer.toString(release)));
            boolean ok = javac.getTask(log, fm, diagnostics, all, null, units).call();
            assertTrue(ok, () -> "compilation failed: " + all + "\n" + log + "\n" + diagnostics.getDiagnostics());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles in-memory sources against the built API jar into a fresh directory, and returns it. */
    static Path compileAgainstApi(String prefix, Map<String, String> sources) {
        Path out = Artifacts.tempDir(prefix);
        compile(out, List.of("-cp", Artifacts.apiJar().toString()), List.of(), sources);
        return out;
    }

    /** Writes a file (e.g. {@code META-INF/services/...}) under {@code dir}. */
    static void write(Path dir, String relative, String text) {
        try {
            Path f = dir.resolve(relative);
            Files.createDirectories(f.getParent());
            Files.writeString(f, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jars every file under {@code dir} with java.util.jar, as {@code jarFile}. */
    static Path jar(Path dir, Path jarFile) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream os = Files.newOutputStream(jarFile);
             JarOutputStream jar = new JarOutputStream(os, manifest);
             Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = dir.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(name));
                Files.copy(p, jar);
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jarFile;
    }

    private static final class InlineSource extends SimpleJavaFileObject {
        private final String text;

        InlineSource(String className, String text) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
