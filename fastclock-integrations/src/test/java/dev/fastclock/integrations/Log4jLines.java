package dev.fastclock.integrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Sets up Log4j2 as a user would, from the configuration file {@code log4j2-fastclock-test.xml} and
 * {@code -Dlog4j2.clock}, before anything touches Log4j2 in this JVM (it reads its clock once), and reads back
 * what the file appender wrote.
 */
final class Log4jLines {

    private final Path file;

    private Log4jLines(Path file) {
        this.file = file;
    }

    /** Configures Log4j2 with {@code clock} as its {@code log4j2.clock}; call before the first logger. */
    static Log4jLines configure(Class<?> clock) {
        Path file = Settable.newFile("log4j-", ".log");
        System.setProperty("log4j2.clock", clock.getName());
        System.setProperty("log4j2.configurationFile", "log4j2-fastclock-test.xml");
        System.setProperty("fastclock.test.logFile", file.toString());
        return new Log4jLines(file);
    }

    /** Every line written so far (the appender flushes each event). */
    List<String> lines() {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops Log4j2, closing the file. */
    static void shutdown() {
        ((LoggerContext) LogManager.getContext(false)).stop();
    }
}
