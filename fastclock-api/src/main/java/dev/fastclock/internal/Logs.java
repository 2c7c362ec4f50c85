package dev.fastclock.internal;

import java.util.List;

/**
 * Delivers start-up messages through {@link System.Logger} {@code dev.fastclock}, on a daemon thread of
 * their own, after the choice they describe is published and its claim released.
 *
 * <p>Why another thread, always: the thread that made the choice may be inside a logging framework (a
 * Log4j2 event whose timestamp is FastClock's first call), and logging on it re-enters that framework,
 * which can lose the event being built. The choosing thread then waits for the delivery, half a second at
 * most, so that a short program prints its messages before it goes on (and exits); a logger that blocks
 * (on a lock the caller holds, a full queue) holds the call no longer than that, and never the JVM's
 * exit: the thread is a daemon, and a message it has not delivered when the JVM exits is still in
 * {@code FastClock.report()}. Only messages wait: no answer depends on it. A logger that reads FastClock
 * reads a settled choice.
 */
public final class Logs {

    private Logs() {
    }

    /** How long the choosing thread waits for its messages to be delivered. */
    private static final long DELIVERY_WAIT_MILLIS = 500;

    /**
     * Logs {@code messages} on a new daemon thread named {@code fastclock-log}, and waits for it (half a
     * second at most); where no thread can be started they stay in the report only. Never throws.
     *
     * @param messages the messages, possibly empty
     */
    public static void deliver(List<Message> messages) {
        if (messages == null || messages.isEmpty()) {
            return;
        }
        Thread t;
        try {
            t = new Thread(new Delivery(messages), "fastclock-log");
            t.setDaemon(true);
            t.start();
        } catch (Throwable e) {
            return; // no thread to be had (out of memory, a thread limit): the report keeps the messages
        }
        try {
            t.join(DELIVERY_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller's interrupt is the caller's: keep it
        }
    }

    /** A class, not a lambda: each lambda costs a cold JVM its bootstrap. */
    private static final class Delivery implements Runnable {
        private final List<Message> messages;

        Delivery(List<Message> messages) {
            this.messages = messages;
        }

        @Override
        public void run() {
            try {
                // Looked up only when there is something to say: System.getLogger costs start-up time.
                System.Logger logger = System.getLogger("dev.fastclock");
                for (Message m : messages) {
                    if (m.thrown() == null) {
                        logger.log(m.level(), m.text());
                    } else {
                        logger.log(m.level(), m.text(), m.thrown());
                    }
                }
            } catch (Throwable e) {
                // The logger itself is broken: a clock must not fail for a log line.
            }
        }
    }
}
