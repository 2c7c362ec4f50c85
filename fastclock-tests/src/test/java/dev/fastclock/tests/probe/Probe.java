package dev.fastclock.tests.probe;

import dev.fastclock.ClockId;
import dev.fastclock.ClockStatus;
import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;
import dev.fastclock.Report;
import dev.fastclock.spi.Method;

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
 * values                      provider and the value of every method of the catalogue (FastClock.read), by API name
 * first-call                  the outcome of the first FastClock and CpuLocator calls (the exception, if any), then
 *                             of a call of every method of the catalogue: how many threw ("calls.threw=")
 * status                      FastClock.clockStatus(), field by field ("status.state=..."), and the report
 * settable-status             with -Dfastclock.provider=settable: sets a status on SettableClock.installed() (a
 *                             leap second to insert), reads it back ("status.*"), then sets an unsynchronized one and
 *                             says whether the report notes it ("unsync.noted="), then none ("unknown.noted=")
 * report-cost N               the first call, then FastClock.report() N times: whether every report after the first
 *                             says the same ("reports.same="), their count
 * pinned   PLATFORM VIRTUAL CALLS   every cpu() and node() seen from that many platform and virtual threads, all
 *                             started at once, twice: racing the first call's planning, then once planned
 * only     nanos|cpu           that one call and the provider's name, nothing else (no report: it plans all)
 * supported THREADS           THREADS platform threads started at once, each asking CpuLocator.isSupported() as
 *                             FastClock's very first call: how many answered false ("supported.false=")
 * ticks-race THREADS [MS]     THREADS platform threads started at once, each timing a sleep (up to MS ms, 2000 by
 *                             default) with ticks() as its very first FastClock call: how many measured it wrong
 *                             ("ticks.wrong=", one "ticks.example=" line for the first) or saw ticks() go back
 *                             ("ticks.back="), and how many readings were checked ("ticks.checked=")
 * clocks   ROUNDS              every fine clock of the catalogue in nanoseconds (nanos, bootNanos, rawNanos,
 *                             taiNanos, epochNanos...) ROUNDS times each: the first and last reading of each
 *                             ("first.bootNanos=..."), the monotonic ones checked never to go back
 * </pre>
 * The report is printed as data by {@link ReportLines}. Before {@code probe=done} the probe waits (up to 10 s) for
 * FastClock's start-up messages to be logged (they are delivered on daemon threads named {@code fastclock-log}), so
 * a test sees all of its stderr.
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
            case "status" -> status();
            case "settable-status" -> settableStatus();
            case "report-cost" -> reportCost(Integer.parseInt(args[1]));
            case "clocks" -> clocks(Integer.parseInt(args[1]));
            case "supported" -> supported(Integer.parseInt(args[1]));
            case "ticks-race" -> ticksRace(Integer.parseInt(args[1]), args.length > 2 ? Long.parseLong(args[2]) : 2_000L);
            case "pinned" -> pinned(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "only" -> {
                long v = args[1].equals("cpu") ? CpuLocator.cpu() : FastClock.nanos();
                System.out.println(args[1] + "=" + v);
                System.out.println("provider=" + FastClock.providerName());
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        awaitLogDelivery();
        System.out.println("probe=done");
    }

    /**
     * Waits, up to 10 s each, for FastClock's message threads ({@code fastclock-log}, daemons) to finish, so every
     * start-up message has reached the log (stderr under java.util.logging's defaults) before the program ends. A
     * program that ends without waiting may lose them from the log (never from the report): that is the design.
     */
    public static void awaitLogDelivery() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("fastclock-log")) {
                t.join(10_000);
            }
        }
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
        for (Method m : Method.values()) {
            System.out.println(m.apiName() + "=" + FastClock.read(m));
        }
        System.out.println("supported=" + CpuLocator.isSupported());
        System.out.println("status=" + FastClock.clockStatus());
    }

    private static void status() {
        ClockStatus c = FastClock.clockStatus();
        System.out.println("status=" + c);
        System.out.println("status.known=" + c.known());
        System.out.println("status.synchronized=" + c.isSynchronized());
        System.out.println("status.state=" + c.state());
        System.out.println("status.bits=" + c.statusBits());
        System.out.println("status.maxerror=" + c.maxErrorMicros());
        System.out.println("status.esterror=" + c.estimatedErrorMicros());
        System.out.println("status.tai=" + c.taiOffsetSeconds());
        System.out.println("status.leap=" + c.leap());
        System.out.println("status.read=" + FastClock.read(Method.CLOCK_STATUS));
        System.out.println("status.offset=" + c.offsetNanos());
        System.out.println("status.freq=" + c.frequencyPpm());
        System.out.println("status.at=" + c.readAtEpochNanos());
        System.out.println("provider=" + FastClock.providerName());
        ReportLines.printReport();
    }

    private static void settableStatus() {
        dev.fastclock.SettableClock clock = dev.fastclock.SettableClock.installed();
        clock.setEpochNanos(1_900_000_000_000_000_000L);
        clock.setClockStatus(ClockStatus.of(ClockStatus.TIME_INS, ClockStatus.STA_INS, -1_500, 3.25, 120, 7, 37, 0));
        status();
        clock.setClockStatus(ClockStatus.of(ClockStatus.TIME_ERROR, ClockStatus.STA_UNSYNC, 0, 0.0, 16_000_000, 16_000_000, 0, 0));
        System.out.println("unsync.noted=" + FastClock.report().notes().stream().anyMatch(n -> n.startsWith("the wall clock is not synchronized")));
        clock.setClockStatus(null);
        System.out.println("unknown.known=" + FastClock.clockStatus().known());
        System.out.println("unknown.noted=" + FastClock.report().notes().stream().anyMatch(n -> n.startsWith("the wall clock is not synchronized")));
    }

    /**
     * The first call, then {@code n} reports: each after the first must say the same (what was decided; the clock
     * status note aside, which reads the kernel's state now).
     */
    private static void reportCost(int n) {
        System.out.println("nanos=" + FastClock.nanos());
        Report first = FastClock.report();
        int same = 0;
        for (int i = 0; i < n; i++) {
            Report r = FastClock.report();
            if (r.provider().equals(first.provider()) && r.methods().equals(first.methods()) && r.messages().equals(first.messages())
                    && withoutStatus(r.notes()).equals(withoutStatus(first.notes()))) {
                same++;
            }
        }
        System.out.println("reports=" + n);
        System.out.println("reports.same=" + same);
        System.out.println("provider=" + FastClock.providerName());
        ReportLines.print(first);
    }

    private static List<String> withoutStatus(List<String> notes) {
        return notes.stream().filter(n -> !n.startsWith("the wall clock is not synchronized")).toList();
    }

    /**
     * Reads each clock {@code rounds} times, checking it never goes back, and prints the first and last reading of
     * each; the report after. The clocks are read in turn, so the first readings of all come before any last one.
     */
    private static void clocks(int rounds) {
        List<Method> clocks = fineNanosecondClocks();
        int n = clocks.size();
        long[] first = new long[n];
        long[] last = new long[n];
        for (int c = 0; c < n; c++) {
            first[c] = FastClock.read(clocks.get(c));
        }
        long[] previous = first.clone();
        for (int i = 0; i < rounds; i++) {
            for (int c = 0; c < n; c++) {
                Method m = clocks.get(c);
                long v = FastClock.read(m);
                // a wall clock may be stepped by a time daemon; the others never go back
                if (!m.clock().wall() && v < previous[c]) {
                    throw new AssertionError(m.apiName() + "() went back from " + previous[c] + " to " + v + " in round " + i);
                }
                previous[c] = v;
            }
        }
        for (int c = 0; c < n; c++) {
            last[c] = FastClock.read(clocks.get(c));
        }
        for (int c = 0; c < n; c++) {
            System.out.println("first." + clocks.get(c).apiName() + "=" + first[c]);
            System.out.println("last." + clocks.get(c).apiName() + "=" + last[c]);
        }
        System.out.println("provider=" + FastClock.providerName());
        ReportLines.printReport();
    }

    /** The catalogue's clocks read to the nanosecond that are not coarse: one method per such kernel clock. */
    public static List<Method> fineNanosecondClocks() {
        List<Method> out = new ArrayList<>();
        for (Method m : Method.values()) {
            if (m.clock() != null && m.unit() == Method.Unit.NANOSECONDS && !m.clock().name().endsWith("_COARSE")) {
                out.add(m);
            }
        }
        return out;
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
     * THREADS threads, released at once, each measuring a sleep (1 ms to {@code maxSleepMillis}, staggered) with a ticks() difference made of its first
     * FastClock call and one after the sleep: the converted difference must be the time System.nanoTime() saw
     * between the two readings, to 1% + 0.1 ms.
     */
    private static void ticksRace(int threads, long maxSleepMillis) throws InterruptedException {
        AtomicLong wrong = new AtomicLong();
        AtomicLong checked = new AtomicLong();
        AtomicLong back = new AtomicLong();
        AtomicReference<String> example = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long sleepMillis = 1 + maxSleepMillis * t / Math.max(1, threads - 1); // staggered, up to maxSleepMillis
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
                checked.incrementAndGet();
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
        System.out.println("ticks.checked=" + checked.get());
        System.out.println("ticks.perSecond=" + FastClock.ticksPerSecond());
        try {
            System.out.println("cgroup.self=" + String.join(";", java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/cgroup"))));
        } catch (java.io.IOException e) {
            System.out.println("cgroup.self=unreadable: " + e);
        }
        System.out.println("ticks.wrong=" + wrong.get());
        System.out.println("ticks.back=" + back.get());
        if (example.get() != null) {
            System.out.println("ticks.example=" + example.get());
        }
        System.out.println("provider=" + FastClock.providerName());
        ReportLines.printReport();
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
        int threw = 0;
        for (Method m : Method.values()) {
            try {
                FastClock.read(m);
            } catch (IllegalStateException e) {
                threw++;
            }
        }
        int statusThrew = 0;
        try {
            FastClock.clockStatus();
        } catch (IllegalStateException e) {
            statusThrew = 1;
        }
        System.out.println("calls=" + Method.values().length);
        System.out.println("calls.threw=" + threw);
        System.out.println("clockStatus.threw=" + statusThrew);
        System.out.println("provider=" + FastClock.providerName());
        ReportLines.printReport();
    }

    private static String oneLine(String s) {
        return s == null ? "null" : s.replace('\n', ' ');
    }

    /**
     * Calls {@code cpu()} and {@code node()} from platform and virtual threads (which yield between calls, so
     * they move between carriers) and prints every distinct answer. Twice: first with every thread starting at
     * once, racing the first call's planning (a call made while another thread plans waits for it: an answer of -1
     * there is counted as {@code startup.negative}); then again once planned ({@code negative}).
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
