package dev.fastclock.tests.probe;

import dev.fastclock.ClockId;
import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The program the child JVMs run: uses FastClock as an application does and prints what it saw as
 * {@code key=value} lines, which the tests read. It has no test framework; on the module path it is
 * compiled, at test time, into a module of its own that {@code requires dev.fastclock} only.
 *
 * <pre>
 * report   ROUNDS native|jdk  provider, modules, the report, then every bound of {@link Bounds} through the
 *                             static facade; "bounds=ok" at the end
 * values                      provider and the raw value of every method
 * first-call                  the outcome of the first FastClock and CpuLocator calls (the exception, if any)
 * pinned   PLATFORM VIRTUAL CALLS   every cpu() and node() seen from that many platform and virtual threads, all
 *                             started at once, twice: racing the first call's planning, then once planned
 * only     nanos|cpu           that one call and the provider's name, nothing else (no report: it plans all)
 * supported THREADS           THREADS platform threads started at once, each asking CpuLocator.isSupported() as
 *                             FastClock's very first call: how many answered false ("supported.false=")
 * ticks-race THREADS          THREADS platform threads started at once, each timing a sleep with ticks() as its very
 *                             first FastClock call: how many measured it wrong ("ticks.wrong=", one
 *                             "ticks.example=" line for the first) or saw ticks() go back ("ticks.back=")
 * clocks   ROUNDS              nanos, bootNanos, rawNanos, taiNanos and epochNanos ROUNDS times each: the first
 *                             and last reading of each ("first.bootNanos=..."), each checked never to go back
 * </pre>
 * The report is printed as data by {@link ReportLines}.
 */
public final class Probe {

    private Probe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "report";
        switch (mode) {
            case "report" -> report(Integer.parseInt(args[1]), args[2].equals("native"));
            case "values" -> values();
            case "first-call" -> firstCall();
            case "clocks" -> clocks(Integer.parseInt(args[1]));
            case "supported" -> supported(Integer.parseInt(args[1]));
            case "ticks-race" -> ticksRace(Integer.parseInt(args[1]));
            case "pinned" -> pinned(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "only" -> {
                long v = args[1].equals("cpu") ? CpuLocator.cpu() : FastClock.nanos();
                System.out.println(args[1] + "=" + v);
                System.out.println("provider=" + FastClock.providerName());
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.println("probe=done");
    }

    private static void header() {
        System.out.println("provider=" + FastClock.providerName());
        System.out.println("api.module=" + moduleName(FastClock.class));
        // The provider's module, if the module system resolved it (on the module path only through service binding:
        // this probe requires dev.fastclock and nothing else); "none" on the class path.
        System.out.println("linux.module=" + ModuleLayer.boot().findModule("dev.fastclock.linux.x64").map(Module::getName).orElse("none"));
        System.out.println("probe.module=" + moduleName(Probe.class));
        ReportLines.printReport();
    }

    private static String moduleName(Class<?> c) {
        Module m = c.getModule();
        return m.isNamed() ? m.getName() : "unnamed";
    }

    private static void report(int rounds, boolean expectNative) {
        header();
        System.out.println("supported=" + CpuLocator.isSupported());
        // The static methods themselves, once each against their JDK truth...
        long a = System.nanoTime();
        long b = FastClock.nanos();
        long c = System.nanoTime();
        if (a > b || b > c) {
            throw new AssertionError("FastClock.nanos() " + b + " outside System.nanoTime() [" + a + ", " + c + "]");
        }
        long ms0 = System.currentTimeMillis();
        long ms = FastClock.epochMillis();
        long clockMs = FastClock.systemUTC().millis();
        long ms1 = System.currentTimeMillis();
        if (ms < ms0 - 1 || ms > ms1 + 1 || clockMs < ms0 - 1 || clockMs > ms1 + 1) {
            throw new AssertionError("FastClock.epochMillis() " + ms + " / systemUTC() " + clockMs + " outside [" + ms0 + ", " + ms1 + "]");
        }
        System.out.println("coarse.tick.ns=" + FastClock.resolutionNanos(ClockId.MONOTONIC_COARSE));
        // ...then every bound through the instances the facade returns.
        Bounds.checkTime(FastClock.source(), rounds);
        Bounds.checkCpu(CpuLocator.source(), rounds, expectNative);
        System.out.println("cpu=" + CpuLocator.cpu());
        System.out.println("node=" + CpuLocator.node());
        System.out.println("bounds=ok");
    }

    private static void values() {
        header();
        System.out.println("nanos=" + FastClock.nanos());
        System.out.println("coarseNanos=" + FastClock.coarseNanos());
        System.out.println("epochNanos=" + FastClock.epochNanos());
        System.out.println("epochMicros=" + FastClock.epochMicros());
        System.out.println("epochMillis=" + FastClock.epochMillis());
        System.out.println("coarseEpochMillis=" + FastClock.coarseEpochMillis());
        System.out.println("epochSeconds=" + FastClock.epochSeconds());
        System.out.println("bootNanos=" + FastClock.bootNanos());
        System.out.println("rawNanos=" + FastClock.rawNanos());
        System.out.println("taiNanos=" + FastClock.taiNanos());
        System.out.println("ticks=" + FastClock.ticks());
        System.out.println("ticksPerSecond=" + FastClock.ticksPerSecond());
        System.out.println("cpu=" + CpuLocator.cpu());
        System.out.println("node=" + CpuLocator.node());
        System.out.println("supported=" + CpuLocator.isSupported());
    }

    /**
     * Reads each clock {@code rounds} times, checking it never goes back, and prints the first and last reading of
     * each; the report after. The clocks are read in turn, so the first readings of all come before any last one.
     */
    private static void clocks(int rounds) {
        String[] names = {"nanos", "bootNanos", "rawNanos", "taiNanos", "epochNanos"};
        long[] first = new long[names.length];
        long[] last = new long[names.length];
        for (int c = 0; c < names.length; c++) {
            first[c] = read(c);
        }
        long[] previous = first.clone();
        for (int i = 0; i < rounds; i++) {
            for (int c = 0; c < names.length; c++) {
                long v = read(c);
                // epochNanos may be stepped by a time daemon; the monotonic ones never go back.
                if (c < 3 && v < previous[c]) {
                    throw new AssertionError(names[c] + "() went back from " + previous[c] + " to " + v + " in round " + i);
                }
                previous[c] = v;
            }
        }
        for (int c = 0; c < names.length; c++) {
            last[c] = read(c);
        }
        for (int c = 0; c < names.length; c++) {
            System.out.println("first." + names[c] + "=" + first[c]);
            System.out.println("last." + names[c] + "=" + last[c]);
        }
        System.out.println("provider=" + FastClock.providerName());
        ReportLines.printReport();
    }

    /** THREADS threads, released at once, each asking isSupported() first; then once more on this thread. */
    private static void supported(int threads) throws InterruptedException {
        AtomicLong no = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                if (!CpuLocator.isSupported()) {
                    no.incrementAndGet();
                }
            }));
        }
        go.countDown();
        for (Thread t : started) {
            t.join();
        }
        System.out.println("supported.false=" + no.get());
        System.out.println("supported=" + CpuLocator.isSupported());
        System.out.println("provider=" + FastClock.providerName());
    }

    /**
     * THREADS threads, released at once, each measuring a sleep (1 ms to 2 s, staggered) with a ticks() difference made of its first
     * FastClock call and one after the sleep: the converted difference must be the time System.nanoTime() saw
     * between the two readings, to 1% + 0.1 ms.
     */
    private static void ticksRace(int threads) throws InterruptedException {
        AtomicLong wrong = new AtomicLong();
        AtomicLong back = new AtomicLong();
        AtomicReference<String> example = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long sleepMillis = 1 + 2_000L * t / Math.max(1, threads - 1); // up to 2 s: past a loaded machine's start-up
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                // Each ticks() reading bracketed by System.nanoTime(): the time between the two readings lies
                // between the inner and the outer brackets' differences, whatever the scheduler did.
                long n0a = System.nanoTime();
                long t0 = FastClock.ticks();
                long n0b = System.nanoTime();
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                long n1a = System.nanoTime();
                long t1 = FastClock.ticks();
                long n1b = System.nanoTime();
                long measured = FastClock.ticksToNanos(t1 - t0);
                long low = n1a - n0b;
                long high = n1b - n0a;
                if (t1 < t0) {
                    back.incrementAndGet();
                }
                if (measured < low - low / 100 - 100_000L || measured > high + high / 100 + 100_000L) {
                    wrong.incrementAndGet();
                    example.compareAndSet(null, "ticks " + t0 + " then " + t1 + ": ticksToNanos(" + (t1 - t0) + ") = " + measured
                            + " ns while System.nanoTime() measured " + low + " .. " + high + " ns");
                }
            }));
        }
        go.countDown();
        for (Thread t : started) {
            t.join();
        }
        System.out.println("ticks.wrong=" + wrong.get());
        System.out.println("ticks.back=" + back.get());
        if (example.get() != null) {
            System.out.println("ticks.example=" + example.get());
        }
        System.out.println("provider=" + FastClock.providerName());
        ReportLines.printReport();
    }

    private static long read(int clock) {
        return switch (clock) {
            case 0 -> FastClock.nanos();
            case 1 -> FastClock.bootNanos();
            case 2 -> FastClock.rawNanos();
            case 3 -> FastClock.taiNanos();
            default -> FastClock.epochNanos();
        };
    }

    private static void firstCall() {
        try {
            System.out.println("nanos=" + FastClock.nanos());
            System.out.println("first-call=ok");
        } catch (RuntimeException e) {
            System.out.println("first-call=" + e.getClass().getName());
            System.out.println("first-call.message=" + oneLine(e.getMessage()));
        }
        try {
            System.out.println("cpu=" + CpuLocator.cpu());
            System.out.println("cpu-call=ok");
        } catch (RuntimeException e) {
            System.out.println("cpu-call=" + e.getClass().getName());
            System.out.println("cpu-call.message=" + oneLine(e.getMessage()));
        }
        System.out.println("provider=" + FastClock.providerName());
        ReportLines.printReport();
    }

    private static String oneLine(String s) {
        return s == null ? "null" : s.replace('\n', ' ');
    }

    /**
     * Calls {@code cpu()} and {@code node()} from platform and virtual threads (which yield between calls, so
     * they move between carriers) and prints every distinct answer. Twice: first with every thread starting at
     * once, racing the first call's planning (a call made while another thread plans gets the JDK's answer, -1,
     * counted as {@code startup.negative}); then again once planned ({@code negative}).
     */
    private static void pinned(int platform, int virtual, int calls) throws InterruptedException {
        BitSet cpus = new BitSet();
        BitSet nodes = new BitSet();
        AtomicLong startupNegative = new AtomicLong();
        race(platform, virtual, calls, cpus, nodes, startupNegative);
        AtomicLong negative = new AtomicLong();
        long total = race(platform, virtual, calls, cpus, nodes, negative);
        System.out.println("startup.negative=" + startupNegative.get());
        System.out.println("provider=" + FastClock.providerName());
        System.out.println("allowed=" + Bounds.allowedCpus());
        synchronized (cpus) {
            System.out.println("cpus=" + cpus);
            System.out.println("nodes=" + nodes);
        }
        System.out.println("negative=" + negative.get());
        System.out.println("calls=" + total);
        ReportLines.printReport();
    }

    /** Starts all the threads at once, each making {@code calls} cpu() and node() calls; returns the calls made. */
    private static long race(int platform, int virtual, int calls, BitSet cpus, BitSet nodes, AtomicLong negative)
            throws InterruptedException {
        AtomicLong total = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < platform + virtual; t++) {
            boolean isVirtual = t >= platform;
            Runnable body = () -> {
                BitSet mine = new BitSet();
                BitSet myNodes = new BitSet();
                try {
                    go.await();
                    for (int i = 0; i < calls; i++) {
                        int cpu = CpuLocator.cpu();
                        int node = CpuLocator.node();
                        if (cpu < 0 || node < 0) {
                            negative.incrementAndGet();
                        }
                        if (cpu >= 0) {
                            mine.set(cpu);
                        }
                        if (node >= 0) {
                            myNodes.set(node);
                        }
                        if (isVirtual && (i & 7) == 0) {
                            Thread.yield();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
                synchronized (cpus) {
                    cpus.or(mine);
                    nodes.or(myNodes);
                }
                total.addAndGet(calls);
            };
            threads.add(isVirtual ? Thread.ofVirtual().unstarted(body) : Thread.ofPlatform().unstarted(body));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a thread failed", failure.get());
        }
        return total.get();
    }
}
