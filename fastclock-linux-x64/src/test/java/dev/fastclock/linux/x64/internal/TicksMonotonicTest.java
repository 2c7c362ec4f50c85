package dev.fastclock.linux.x64.internal;

import dev.fastclock.FastClock;
import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.TickReader;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 10: {@code ticks()} never goes back on one thread, over millions of reads: on the forced TSC
 * route, on the default route (the TSC only where the kernel trusts it: this test branches on the live
 * verdict), through the {@link FastClock} facade, and on a thread the test moves between CPUs 0 and 1
 * thousands of times (the case the kernel's synchronisation check is for). Every read is compared
 * with the one before it, with no tolerance.
 */
class TicksMonotonicTest {

    private static final int READS = 5_000_000;

    /** Reads {@code n} times; fails at the first reading below the one before it. Returns the last. */
    private static long assertNeverBack(String what, LongSupplier ticks, long before, int n) {
        long last = before;
        long first = ticks.getAsLong();
        if (first < last) {
            fail(what + ": read 0 = " + first + " after " + last);
        }
        last = first;
        long advanced = 0;
        for (int i = 1; i < n; i++) {
            long t = ticks.getAsLong();
            if (t < last) {
                fail(what + ": ticks() went back at read " + i + " of " + n + ": " + last + " then " + t + " (" + (t - last) + " ticks)");
            }
            advanced += t > last ? 1 : 0;
            last = t;
        }
        assertTrue(last > first, what + ": the counter did not advance over " + n + " reads");
        System.out.println(what + ": " + n + " reads, never back; " + advanced + " advanced");
        return last;
    }

    @Test
    void onTheForcedTscRoute() {
        Facade b = new Facade(LinuxBackend.eager(Failsafe.live(), Optional.of(RouteId.TSC)));
        assertEquals(RouteId.TSC, b.route(Method.TICKS), "forced: ticks on the TSC whatever the verdict");
        TickReader r = b.tickReader();
        assertNeverBack("forced tsc", () -> r.read(0), Long.MIN_VALUE, READS);
    }

    @Test
    void onTheDefaultRoute() {
        TscTrust.Verdict v = TscTrust.live();
        Facade b = new Facade(LinuxBackend.eager(Failsafe.live(), Optional.empty()));
        assertEquals(v.trusted() ? RouteId.TSC : RouteId.JDK, b.route(Method.TICKS), "by default ticks follow the verdict: " + v.reason());
        TickReader r = b.tickReader();
        assertNeverBack("default (" + b.route(Method.TICKS).id() + ")", () -> r.read(0), Long.MIN_VALUE, READS);
    }

    @Test
    void throughTheFacade() {
        assertEquals(LinuxX64Provider.NAME, FastClock.providerName(), FastClock.describe());
        TscTrust.Verdict v = TscTrust.live();
        MethodRoute ticks = FastClock.report().methods().stream().filter(m -> m.method().equals("ticks")).findFirst().orElseThrow();
        assertEquals(v.trusted() ? "tsc" : "jdk", ticks.route(), FastClock.describe());
        assertNeverBack("FastClock.ticks() (" + ticks.route() + ")", FastClock::ticks, Long.MIN_VALUE, READS);
    }

    @Test
    void onAThreadMovedBetweenCpus0And1() throws Exception {
        Affinity.assumeCpus(0, 1);
        Facade forced = new Facade(LinuxBackend.eager(Failsafe.live(), Optional.of(RouteId.TSC)));
        Facade byDefault = new Facade(LinuxBackend.eager(Failsafe.live(), Optional.empty()));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                long lastForced = Long.MIN_VALUE;
                long lastDefault = Long.MIN_VALUE;
                int migrations = 2_000;
                for (int i = 0; i < migrations; i++) {
                    int cpu = i & 1;
                    Affinity.pin(cpu); // checked with getcpu: the thread now runs on the other CPU
                    lastForced = assertNeverBackQuietly("forced tsc after move " + i + " to CPU " + cpu, forced::ticks, lastForced, 1_000);
                    lastDefault = assertNeverBackQuietly("default after move " + i + " to CPU " + cpu, byDefault::ticks, lastDefault, 1_000);
                }
                System.out.println("moved " + migrations + " times between CPUs 0 and 1: ticks never went back (forced tsc, and default "
                        + byDefault.route(Method.TICKS).id() + ")");
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "ticks-migrating");
        t.start();
        t.join();
        if (failure.get() != null) {
            if (failure.get() instanceof Error e) {
                throw e;
            }
            throw new AssertionError(failure.get());
        }
    }

    private static long assertNeverBackQuietly(String what, LongSupplier ticks, long before, int n) {
        long last = before;
        for (int i = 0; i < n; i++) {
            long t = ticks.getAsLong();
            if (t < last) {
                fail(what + ": ticks() went back at read " + i + ": " + last + " then " + t + " (" + (t - last) + " ticks)");
            }
            last = t;
        }
        return last;
    }
}
