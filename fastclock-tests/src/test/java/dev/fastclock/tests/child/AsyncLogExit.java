package dev.fastclock.tests.child;

import dev.fastclock.FastClock;
import dev.fastclock.tests.probe.ReportLines;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.util.ClockFactory;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * A child program for issue 17, "the JVM's exit is held 10 s": FastClock's first call comes from a logging
 * framework's own thread, Log4j2's async appender thread, while a start-up message is queued. Log4j2 runs with
 * FastClock's {@code Log4jClock} ({@code log4j2.clock}) and an {@link AsyncAppender} in front of an appender that
 * stamps each event with the time it is written, read from Log4j2's clock (as an appender measuring its own lag
 * does): so FastClock's first call is {@code Log4jClock} called by Log4j2 on {@code AsyncAppender}'s thread. The
 * clock is named once the appender has started (its start-up creates an event: with the clock named before, that is
 * FastClock's first call, inside a Log4j2 class initializer on the main thread: argument
 * {@code clock-from-the-start}), and the application's one event is handed to the logger with its own timestamp, so
 * nothing on the main thread calls FastClock before. FastClock's own messages go (through {@code log4j-jpl}) to an
 * appender that never returns, so their delivery is still under way when the JVM exits; run with
 * {@code -Dlog4j2.shutdownHookEnabled=false}, so Log4j2's own shutdown does not wait for it either. FastClock's own System.Logger goes into the same Log4j2 through {@code log4j-jpl}. Run it with a
 * provider that fails ({@code test-create} on the class path) or {@code -Dfastclock.provider=nonexistent}: either way a
 * message is queued at the first call.
 *
 * <p>Prints {@code first.thread=} (the thread of FastClock's first call), {@code first.outcome=}, the report (once the
 * first call is made), {@code main.end.nondaemon=} (the live non-daemon threads as main returns, but main and
 * DestroyJavaVM), and {@code main.end.nanos=}; a shutdown hook prints {@code hook.nanos=} and
 * {@code hook.fastclock.threads=} (FastClock's live threads and whether each is a daemon). The JVM's exit is held by
 * non-daemon threads before the shutdown hooks run, so {@code hook.nanos - main.end.nanos} is the hold.
 */
public final class AsyncLogExit {

    static final CountDownLatch FIRST = new CountDownLatch(1);
    static volatile String firstThread;
    static volatile String firstOutcome;

    /** Stamps each event with the time it is written, from Log4j2's clock: FastClock's Log4jClock here. */
    static final class StampingAppender extends AbstractAppender {
        final List<String> written = new ArrayList<>();

        StampingAppender() {
            super("stamp", null, null, true, null);
        }

        @Override
        public synchronized void append(LogEvent event) {
            String outcome;
            try {
                long at = ClockFactory.getClock().currentTimeMillis();
                outcome = "ok: written " + (at - event.getTimeMillis()) + " ms after the event";
            } catch (RuntimeException e) {
                outcome = e.getClass().getName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' ');
            }
            if (firstThread == null) {
                firstThread = Thread.currentThread().getName();
                firstOutcome = outcome;
                FIRST.countDown();
            }
            written.add(event.getLoggerName() + " " + event.getLevel() + " " + event.getMessage().getFormattedMessage().replace('\n', ' '));
        }
    }

    /**
     * A sink that never returns (a stuck network appender, a full pipe): FastClock's own messages are routed to it,
     * synchronously, so the thread delivering them is still inside Log4j2 when the JVM exits.
     */
    static final class StuckAppender extends AbstractAppender {
        StuckAppender() {
            super("stuck", null, null, true, null);
        }

        @Override
        public void append(LogEvent event) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private AsyncLogExit() {
    }

    public static void main(String[] args) throws InterruptedException {
        boolean clockFromTheStart = args.length > 0 && args[0].equals("clock-from-the-start");
        if (clockFromTheStart) {
            // Log4jClock from Log4j2's start: its first use is the async appender's own start-up (a class initializer
            // of Log4j2 creates an event), on this thread, inside Log4j2.
            System.setProperty("log4j2.clock", "dev.fastclock.integrations.Log4jClock");
        }
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        StampingAppender stamp = new StampingAppender();
        stamp.start();
        config.addAppender(stamp);
        AsyncAppender async = AsyncAppender.newBuilder().setName("async").setConfiguration(config)
                .setAppenderRefs(new AppenderRef[] {AppenderRef.createAppenderRef("stamp", null, null)}).build();
        async.start();
        config.addAppender(async);
        LoggerConfig root = config.getRootLogger();
        root.setLevel(Level.INFO);
        root.addAppender(async, Level.INFO, null);
        StuckAppender stuck = new StuckAppender();
        stuck.start();
        config.addAppender(stuck);
        LoggerConfig fastClock = new LoggerConfig("dev.fastclock", Level.INFO, false);
        fastClock.addAppender(stuck, Level.INFO, null);
        config.addLogger("dev.fastclock", fastClock);
        ctx.updateLoggers();
        if (!clockFromTheStart) {
            // Log4jClock from now on (Log4j2 looks it up at each ClockFactory.getClock()): its first use is the
            // stamping appender's, on the async appender's thread.
            System.setProperty("log4j2.clock", "dev.fastclock.integrations.Log4jClock");
        }

        // The application's event, stamped with its own time (no clock call on this thread): the async appender's
        // thread writes it, and so makes FastClock's first call.
        root.log(Log4jLogEvent.newBuilder().setLoggerName("app").setLevel(Level.INFO).setMessage(new SimpleMessage("hello"))
                .setTimeMillis(System.currentTimeMillis()).build());

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long now = System.nanoTime();
            StringBuilder threads = new StringBuilder();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().toLowerCase(java.util.Locale.ROOT).contains("fastclock")) {
                    threads.append(threads.length() == 0 ? "" : ",").append(t.getName()).append(t.isDaemon() ? ":daemon" : ":NON-DAEMON");
                }
            }
            System.out.println("hook.nanos=" + now);
            System.out.println("hook.fastclock.threads=" + threads);
            synchronized (stamp) {
                System.out.println("written=" + String.join(" | ", stamp.written));
            }
            System.out.flush();
        }, "exit-hook"));

        if (!FIRST.await(30, TimeUnit.SECONDS)) {
            System.out.println("first.thread=none within 30 s");
        }
        System.out.println("first.thread=" + firstThread);
        System.out.println("first.outcome=" + firstOutcome);
        ReportLines.printReport();

        StringBuilder nonDaemon = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (!t.isDaemon() && t != Thread.currentThread() && !t.getName().equals("DestroyJavaVM")) {
                nonDaemon.append(nonDaemon.length() == 0 ? "" : ",").append(t.getName());
            }
        }
        System.out.println("main.end.nondaemon=" + nonDaemon);
        System.out.println("provider=" + FastClock.providerName());
        System.out.println("probe=done");
        System.out.println("main.end.nanos=" + System.nanoTime());
        System.out.flush();
    }
}
