package dev.fastclock.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fastclock.FastClock;
import dev.fastclock.SettableClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The settable clock that the pom installs behind FastClock ({@code -Dfastclock.provider=settable}) for every test here. */
final class Settable {

    private Settable() {
    }

    /** The installed clock, after checking FastClock really serves it: otherwise every assertion here would be luck. */
    static SettableClock clock() {
        assertEquals("settable", FastClock.providerName(),
                () -> "these tests need -Dfastclock.provider=settable (the pom sets it)\n" + FastClock.describe());
        return SettableClock.installed();
    }

    /** A fresh file under the module's test work directory. */
    static Path newFile(String prefix, String suffix) {
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty("fastclock.tests.workDir", "target/test-work")));
            return Files.createTempFile(dir, prefix, suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
