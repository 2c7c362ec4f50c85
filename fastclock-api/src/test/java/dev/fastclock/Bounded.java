package dev.fastclock;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a first call on a thread of its own and waits a bounded time for it, so a deadlock fails the
 * test with every thread's stack instead of hanging the build. The bound guards against a hang; it
 * is not a timing assertion.
 */
final class Bounded {

    static final Duration LIMIT = Duration.ofMinutes(2);

    private Bounded() {
    }

    /** Joins {@code t} within {@link #LIMIT}, failing with a thread dump if it is still alive. */
    static void join(Thread t) throws InterruptedException {
        t.join(LIMIT);
        if (t.isAlive()) {
            fail(t.getName() + " still running after " + LIMIT + ": deadlock?\n" + threadDump());
        }
    }

    /** Runs {@code call} on a new platform thread and returns its result, or rethrows what it threw. */
    static <T> T call(String name, Callable<T> call) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name(name).start(() -> {
            try {
                result.set(call.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        join(t);
        Throwable e = failure.get();
        if (e instanceof Exception ex) {
            throw ex;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return result.get();
    }

    /**
     * Waits until each of {@code threads} waits for a choice under way on another thread (its stack is
     * in {@code Active}'s wait for the claim), or {@link #LIMIT} passes (a guard, not a timing assertion).
     *
     * @return true if they all did
     */
    static boolean awaitWaitingForTheChoice(Thread... threads) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        for (Thread t : threads) {
            while (!waitingForTheChoice(t)) {
                if (!t.isAlive() || System.nanoTime() - deadline > 0) {
                    return false;
                }
                Thread.sleep(1);
            }
        }
        return true;
    }

    /** Whether {@code t} is in {@code Active}'s wait for another thread's claim. */
    static boolean waitingForTheChoice(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().equals("dev.fastclock.internal.Active") && f.getMethodName().equals("awaitRelease")) {
                return true;
            }
        }
        return false;
    }

    static String threadDump() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            sb.append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState()).append('\n');
            for (StackTraceElement f : e.getValue()) {
                sb.append("    at ").append(f).append('\n');
            }
        }
        return sb.toString();
    }
}
