package dev.fastclock.testproviders;

import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link System.LoggerFinder} registered in src/test/resources/META-INF/services, so every test
 * JVM of this module uses it. It acts only where a test sets {@value #MODE_PROPERTY} before first
 * use, and then only for loggers named {@code dev.fastclock} or under it; everywhere else its
 * loggers print INFO and above to standard error, as the JDK's own finder does by default
 * ({@code java.util.logging} is not readable from the patched test module).
 *
 * <p>With {@value #MODE_PROPERTY}{@code =}{@value #READS}, its loggers are what issue 9 is about: a
 * logger that stamps its records with FastClock. Inside {@code log(...)} each reads
 * {@link FastClock#nanos()}, {@link FastClock#epochMillis()}, {@link CpuLocator#cpu()} and
 * {@link FastClock#providerName()}, brackets the readings with the JDK's, and keeps an {@link Entry}.
 * With {@value #THROWS} it does the same and then throws an {@link AssertionError}: a logger that
 * breaks. With {@value #BLOCKS} it does the same, counts {@link #REACHED} down and never returns: a logger
 * stuck behind a lock its framework's own thread holds.
 */
public final class ReadingLoggerFinder extends System.LoggerFinder {

    /** The system property that turns the loggers on: {@value #READS} or {@value #THROWS}. */
    public static final String MODE_PROPERTY = "fastclock.test.logger";
    /** Read FastClock in every {@code log(...)} and keep the record. */
    public static final String READS = "reads";
    /** As {@value #READS}, then throw {@link AssertionError}. */
    public static final String THROWS = "throws";
    /** As {@value #READS}, then block for good. */
    public static final String BLOCKS = "blocks";
    /** Counted down by each record a {@value #BLOCKS} logger keeps, before it blocks. */
    public static final java.util.concurrent.CountDownLatch REACHED = new java.util.concurrent.CountDownLatch(1);

    private static final ConcurrentLinkedQueue<Entry> ENTRIES = new ConcurrentLinkedQueue<>();

    /**
     * One record, with what the logger read while logging it.
     *
     * @param logger        the logger's name
     * @param level         the level
     * @param message       the message, formatted
     * @param thrown        the throwable logged with it, or null
     * @param thread        the thread that logged it
     * @param daemon        whether that thread is a daemon
     * @param nanoTimeBefore {@code System.nanoTime()} just before reading FastClock
     * @param nanos         {@code FastClock.nanos()}
     * @param nanoTimeAfter {@code System.nanoTime()} just after
     * @param millisBefore  {@code System.currentTimeMillis()} just before
     * @param epochMillis   {@code FastClock.epochMillis()}
     * @param millisAfter   {@code System.currentTimeMillis()} just after
     * @param cpu           {@code CpuLocator.cpu()}
     * @param provider      {@code FastClock.providerName()}
     * @param readFailure   what reading FastClock threw, or null
     */
    public record Entry(String logger, System.Logger.Level level, String message, Throwable thrown, String thread, boolean daemon,
                        long nanoTimeBefore, long nanos, long nanoTimeAfter,
                        long millisBefore, long epochMillis, long millisAfter,
                        int cpu, String provider, Throwable readFailure) {
    }

    /** For ServiceLoader; does no work. */
    public ReadingLoggerFinder() {
    }

    /**
     * Waits (bounded) for FastClock's {@code fastclock-log} threads, which deliver its start-up
     * messages off the calling thread, so that what they log is in {@link #entries()}.
     */
    public static void awaitFastClockLogThreads() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("fastclock-log")) {
                try {
                    t.join(120_000); // a guard against a hang, not a timing assertion
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Every record kept so far in this JVM, in order, without waiting for FastClock's log threads. @return a copy */
    public static List<Entry> entriesNow() {
        return List.copyOf(ENTRIES);
    }

    /** Every record kept so far in this JVM, in order. @return a copy */
    public static List<Entry> entries() {
        awaitFastClockLogThreads();
        return List.copyOf(ENTRIES);
    }

    private static String mode() {
        return System.getProperty(MODE_PROPERTY, "");
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new Logger(name);
    }

    private static final class Logger implements System.Logger {

        private final String name;

        Logger(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        /** Only FastClock's loggers (and the tests' own, under dev.fastclock) read FastClock. */
        private boolean acting() {
            return !mode().isEmpty() && (name.equals("dev.fastclock") || name.startsWith("dev.fastclock."));
        }

        @Override
        public boolean isLoggable(Level level) {
            return acting() ? level != Level.OFF : level.getSeverity() >= Level.INFO.getSeverity() && level != Level.OFF;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (acting()) {
                keep(level, msg, thrown);
            } else {
                print(level, msg, thrown);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            String msg = params == null || params.length == 0 ? format : MessageFormat.format(format, params);
            if (acting()) {
                keep(level, msg, null);
            } else {
                print(level, msg, null);
            }
        }

        /** What the JDK's default finder does with its console handler: INFO and above to stderr. */
        private void print(Level level, String msg, Throwable thrown) {
            if (!isLoggable(level)) {
                return;
            }
            System.err.println(level.getName() + " [" + name + "] " + msg);
            if (thrown != null) {
                thrown.printStackTrace();
            }
        }

        private void keep(Level level, String message, Throwable thrown) {
            long nanoTimeBefore = System.nanoTime();
            long millisBefore = System.currentTimeMillis();
            long nanos = 0;
            long epochMillis = 0;
            int cpu = Integer.MIN_VALUE;
            String provider = null;
            Throwable readFailure = null;
            try {
                nanos = FastClock.nanos();
                epochMillis = FastClock.epochMillis();
                cpu = CpuLocator.cpu();
                provider = FastClock.providerName();
            } catch (RuntimeException | Error e) {
                readFailure = e;
            }
            long millisAfter = System.currentTimeMillis();
            long nanoTimeAfter = System.nanoTime();
            ENTRIES.add(new Entry(name, level, message, thrown, Thread.currentThread().getName(), Thread.currentThread().isDaemon(),
                    nanoTimeBefore, nanos, nanoTimeAfter, millisBefore, epochMillis, millisAfter, cpu, provider, readFailure));
            if (THROWS.equals(mode())) {
                throw new AssertionError("ReadingLoggerFinder: a logger that breaks, as told by -D" + MODE_PROPERTY);
            }
            if (BLOCKS.equals(mode())) {
                REACHED.countDown();
                Object never = new Object();
                synchronized (never) {
                    while (true) {
                        try {
                            never.wait();
                        } catch (InterruptedException e) {
                            // still blocked: a stuck logger does not give up
                        }
                    }
                }
            }
        }
    }
}
