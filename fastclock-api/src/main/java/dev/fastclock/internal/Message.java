package dev.fastclock.internal;

/**
 * A start-up message: logged once the choice it describes is published, and kept for the report.
 *
 * @param level  the level
 * @param text   the message, one line
 * @param thrown the cause to print with it, or null: expected conditions (native access denied, an older
 *               Java, a fallback) are one line; only the unexpected carries a stack trace
 */
public record Message(System.Logger.Level level, String text, Throwable thrown) {
}
