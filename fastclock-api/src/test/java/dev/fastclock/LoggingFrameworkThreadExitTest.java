package dev.fastclock;

import dev.fastclock.testproviders.ReadingLoggerFinder;
import dev.fastclock.testproviders.ReadingLoggerFinder.Entry;
import dev.fastclock.testproviders.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, "start-up messages never hold the JVM": a fresh JVM whose first FastClock call comes from a
 * logging framework's own thread (an async appender stamping its first event) while a start-up message
 * is queued (a provider that failed). The message is delivered on FastClock's own {@code fastclock-log}
 * thread, a daemon, never on the appender; here the logger it reaches then blocks for good, as one stuck
 * behind a lock its framework holds would. The JVM must still exit, normally, once its own threads are
 * done: a non-daemon log thread would hold it for as long as the logger blocks (the child is killed and
 * the test fails after {@link Bounded#LIMIT}, a guard against a hang, not a timing assertion).
 */
class LoggingFrameworkThreadExitTest {

    /** The child: main starts the appender, waits for it, and returns. */
    public static final class Child {
        public static void main(String[] args) throws InterruptedException {
            System.setProperty(ScriptedProvider.ENABLE_PROPERTY, "true");
            ScriptedProvider.onCreate(attempt -> {
                throw new IllegalStateException("scripted: refused");
            });
            System.setProperty(ReadingLoggerFinder.MODE_PROPERTY, ReadingLoggerFinder.BLOCKS);
            Thread appender = new Thread(() -> {
                long stamp = FastClock.nanos(); // the JVM's first FastClock call
                System.out.println("stamp=" + stamp);
                try {
                    System.out.println("logger-reached=" + ReadingLoggerFinder.REACHED.await(120, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    System.out.println("logger-reached=interrupted");
                }
                for (Entry e : ReadingLoggerFinder.entriesNow()) {
                    if (e.logger().equals("dev.fastclock")) {
                        System.out.println("logged=" + e.message() + "|thread=" + e.thread() + "|daemon=" + e.daemon());
                    }
                }
                for (String m : FastClock.report().messages()) {
                    System.out.println("message=" + m);
                }
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if (t.getName().equals("fastclock-log")) {
                        System.out.println("log-thread=" + t.getState() + "|daemon=" + t.isDaemon());
                    }
                }
                System.out.println("appender=" + Thread.currentThread().getName() + "|daemon=" + Thread.currentThread().isDaemon());
            }, "async-appender");
            appender.start();
            appender.join();
            System.out.println("main=done");
        }
    }

    @Test
    void theJvmExitsWhileTheLogThreadIsStillBlockedInTheLogger() {
        ChildJvm.Result r = ChildJvm.main(Child.class).run();

        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("done", r.value("main"), r::toString);
        assertEquals("async-appender|daemon=false", r.value("appender"), "the first call came from a non-daemon framework thread\n" + r);
        assertEquals("true", r.value("logger-reached"), r::toString);
        assertEquals(List.of("FastClock: provider scripted failed, skipped|thread=fastclock-log|daemon=true"), r.values("logged"),
                () -> "delivered once, on FastClock's own daemon thread, not the appender\n" + r);
        assertEquals(List.of("WARNING FastClock: provider scripted failed, skipped"), r.values("message"), r::toString);
        List<String> logThreads = r.values("log-thread");
        assertEquals(1, logThreads.size(), r::toString);
        assertTrue(logThreads.get(0).endsWith("|daemon=true") && !logThreads.get(0).startsWith("TERMINATED"),
                () -> "the log thread was still stuck in the logger when the appender finished, and a daemon\n" + r);
    }
}
