package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 18: the README's samples compile and run as written, so the README cannot drift from the API.
 *
 * <p>The convention the README follows (it says so too, under "Use it with Log4j2..."):
 * <ul>
 *   <li>every {@code ```java} block is one whole source file, copied as is: {@code package com.example;}, its imports
 *       and one top-level class, or a {@code module-info.java} ({@code module ... { ... }});</li>
 *   <li>the blocks of one {@code ## } section belong together: its classes are compiled together on the class path
 *       against the built jars (FastClock's three, Log4j2's API and core), for Java 17 ({@code --release 17}, the
 *       README's floor), with {@code -Xlint:all -Werror}; where the section has a module-info block, its classes are
 *       compiled again with it as that module on the module path (so a missing {@code requires}, or one that does
 *       not pass {@code dev.fastclock} on, fails here);</li>
 *   <li>a class with a {@code main} method is a runnable sample and names its class-path JVM options in a
 *       {@code // Run with:} line; it runs with exactly those on the class path, and on the module path with
 *       {@code --enable-native-access=ALL-UNNAMED} turned into {@code =dev.fastclock.linux.x64}, as the README says;
 *       on the build's JDK it must choose {@code linux-x64} and print nothing on stderr, on Java 17 (where one is
 *       installed) it must run with the {@code jdk} provider and say why in one log record;</li>
 *   <li>a section's {@code ```xml} block that is a Log4j2 {@code <Configuration>} is the {@code log4j2.xml} its
 *       samples run with, put where a user's {@code src/main/resources} puts it: at the root of the classes;</li>
 *   <li>every {@code ```xml} block with a {@code dev.fastclock} dependency names a deployable module at this
 *       version.</li>
 * </ul>
 */
class ReadmeSamplesTest {

    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern CLASS = Pattern.compile("(?m)^public\\s+(?:final\\s+)?class\\s+(\\w+)");
    private static final Pattern MODULE = Pattern.compile("(?m)^module\\s+([\\w.]+)\\s*\\{");
    private static final Pattern MAIN = Pattern.compile("public\\s+static\\s+void\\s+main\\s*\\(");
    private static final Pattern RUN_WITH = Pattern.compile("(?m)^\\s*//\\s*Run with:\\s*(.*)$");
    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>dev\\.fastclock</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");

    private static final String CLASS_PATH_FLAG = "--enable-native-access=ALL-UNNAMED";
    private static final String MODULE_PATH_FLAG = "--enable-native-access=dev.fastclock.linux.x64";

    private static final Set<String> DEPLOYABLE = Set.of("fastclock-api", "fastclock-linux-x64", "fastclock-integrations");

    /** Compiled output per section and path kind: each section is compiled once, then run on several JVMs. */
    private static final Map<String, Path> COMPILED = new ConcurrentHashMap<>();

    /** A fenced block of the README: its language, text, the {@code ## } section it is in and its first line. */
    record Block(String language, String text, String section, int line) {

        boolean isModuleInfo() {
            return MODULE.matcher(text).find() && !CLASS.matcher(text).find();
        }

        String moduleName() {
            Matcher m = MODULE.matcher(text);
            assertTrue(m.find(), () -> "no module declaration in the block at README.md:" + line);
            return m.group(1);
        }

        /** The fully qualified name of the block's public class. */
        String className() {
            Matcher p = PACKAGE.matcher(text);
            Matcher c = CLASS.matcher(text);
            assertTrue(c.find(), () -> "README.md:" + line + ": a java block is a whole file: one public top-level class "
                    + "(or a module-info), with its imports\n" + text);
            return (p.find() ? p.group(1) + "." : "") + c.group(1);
        }

        boolean isRunnable() {
            return MAIN.matcher(text).find();
        }

        /** The JVM options of the {@code // Run with:} line, for the class path. */
        List<String> runWith() {
            Matcher m = RUN_WITH.matcher(text);
            assertTrue(m.find(), () -> "README.md:" + line + ": a runnable sample names its JVM options in a '// Run with:' line\n" + text);
            return Arrays.stream(m.group(1).trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        }

        boolean isLog4jConfiguration() {
            return language.equals("xml") && text.stripLeading().startsWith("<Configuration");
        }
    }

    /** The README's fenced blocks, in order. */
    static List<Block> blocks() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Artifacts.readme(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        String section = "(top)";
        String language = null;
        int start = 0;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (language == null) {
                if (line.startsWith("## ")) {
                    section = line.substring(3).trim();
                } else if (fence.matches()) {
                    language = fence.group(1);
                    start = i + 2; // 1-based, the block's first line
                    text.setLength(0);
                }
            } else if (line.equals("```")) {
                blocks.add(new Block(language, text.toString(), section, start));
                language = null;
            } else {
                text.append(line).append('\n');
            }
        }
        assertTrue(language == null, "README.md ends inside a fenced block");
        return blocks;
    }

    /** The java blocks, grouped by section, in README order. */
    private static Map<String, List<Block>> javaBySection() {
        Map<String, List<Block>> sections = new LinkedHashMap<>();
        for (Block b : blocks()) {
            if (b.language().equals("java")) {
                sections.computeIfAbsent(b.section(), k -> new ArrayList<>()).add(b);
            }
        }
        return sections;
    }

    @Test
    void theReadmeHasRunnableSamplesForTheCoreAndTheIntegrationsOnBothPaths() {
        Map<String, List<Block>> sections = javaBySection();
        List<String> sectionsWithBoth = sections.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(Block::isRunnable) && e.getValue().stream().anyMatch(Block::isModuleInfo))
                .map(Map.Entry::getKey).toList();
        assertTrue(sectionsWithBoth.contains("Use it"), () -> "expected a runnable sample and a module-info under 'Use it': " + sections.keySet());
        assertTrue(sectionsWithBoth.stream().anyMatch(s -> s.contains("Log4j2")),
                () -> "expected a runnable sample and a module-info under the integrations section: " + sections.keySet());
    }

    @Test
    void everyJavaBlockIsAWholeFileWithAUniqueNameInItsSection() {
        for (Map.Entry<String, List<Block>> e : javaBySection().entrySet()) {
            Set<String> names = new HashSet<>();
            long modules = 0;
            for (Block b : e.getValue()) {
                if (b.isModuleInfo()) {
                    modules++;
                    continue;
                }
                String name = b.className();
                assertTrue(names.add(name), () -> "two classes named " + name + " in section '" + e.getKey() + "'");
                if (b.isRunnable()) {
                    assertFalse(b.runWith().isEmpty(), () -> "README.md:" + b.line() + ": '// Run with:' names no option");
                }
            }
            long m = modules;
            assertTrue(m <= 1, () -> "section '" + e.getKey() + "' has " + m + " module-info blocks: one at most");
        }
    }

    @Test
    void dependencySnippetsNameADeployableModuleAtThisVersion() {
        String version = System.getProperty("fastclock.tests.version");
        assertTrue(version != null && !version.startsWith("${"), "fastclock.tests.version is not set: run through Maven");
        int found = 0;
        for (Block b : blocks()) {
            if (!b.language().equals("xml")) {
                continue;
            }
            Matcher m = DEPENDENCY.matcher(b.text());
            while (m.find()) {
                found++;
                assertTrue(DEPLOYABLE.contains(m.group(1)), "README.md:" + b.line() + ": " + m.group(1) + " is not deployed");
                assertEquals(version, m.group(2), "README.md:" + b.line() + ": the version of " + m.group(1));
            }
        }
        assertTrue(found >= 2, "expected the core and the integrations dependency snippets, found " + found);
    }

    /** Per section: compile on the class path, on the module path, and run every runnable sample on each JVM. */
    @TestFactory
    Stream<DynamicNode> samplesCompileAndRun() {
        return javaBySection().entrySet().stream().map(e -> {
            String section = e.getKey();
            List<Block> javaBlocks = e.getValue();
            Optional<Block> moduleInfo = javaBlocks.stream().filter(Block::isModuleInfo).findFirst();
            List<Block> classes = javaBlocks.stream().filter(b -> !b.isModuleInfo()).toList();
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("compiles on the class path", () -> classPathClasses(section, classes)));
            moduleInfo.ifPresent(mi -> tests.add(DynamicTest.dynamicTest("compiles as module " + mi.moduleName(),
                    () -> moduleClasses(section, mi, classes))));
            for (Block sample : classes.stream().filter(Block::isRunnable).toList()) {
                String name = sample.className();
                tests.add(DynamicTest.dynamicTest(name + " runs on the class path, build JDK", () ->
                        assertLinuxX64(classPathRun(section, classes, sample).run())));
                tests.add(DynamicTest.dynamicTest(name + " runs on the class path, Java 17", () ->
                        assertJdkOnOlderJava(classPathRun(section, classes, sample).java(olderJava()).run())));
                moduleInfo.ifPresent(mi -> {
                    tests.add(DynamicTest.dynamicTest(name + " runs on the module path, build JDK", () ->
                            assertLinuxX64(modulePathRun(section, mi, classes, sample).run())));
                    tests.add(DynamicTest.dynamicTest(name + " runs on the module path, Java 17", () ->
                            assertJdkOnOlderJava(modulePathRun(section, mi, classes, sample).java(olderJava()).run())));
                });
            }
            return DynamicContainer.dynamicContainer(section, tests);
        });
    }

    // ---- compiling

    /** What a sample compiles and runs against: the built FastClock jars and Log4j2's, as a user's build has them. */
    private static List<Path> jars() {
        List<Path> jars = new ArrayList<>(List.of(Artifacts.apiJar(), Artifacts.linuxJar(), Artifacts.integrationsJar()));
        jars.addAll(Artifacts.log4jJars());
        return jars;
    }

    private static Map<String, String> sources(List<Block> classes) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Block b : classes) {
            sources.put(b.className(), b.text());
        }
        return sources;
    }

    private static Path classPathClasses(String section, List<Block> classes) {
        return COMPILED.computeIfAbsent("cp " + section, k -> {
            Path out = Artifacts.tempDir("readme-cp-");
            JavaSources.compile(out, List.of("-cp", join(jars())), List.of(), sources(classes), 17);
            resources(section, out);
            return out;
        });
    }

    private static Path moduleClasses(String section, Block moduleInfo, List<Block> classes) {
        return COMPILED.computeIfAbsent("mp " + section, k -> {
            Path out = Artifacts.tempDir("readme-mp-");
            Map<String, String> sources = sources(classes);
            sources.put("module-info", moduleInfo.text());
            JavaSources.compile(out, List.of("--module-path", join(jars())), List.of(), sources, 17);
            resources(section, out);
            return out;
        });
    }

    /** The section's Log4j2 configuration, as log4j2.xml at the root of the classes. */
    private static void resources(String section, Path out) {
        blocks().stream().filter(b -> b.section().equals(section) && b.isLog4jConfiguration())
                .forEach(b -> JavaSources.write(out, "log4j2.xml", b.text()));
    }

    // ---- running

    private static ChildJvm classPathRun(String section, List<Block> classes, Block sample) {
        List<Path> cp = new ArrayList<>(List.of(classPathClasses(section, classes)));
        cp.addAll(jars());
        return ChildJvm.classPath(sample.className(), cp).jvmArgs(sample.runWith().toArray(String[]::new));
    }

    private static ChildJvm modulePathRun(String section, Block moduleInfo, List<Block> classes, Block sample) {
        List<Path> mp = new ArrayList<>(List.of(moduleClasses(section, moduleInfo, classes)));
        mp.addAll(jars());
        String[] flags = sample.runWith().stream().map(f -> f.equals(CLASS_PATH_FLAG) ? MODULE_PATH_FLAG : f).toArray(String[]::new);
        return ChildJvm.modulePath(moduleInfo.moduleName(), sample.className(), mp).jvmArgs(flags);
    }

    private static Path olderJava() {
        OlderJava.Search s = OlderJava.find();
        assumeTrue(s.runtime().isPresent(), s::whyNone);
        return s.runtime().get().java();
    }

    /** On the build's JDK (22+) with the README's flag: the Linux provider, and not a word on stderr. */
    private static void assertLinuxX64(ChildJvm.Result r) {
        assertEquals(0, r.exitCode(), () -> "exit code\n" + r);
        assertTrue(r.stdout().contains("linux-x64"), () -> "the sample should have run on the linux-x64 provider\n" + r);
        assertEquals("", r.stderr().strip(), () -> "with the README's flags nothing is expected on stderr\n" + r);
    }

    /** On Java 17-21: runs, on the jdk provider, which one log record explains (no stack trace). */
    private static void assertJdkOnOlderJava(ChildJvm.Result r) {
        assertEquals(0, r.exitCode(), () -> "exit code\n" + r);
        List<String> err = r.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertTrue(err.stream().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:")), () -> "a stack trace\n" + r);
        assertEquals(1, err.stream().filter(l -> l.contains("Java 22")).count(), () -> "one line should name Java 22\n" + r);
        // java.util.logging's default format puts a record on two lines: the time and source, then the message.
        if (err.size() > 2) {
            fail("stderr should hold FastClock's one log record and nothing else\n" + r);
        }
    }

    private static String join(List<Path> entries) {
        return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
