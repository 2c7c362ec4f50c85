package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/**
 * Issue 17: an expected condition (native access denied, Java 17-21, an unknown route or provider, a forced route
 * that cannot serve) is one log line with no stack trace, naming what to do; traces only for the unexpected. Read
 * from a child's stderr, where java.util.logging's default format writes a record as two lines (the time and
 * source, then {@code LEVEL: message}). The child must have waited for FastClock's log thread (the probe does).
 */
final class ExpectedConditions {

    private ExpectedConditions() {
    }

    /**
     * Asserts the child's stderr holds no stack trace and exactly one FastClock record, which contains every one of
     * {@code needles}, and nothing else but that record's source line.
     *
     * @return the record's message line
     */
    static String assertOneLineNoTrace(ChildJvm.Result r, String... needles) {
        List<String> err = r.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertTrue(err.stream().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:") || l.matches("\\s+\\.\\.\\. \\d+ more")),
                () -> "a stack trace on stderr for an expected condition\n" + r);
        List<String> records = err.stream().filter(l -> l.matches("(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): .*")).toList();
        assertEquals(1, records.size(), () -> "exactly one log record expected on stderr\n" + r);
        String line = records.get(0);
        assertTrue(line.contains("FastClock"), () -> "the record is not FastClock's: " + line + "\n" + r);
        for (String n : needles) {
            assertTrue(line.contains(n), () -> "the line should name " + n + ": " + line + "\n" + r);
        }
        assertTrue(err.size() <= 2, () -> "stderr should hold the one record (two lines in java.util.logging's format) and nothing else\n" + r);
        return line;
    }
}
