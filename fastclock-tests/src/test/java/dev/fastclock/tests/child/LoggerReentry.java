package dev.fastclock.tests.child;

import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;
import dev.fastclock.spi.Method;
import dev.fastclock.tests.probe.Bounds;
import dev.fastclock.tests.probe.Probe;
import dev.fastclock.tests.probe.ReportLines;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A child program (class path only: it needs java.logging) for issue "Linux provider, second design": an
 * application whose {@code java.util.logging} handler stamps every record with FastClock, the way a logger does,
 * while FastClock's own fallback warnings go to that same logger. Run under {@code deny-exec-pages} (src/test/c),
 * the stub-based routes fall back and log while FastClock plans, so the handler re-enters FastClock from inside
 * FastClock's first calls, on two threads at once.
 *
 * <p>Third design (issue 17): FastClock's own messages are logged after the choice is released, on a daemon thread
 * ({@code fastclock-log}), so its records reach the handler outside any FastClock frame; the handler's reads there
 * may still be first calls of their own (they plan, and wait for another thread's choice).
 *
 * <p>Prints {@code key=value} lines: {@code thread.NAME=ok} or the failure, {@code records=} (records the handler
 * saw), {@code reentrant=} (those published while a FastClock frame was on the stack), {@code fastclock.records.inside=}
 * (FastClock's own records among them), {@code fastclock.records.threads=} (the threads FastClock's records were
 * published on), {@code handler.reads=},
 * {@code handler.failures=} with one {@code handler.failure=} line each, {@code log=} one line per FastClock
 * record, then the report ({@link ReportLines}) and {@code probe=done}. If the first-call threads do not finish
 * within 20 s it prints {@code deadlock=yes} and every thread's stack, and halts with exit code 3.
 */
public final class LoggerReentry {

    private LoggerReentry() {
    }

    /** Reads FastClock in publish(), synchronized as JUL's own stream handlers are. */
    static final class ReadingHandler extends Handler {
        int records;
        int reentrant;
        int reads;
        int fastClockInside;
        final java.util.Set<String> threads = new java.util.TreeSet<>();
        final List<String> failures = new ArrayList<>();
        final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord record) {
            records++;
            // A FastClock frame below this one: the record was logged from inside a FastClock call (the frames of
            // FastClock's message delivery, dev.fastclock.internal.Logs, on its own thread, are no call).
            boolean inside = StackWalker.getInstance().walk(s -> s.anyMatch(f -> f.getClassName().startsWith("dev.fastclock.")
                    && !f.getClassName().startsWith("dev.fastclock.tests.") && !f.getClassName().startsWith("dev.fastclock.internal.Logs")));
            if (inside) {
                reentrant++;
            }
            try {
                // What a logger stamping its records reads.
                for (Method m : List.of(Method.NANOS, Method.EPOCH_MILLIS, Method.COARSE_EPOCH_MILLIS, Method.TICKS, Method.CPU)) {
                    Truth.call(m);
                    reads++;
                }
            } catch (Throwable t) {
                failures.add(Thread.currentThread().getName() + ": " + t);
            }
            if (record.getLoggerName() != null && record.getLoggerName().startsWith("dev.fastclock")) {
                if (inside) {
                    fastClockInside++;
                }
                threads.add(Thread.currentThread().getName());
                lines.add(record.getLevel() + " " + String.valueOf(record.getMessage()).replace('\n', ' '));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Truth.checkTheJdksAnswers(); // initialize the checker before any FastClock call
        ReadingHandler handler = new ReadingHandler();
        Logger root = Logger.getLogger("");
        root.addHandler(handler);

        // Two threads make their first calls at the same instant, in opposite orders.
        List<Method> forward = Truth.METHODS;
        List<Method> backward = new ArrayList<>(forward);
        Collections.reverse(backward);
        CountDownLatch go = new CountDownLatch(1);
        Map<String, List<Method>> orders = Map.of("first-a", forward, "first-b", backward);
        Map<String, String> outcome = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (Map.Entry<String, List<Method>> e : orders.entrySet()) {
            threads.add(Thread.ofPlatform().name(e.getKey()).start(() -> {
                try {
                    go.await();
                    for (int round = 0; round < 3; round++) {
                        for (Method m : e.getValue()) {
                            Truth.call(m);
                        }
                    }
                    outcome.put(e.getKey(), "ok");
                } catch (Throwable t) {
                    outcome.put(e.getKey(), t.toString().replace('\n', ' '));
                }
            }));
        }
        go.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        if (threads.stream().anyMatch(Thread::isAlive)) {
            System.out.println("deadlock=yes");
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                System.out.println("thread " + e.getKey().getName() + " " + e.getKey().getState());
                for (StackTraceElement f : e.getValue()) {
                    System.out.println("    at " + f);
                }
            }
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }
        for (String name : orders.keySet()) {
            System.out.println("thread." + name + "=" + outcome.get(name));
        }

        // After: every method right at every call, on this thread too.
        Bounds.checkTime(FastClock.source(), 2_000);
        for (int i = 0; i < 2_000; i++) {
            for (Method m : Truth.METHODS) {
                Truth.call(m);
            }
        }
        System.out.println("cpu=" + CpuLocator.cpu());
        System.out.println("node=" + CpuLocator.node());
        System.out.println("bounds=ok");
        // The messages are delivered on daemon threads after each choice: wait for them, so the handler has seen them.
        Probe.awaitLogDelivery();

        synchronized (handler) {
            System.out.println("records=" + handler.records);
            System.out.println("reentrant=" + handler.reentrant);
            System.out.println("handler.reads=" + handler.reads);
            System.out.println("fastclock.records.inside=" + handler.fastClockInside);
            System.out.println("fastclock.records.threads=" + String.join(",", handler.threads));
            System.out.println("handler.failures=" + handler.failures.size());
            for (String f : handler.failures) {
                System.out.println("handler.failure=" + f);
            }
            for (String l : handler.lines) {
                System.out.println("log=" + l);
            }
        }
        ReportLines.printReport();
        System.out.println("probe=done");
    }
}
