package dev.fastclock.tests.probe;

import dev.fastclock.ClockId;
import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The program the child JVMs run: uses FastClock as an application does and prints what it saw as
 * {@code key=value} lines, which the tests read. It has no test framework; on the module path it is
 * compiled, at test time, into a module of its own that {@code requires dev.fastclock} only.
 *
 * <pre>
 * report   ROUNDS native|jdk  provider, modules, describe(), then every bound of {@link Bounds} through the
 *                             static facade; "bounds=ok" at the end
 * values                      provider and the raw value of every method
 * first-call                  the outcome of the first FastClock and CpuLocator calls (the exception, if any)
 * pinned   PLATFORM VIRTUAL CALLS   every cpu() and node() seen from that many platform and virtual threads
 * only     nanos|cpu           that one call and the provider's name, nothing else (no describe(): it plans all)
 * </pre>
 */
public final class Probe {

    /** Marks the start of the describe() text in the output. */
    public static final String DESCRIBE_BEGIN = "--- describe ---";
    /** Marks its end. */
    public static final String DESCRIBE_END = "--- end describe ---";

    private Probe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "report";
        switch (mode) {
            case "report" -> report(Integer.parseInt(args[1]), args[2].equals("native"));
            case "values" -> values();
            case "first-call" -> firstCall();
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
        System.out.println("backend.class=" + FastClock.source().getClass().getName());
        System.out.println("backend.module=" + moduleName(FastClock.source().getClass()));
        System.out.println("probe.module=" + moduleName(Probe.class));
        describe();
    }

    private static void describe() {
        System.out.println(DESCRIBE_BEGIN);
        System.out.println(FastClock.describe().strip());
        System.out.println(DESCRIBE_END);
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
        System.out.println("cpu=" + CpuLocator.cpu());
        System.out.println("node=" + CpuLocator.node());
        System.out.println("supported=" + CpuLocator.isSupported());
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
        describe();
    }

    private static String oneLine(String s) {
        return s == null ? "null" : s.replace('\n', ' ');
    }

    /**
     * Calls {@code cpu()} and {@code node()} from platform and virtual threads (which yield between calls, so
     * they move between carriers) and prints every distinct answer.
     */
    private static void pinned(int platform, int virtual, int calls) throws InterruptedException {
        BitSet cpus = new BitSet();
        BitSet nodes = new BitSet();
        AtomicLong total = new AtomicLong();
        AtomicLong negative = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < platform + virtual; t++) {
            boolean isVirtual = t >= platform;
            Runnable body = () -> {
                BitSet mine = new BitSet();
                BitSet myNodes = new BitSet();
                try {
                    for (int i = 0; i < calls; i++) {
                        int cpu = CpuLocator.cpu();
                        int node = CpuLocator.node();
                        if (cpu < 0 || node < 0) {
                            negative.incrementAndGet();
                        } else {
                            mine.set(cpu);
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
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a thread failed", failure.get());
        }
        System.out.println("provider=" + FastClock.providerName());
        System.out.println("allowed=" + Bounds.allowedCpus());
        synchronized (cpus) {
            System.out.println("cpus=" + cpus);
            System.out.println("nodes=" + nodes);
        }
        System.out.println("negative=" + negative.get());
        System.out.println("calls=" + total.get());
        describe();
    }
}
