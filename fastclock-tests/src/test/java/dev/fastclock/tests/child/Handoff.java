package dev.fastclock.tests.child;

import dev.fastclock.FastClock;
import dev.fastclock.integrations.MicrometerClock;
import dev.fastclock.integrations.OpenTelemetryClock;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.function.LongSupplier;

/**
 * A child program for issue 17's cross-thread promise of {@code FastClock.ticks()} and of the integrations'
 * monotonic clocks (Micrometer's {@code monotonicTime()}, OpenTelemetry's {@code nanoTime()}): a reading taken after
 * seeing another thread's reading is never behind it, as {@code System.nanoTime()} promises (before the third design,
 * 576,271 of 454 M ticks() readings were behind one already seen, by up to 1.76 µs, Micrometer's by up to 16 µs).
 *
 * <p>{@code Handoff SECONDS pinned|unpinned}: two threads (pinned to CPUs 0 and 1 with {@code sched_setaffinity}, or
 * left to the scheduler) pass their readings back and forth through a volatile field for SECONDS: on its turn each
 * reads the three clocks, compares each reading with the one the other thread published before handing over the turn,
 * and publishes its own. Prints {@code handoffs=}, and per clock {@code behind.CLOCK=} (readings behind the one seen),
 * {@code worst.CLOCK=} (the most behind, in nanoseconds: ticks converted with ticksToNanos) and {@code min.CLOCK=}
 * (the smallest difference seen: the handoff's latency), then the ticks' route facts and {@code probe=done}.
 */
public final class Handoff {

    /**
     * The clocks under test, and a control: System.nanoTime() read 20 µs behind on side 1, as a CPU whose counter is
     * offset would read; the handoff must catch it (else it could not catch the others either).
     */
    private static final String[] NAMES = {"ticks", "micrometer", "otel", "control"};

    /** Where the readings pass; {@code ball} is published by the volatile write of {@code turn}. */
    private static final class Court {
        final long[] ball = new long[NAMES.length];
        volatile long turn;
        volatile boolean over;
    }

    /** What one side saw. */
    private static final class Side {
        long checked;
        final long[] behind = new long[NAMES.length];
        final long[] worst = new long[NAMES.length];
        final long[] min = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        final long[] mine = new long[NAMES.length];
        final long[] seen = new long[NAMES.length];
        Throwable failure;
    }

    private Handoff() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        boolean pinned = args[1].equals("pinned");
        MicrometerClock micrometer = new MicrometerClock();
        OpenTelemetryClock otel = new OpenTelemetryClock();
        // The first calls (the choice, the ticks' calibration, the integrations' anchor) before the handoffs.
        micrometer.monotonicTime();
        otel.nanoTime();
        FastClock.ticks();
        LongSupplier control = () -> Thread.currentThread().getName().equals("handoff-1") ? System.nanoTime() - 20_000 : System.nanoTime();
        LongSupplier[] clocks = {FastClock::ticks, micrometer::monotonicTime, otel::nanoTime, control};

        Court court = new Court();
        Side[] sides = {new Side(), new Side()};
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] threads = new Thread[2];
        for (int p = 0; p < 2; p++) {
            int me = p;
            threads[p] = new Thread(() -> {
                try {
                    if (pinned) {
                        pin(me);
                    }
                    play(me, court, sides[me], clocks, deadline);
                } catch (Throwable t) {
                    sides[me].failure = t;
                    court.over = true;
                }
            }, "handoff-" + p);
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Side s : sides) {
            if (s.failure != null) {
                throw new AssertionError("a side failed", s.failure);
            }
        }
        System.out.println("pinned=" + pinned);
        System.out.println("handoffs=" + (sides[0].checked + sides[1].checked));
        for (int c = 0; c < NAMES.length; c++) {
            System.out.println("behind." + NAMES[c] + "=" + (sides[0].behind[c] + sides[1].behind[c]));
            System.out.println("worst." + NAMES[c] + "=" + Math.min(sides[0].worst[c], sides[1].worst[c]));
            System.out.println("min." + NAMES[c] + "=" + Math.min(sides[0].min[c], sides[1].min[c]));
        }
        System.out.println("ticks.perSecond=" + FastClock.ticksPerSecond());
        System.out.println("ticks.route=" + FastClock.report().method("ticks").orElseThrow().route());
        System.out.println("provider=" + FastClock.providerName());
        System.out.println("probe=done");
    }

    /** One side: waits for its turn, reads, compares with the other's readings, hands over. */
    private static void play(int me, Court court, Side side, LongSupplier[] clocks, long deadline) {
        for (long k = me; ; k += 2) {
            long spins = 0;
            while (court.turn != k) {
                if (court.over) {
                    return;
                }
                Thread.onSpinWait();
                if ((++spins & 0xffffff) == 0 && System.nanoTime() - deadline > 60_000_000_000L) {
                    throw new AssertionError("side " + me + " waited a minute past the deadline for turn " + k);
                }
            }
            System.arraycopy(court.ball, 0, side.seen, 0, clocks.length); // published by the other's write of turn
            for (int c = 0; c < clocks.length; c++) {
                side.mine[c] = clocks[c].getAsLong(); // each taken after seeing the other's
            }
            if (k > 0) {
                side.checked++;
                for (int c = 0; c < clocks.length; c++) {
                    long d = side.mine[c] - side.seen[c];
                    if (c == 0) {
                        d = d < 0 ? -FastClock.ticksToNanos(-d) : FastClock.ticksToNanos(d);
                    }
                    if (d < side.min[c]) {
                        side.min[c] = d;
                    }
                    if (d < 0) {
                        side.behind[c]++;
                        side.worst[c] = Math.min(side.worst[c], d);
                    }
                }
            }
            System.arraycopy(side.mine, 0, court.ball, 0, clocks.length);
            if ((k & 1023) < 2 && System.nanoTime() - deadline > 0) {
                court.over = true;
            }
            court.turn = k + 1;
        }
    }

    /** Pins the calling thread to CPU {@code cpu} with libc's {@code sched_setaffinity(0, ...)} (0: this thread). */
    @SuppressWarnings("restricted")
    private static void pin(int cpu) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle set = linker.downcallHandle(linker.defaultLookup().find("sched_setaffinity").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(128, 8);
            mask.set(ValueLayout.JAVA_LONG, 0, 1L << cpu);
            int rc = (int) set.invokeExact(0, 128L, mask);
            if (rc != 0) {
                throw new IllegalStateException("sched_setaffinity to CPU " + cpu + " failed: " + rc);
            }
        }
        String allowed = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/thread-self/status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElse("?");
        System.out.println("side." + cpu + "." + allowed.replace(":\t", "=").replace(": ", "="));
    }
}
