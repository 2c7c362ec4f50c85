package dev.fastclock.internal;

import java.util.List;

/**
 * Logs collected messages through {@link System.Logger} {@code dev.fastclock}, after the choice they
 * describe is published and with no lock held, so a logger that reads FastClock reads a settled one.
 * Public for the providers' own planners, which defer their messages the same way.
 */
public final class Logs {

    private Logs() {
    }

    /**
     * Logs each message; a logger that fails is ignored (a clock read must not fail for a log line).
     *
     * @param messages the messages
     */
    public static void flush(List<Selection.Deferred> messages) {
        if (messages.isEmpty()) {
            return;
        }
        try {
            // Looked up only when there is something to say: System.getLogger costs start-up time.
            System.Logger logger = System.getLogger("dev.fastclock");
            for (Selection.Deferred d : messages) {
                if (d.thrown() == null) {
                    logger.log(d.level(), d.message());
                } else {
                    logger.log(d.level(), d.message(), d.thrown());
                }
            }
        } catch (Throwable e) {
            // nothing to do: the logger itself is broken, and a clock read must not fail for a log line
        }
    }
}
