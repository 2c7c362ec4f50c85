package dev.fastclock.internal;

import java.util.List;

/**
 * Logs collected messages through {@link System.Logger} {@code dev.fastclock}, after the choice they
 * describe is published and with no lock held, so a logger that reads FastClock reads a settled one.
 * Public for the providers' own planners, which defer their messages the same way.
 *
 * <p>Usually the messages go out at once, on the calling thread. But that thread may be inside a
 * logging framework already: a Log4j2 event whose timestamp is FastClock's first call (Log4j2's
 * {@code log4j2.clock} set to FastClock's) is half built when FastClock would log, and logging on that
 * thread re-enters the logger, which loses the outer event; logging on another thread at once races
 * the framework's own initialization, which can leave it unconfigured. So when the calling thread's
 * stack shows a logging framework, a {@code fastclock-log} thread delivers the messages once the
 * calling thread has left the framework (it looks every few milliseconds, for ten seconds at most).
 * That thread is not a daemon, so a program that exits at once still has its messages written.
 */
public final class Logs {

    private Logs() {
    }

    /**
     * Logs each message, on a {@code fastclock-log} thread; a logger that fails is ignored (a clock
     * read must not fail for a log line). Where no thread can be started, on this one.
     *
     * @param messages the messages
     */
    public static void flush(List<Selection.Deferred> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Thread origin = Thread.currentThread();
        if (!insideLogger(origin)) {
            deliver(messages);
            return;
        }
        Runnable deliver = new Runnable() { // a class, not a lambda: start-up pays for each lambda
            @Override
            public void run() {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (origin.isAlive() && insideLogger(origin) && System.nanoTime() - deadline < 0) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
                deliver(messages);
            }
        };
        try {
            Thread t = new Thread(deliver, "fastclock-log");
            t.setDaemon(false);
            t.start();
        } catch (Throwable e) {
            deliver(messages);
        }
    }

    /** Logging frameworks' packages: a frame of one of them on a stack means the thread is logging. */
    private static final String[] LOGGERS = {"org.apache.logging.", "ch.qos.logback.", "org.slf4j.", "java.util.logging.",
        "sun.util.logging.", "jdk.internal.logger.", "org.jboss.logmanager.", "org.tinylog.", "java.lang.System$Logger"};

    private static boolean insideLogger(Thread t) {
        try {
            for (StackTraceElement e : t.getStackTrace()) {
                String c = e.getClassName();
                for (String p : LOGGERS) {
                    if (c.startsWith(p)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (Throwable e) {
            return true; // cannot tell: the safe way is off this thread
        }
    }

    private static void deliver(List<Selection.Deferred> messages) {
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
