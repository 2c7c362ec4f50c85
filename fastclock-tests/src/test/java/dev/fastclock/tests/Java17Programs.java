package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The applications of src/test/java17, compiled now with {@code --release 17} as a Java 17 user's build compiles
 * them, and the Log4j2 set-up they log with.
 */
final class Java17Programs {

    /** The consumer's module name, when it is compiled as a module. */
    static final String MODULE = "com.example.app";
    static final String CONSUMER = "com.example.java17.Java17Consumer";
    static final String LOG4J_CONSUMER = "com.example.java17.Log4jConsumer";
    /** Takes ids from UniqueClock in the ways the issue 19 tests need. */
    static final String UNIQUE_IDS = "com.example.java17.UniqueIds";

    /** The Log4j2 application's module name, when it is compiled as a module. */
    static final String LOG4J_MODULE = "com.example.logging";

    private static Path classes;
    private static Path module;
    private static Path log4jModule;

    private Java17Programs() {
    }

    /** Both programs on the class path, compiled against fastclock-api, fastclock-integrations and Log4j2. */
    static synchronized Path classes() {
        if (classes == null) {
            Path out = Artifacts.tempDir("java17-classes-");
            List<Path> cp = new ArrayList<>(List.of(Artifacts.apiJar(), Artifacts.integrationsJar()));
            cp.addAll(Artifacts.log4jJars());
            JavaSources.compile(out, List.of("-cp", join(cp)), List.of(source("Java17Consumer"), source("Log4jConsumer"), source("UniqueIds")),
                    Map.of(), 17);
            classes = out;
        }
        return classes;
    }

    /** The consumer alone as module {@value #MODULE}, which requires {@code dev.fastclock} only. */
    static synchronized Path module() {
        if (module == null) {
            Path out = Artifacts.tempDir("java17-module-");
            JavaSources.compile(out, List.of("--module-path", Artifacts.apiJar().toString()), List.of(source("Java17Consumer")),
                    Map.of("module-info", "module " + MODULE + " {\n    requires dev.fastclock;\n}\n"), 17);
            module = out;
        }
        return module;
    }

    /**
     * The Log4j2 application alone as module {@value #LOG4J_MODULE}, which requires Log4j2's API, FastClock and
     * its integrations (Log4j2 loads the clock by name, so the application makes sure its module is there).
     */
    static synchronized Path log4jModule() {
        if (log4jModule == null) {
            Path out = Artifacts.tempDir("java17-log4j-module-");
            List<Path> mp = new ArrayList<>(List.of(Artifacts.apiJar(), Artifacts.integrationsJar()));
            mp.addAll(Artifacts.log4jJars());
            JavaSources.compile(out, List.of("--module-path", join(mp)), List.of(source("Log4jConsumer")),
                    Map.of("module-info", "module " + LOG4J_MODULE + " {\n    requires dev.fastclock;\n"
                            + "    requires dev.fastclock.integrations;\n    requires org.apache.logging.log4j;\n}\n"), 17);
            log4jModule = out;
        }
        return log4jModule;
    }

    /** The consumer on the class path with the API and the Linux provider, as a user deploys them. */
    static ChildJvm consumerOnClassPath() {
        return ChildJvm.classPath(CONSUMER, List.of(classes(), Artifacts.apiJar(), Artifacts.linuxJar()));
    }

    /** {@code UniqueIds} on the class path with the API and the Linux provider. */
    static ChildJvm uniqueIds() {
        return ChildJvm.classPath(UNIQUE_IDS, List.of(classes(), Artifacts.apiJar(), Artifacts.linuxJar()));
    }

    /** The consumer module on the module path with the API and the Linux provider modules. */
    static ChildJvm consumerOnModulePath() {
        return ChildJvm.modulePath(MODULE, CONSUMER, List.of(module(), Artifacts.apiJar(), Artifacts.linuxJar()));
    }

    /** The Log4j2 application on the class path with FastClock, its integrations, Log4j2 and {@code extra} jars. */
    static ChildJvm log4jConsumer(Log4j log, Path... extra) {
        List<Path> cp = new ArrayList<>(List.of(classes(), Artifacts.apiJar(), Artifacts.linuxJar(), Artifacts.integrationsJar()));
        cp.addAll(Artifacts.log4jJars());
        cp.addAll(List.of(extra));
        return ChildJvm.classPath(LOG4J_CONSUMER, cp).jvmArgs(log.jvmArgs());
    }

    /** The Log4j2 application on the module path with FastClock, its integrations and Log4j2 as modules. */
    static ChildJvm log4jConsumerOnModulePath(Log4j log) {
        List<Path> mp = new ArrayList<>(List.of(log4jModule(), Artifacts.apiJar(), Artifacts.linuxJar(), Artifacts.integrationsJar()));
        mp.addAll(Artifacts.log4jJars());
        return ChildJvm.modulePath(LOG4J_MODULE, LOG4J_CONSUMER, mp).jvmArgs(log.jvmArgs());
    }

    private static Path source(String name) {
        return Artifacts.java17Sources().resolve("com/example/java17/" + name + ".java");
    }

    private static String join(List<Path> entries) {
        return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * A Log4j2 set-up as a user writes it: a configuration file with a file appender printing each event's time to
     * the nanosecond, and {@code -Dlog4j2.clock=dev.fastclock.integrations.Log4jClock}.
     */
    static final class Log4j {

        private final Path config;
        private final Path file;

        Log4j() {
            Path dir = Artifacts.tempDir("log4j-");
            file = dir.resolve("app.log");
            config = dir.resolve("log4j2.xml");
            String xml = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Configuration status="WARN">
                      <Appenders>
                        <File name="file" fileName="%s" immediateFlush="true">
                          <PatternLayout pattern="%%d{yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn}{UTC} %%-5level %%logger - %%msg%%n"/>
                        </File>
                      </Appenders>
                      <Loggers>
                        <Root level="info">
                          <AppenderRef ref="file"/>
                        </Root>
                      </Loggers>
                    </Configuration>
                    """.formatted(file);
            try {
                Files.writeString(config, xml, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String[] jvmArgs() {
            return new String[] {"-Dlog4j2.configurationFile=" + config, "-Dlog4j2.clock=dev.fastclock.integrations.Log4jClock"};
        }

        /** Every line the appender wrote (an exception's stack trace included). */
        List<String> lines() {
            try {
                return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The events: the lines that start with a timestamp. */
        List<Event> events() {
            List<Event> events = new ArrayList<>();
            for (String line : lines()) {
                Event.parse(line).ifPresent(events::add);
            }
            return events;
        }
    }

    /** One log line: its time in epoch nanoseconds, level, logger and message. */
    record Event(long epochNanos, String level, String logger, String message, String line) {

        private static final int STAMP = "yyyy-MM-ddTHH:mm:ss.nnnnnnnnn".length();

        static Optional<Event> parse(String line) {
            if (line.length() < STAMP + 1) {
                return Optional.empty();
            }
            long nanos;
            try {
                nanos = LocalDateTime.parse(line.substring(0, STAMP)).toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L
                        + LocalDateTime.parse(line.substring(0, STAMP)).getNano();
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
            String[] rest = line.substring(STAMP + 1).split(" +", 3);
            assertTrue(rest.length == 3 && rest[2].startsWith("- "), () -> "not a line of the configured pattern: " + line);
            return Optional.of(new Event(nanos, rest[0], rest[1], rest[2].substring(2), line));
        }
    }
}
