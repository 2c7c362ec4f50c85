package com.example.java17;

import dev.fastclock.FastClock;
import dev.fastclock.SettableClock;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * An application written for Java 17 that logs through Log4j2 with {@code -Dlog4j2.clock=...Log4jClock}
 * (compiled with {@code --release 17} at test time, on the class path). The tests read the log file Log4j2 writes.
 *
 * <pre>
 * settable   with -Dfastclock.provider=settable: two events at two settable readings
 * race       two threads make their first calls at once, one reading FastClock, one logging (stamped through
 *            FastClock); with log4j-jpl, whatever FastClock logs while it starts goes through Log4j2 too. Prints the
 *            wall-clock bracket of the race, or a thread dump when a thread does not finish (a deadlock)
 * </pre>
 */
public final class Log4jConsumer {

    private Log4jConsumer() {
    }

    public static void main(String[] args) throws InterruptedException {
        String mode = args.length > 0 ? args[0] : "settable";
        switch (mode) {
            case "settable":
                settable();
                break;
            case "race":
                race();
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.println("probe=done");
    }

    private static void settable() {
        SettableClock clock = SettableClock.installed();
        clock.setEpoch(Instant.parse("2031-05-04T03:02:01.123456789Z"));
        Logger logger = LogManager.getLogger("orders");
        logger.info("first");
        clock.advance(1_111);
        logger.info("second");
        System.out.println("provider=" + FastClock.providerName());
    }

    private static void race() throws InterruptedException {
        long start = epochNanos(Instant.now());
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong read = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                go.await();
                read.set(FastClock.epochNanos());
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "reader");
        Thread logging = new Thread(() -> {
            try {
                go.await();
                LogManager.getLogger("app").warn("logged while FastClock starts");
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "logging");
        reader.start();
        logging.start();
        go.countDown();
        reader.join(TimeUnit.SECONDS.toMillis(20));
        logging.join(TimeUnit.SECONDS.toMillis(20));
        if (reader.isAlive() || logging.isAlive()) {
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
        if (failure.get() != null) {
            throw new AssertionError("a thread failed", failure.get());
        }
        // Logged after the race, from the main thread: Log4j2 and FastClock both settled.
        LogManager.getLogger("app").warn("after the race");
        long end = epochNanos(Instant.now());
        System.out.println("race.start=" + start);
        System.out.println("race.read=" + read.get());
        System.out.println("race.end=" + end);
        System.out.println("provider=" + FastClock.providerName());
        System.out.println("--- describe ---");
        System.out.println(FastClock.describe().strip());
        System.out.println("--- end describe ---");
    }

    private static long epochNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
