package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockStatus;
import dev.fastclock.FastClock;
import dev.fastclock.Report;
import dev.fastclock.linux.x64.Doctor;
import dev.fastclock.spi.MethodRoute;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The main classes {@link ChildJvm#runWithSeam} runs: FastClock itself, its provider the Linux backend on
 * an environment set up here ({@link SeamProvider}). Each prints {@code key=value} lines for its test.
 */
final class SeamMains {

    private SeamMains() {
    }

    /** The report as lines: provider, each method's route and passed-over entries, the notes and the messages. */
    static void printReport() {
        Report r = FastClock.report();
        System.out.println("provider=" + r.provider());
        for (MethodRoute m : r.methods()) {
            System.out.println("route." + m.method() + "=" + m.route());
            List<String> passed = new ArrayList<>();
            for (MethodRoute.PassedOver p : m.passedOver()) {
                passed.add(p.route() + ": " + p.reason());
            }
            System.out.println("passedOver." + m.method() + "=" + String.join("; ", passed));
        }
        for (String n : r.notes()) {
            System.out.println("note=" + n);
        }
        for (String m : r.messages()) {
            System.out.println("message=" + m.lines().findFirst().orElse(""));
        }
    }

    /** The live vDSO image, with a hook run at each read (before it fails, if it is to fail). */
    static final class HookedImages implements LinuxEnvironment.ImageReader {
        final AtomicInteger reads = new AtomicInteger();
        private final RuntimeException failure;
        private final Error error;
        private final int failures;
        volatile Runnable during = () -> { };

        HookedImages(RuntimeException failure, Error error, int failures) {
            this.failure = failure;
            this.error = error;
            this.failures = failures;
        }

        @Override
        public MemorySegment read(long base, long size) {
            int n = reads.incrementAndGet();
            during.run();
            if (n <= failures) {
                if (error != null) {
                    throw error;
                }
                throw failure;
            }
            return Natives.at(base, size);
        }
    }

    private static boolean coarseInBracket() {
        long a = System.nanoTime();
        long v = FastClock.coarseNanos();
        long z = System.nanoTime();
        return v >= a - 50_000_000L && v <= z;
    }

    /** Every opening of the vDSO throws an IllegalStateException. */
    public static final class PlanningFails {
        private PlanningFails() {
        }

        public static void main(String[] args) {
            HookedImages images = new HookedImages(new IllegalStateException("injected (test)"), null, Integer.MAX_VALUE);
            SeamProvider.use(LinuxEnvironment.live().withImages(images), Optional.empty());
            System.out.println("coarseNanos.inBracket=" + coarseInBracket());
            System.out.println("reads.after1=" + images.reads.get());
            for (int i = 0; i < 100; i++) {
                FastClock.coarseNanos();
            }
            System.out.println("reads.after100=" + images.reads.get());
            printReport();
        }
    }

    /** The first opening of the vDSO throws a StackOverflowError. */
    public static final class PlanningOverflows {
        private PlanningOverflows() {
        }

        public static void main(String[] args) {
            HookedImages images = new HookedImages(null, new StackOverflowError("injected (test)"), 1);
            SeamProvider.use(LinuxEnvironment.live().withImages(images), Optional.empty());
            try {
                FastClock.coarseNanos();
                System.out.println("first=answered");
            } catch (StackOverflowError e) {
                System.out.println("first=" + e);
            }
            System.out.println("second.inBracket=" + coarseInBracket());
            System.out.println("reads=" + images.reads.get());
            printReport();
        }
    }

    /** The planning thread calls FastClock from inside its opening of the vDSO, as a logger would. */
    public static final class PlanningReenters {
        private PlanningReenters() {
        }

        public static void main(String[] args) {
            HookedImages images = new HookedImages(null, null, 0);
            AtomicInteger depth = new AtomicInteger();
            images.during = () -> {
                if (depth.getAndIncrement() == 0) {
                    System.out.println("inner.coarseNanos.inBracket=" + coarseInBracket());
                    long a = System.nanoTime();
                    long v = FastClock.bootNanos();
                    long z = System.nanoTime();
                    System.out.println("inner.bootNanos.nanoTime=" + (v >= a && v <= z));
                }
            };
            SeamProvider.use(LinuxEnvironment.live().withImages(images), Optional.empty());
            FastClock.coarseNanos();
            FastClock.bootNanos();
            printReport();
        }
    }

    /** The planning thread is held inside its opening of the vDSO while another thread calls. */
    public static final class PlanningHeld {
        private PlanningHeld() {
        }

        public static void main(String[] args) throws Exception {
            HookedImages images = new HookedImages(null, null, 0);
            CountDownLatch planning = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean released = new AtomicBoolean();
            AtomicInteger depth = new AtomicInteger();
            images.during = () -> {
                if (depth.getAndIncrement() == 0) {
                    planning.countDown();
                    await(release);
                }
            };
            SeamProvider.use(LinuxEnvironment.live().withImages(images), Optional.empty());
            Thread planner = new Thread(FastClock::epochNanos, "planner");
            planner.start();
            await(planning);
            AtomicReference<String> result = new AtomicReference<>("");
            Thread other = new Thread(() -> {
                long v = FastClock.epochNanos();
                long ms = System.currentTimeMillis();
                boolean ok = v / 1_000_000L <= ms && v / 1_000_000L >= ms - 60_000;
                FastClock.ticks();
                result.set("other.epochNanos.afterRelease=" + (ok && released.get()));
            }, "other");
            other.start();
            System.out.println("other.epochNanos.waited=" + waitsInFastClock(other));
            released.set(true);
            release.countDown();
            other.join();
            planner.join();
            System.out.println(result.get());
            printReport();
        }
    }

    /**
     * Whether {@code t} comes to wait inside FastClock's first-call machinery ({@code dev.fastclock.internal.Active})
     * within a minute, rather than return: polled, so however loaded the machine, never a guess by the clock.
     */
    static boolean waitsInFastClock(Thread t) throws InterruptedException {
        long until = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() - until < 0) {
            Thread.State s = t.getState();
            if (s == Thread.State.TERMINATED) {
                return false;
            }
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                for (StackTraceElement e : t.getStackTrace()) {
                    if (e.getClassName().equals("dev.fastclock.internal.Active")) {
                        return true;
                    }
                }
            }
            Thread.sleep(1);
        }
        return false;
    }

    /**
     * A thread reads {@code ticks()} while another thread plans it, held inside its read of
     * {@code /proc/cpuinfo} (the TSC verdict) until the reader is waiting: the reading must be in the
     * units of every later one. {@code -Dseam.route=tsc} forces the counter; else the default route.
     */
    public static final class TicksDuringPlanning {
        private TicksDuringPlanning() {
        }

        public static void main(String[] args) throws Exception {
            CountDownLatch planning = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            LinuxEnvironment.Files files = new LinuxEnvironment.Files() {
                @Override
                public Optional<String> read(String path) {
                    if (path.equals("/proc/cpuinfo") && planning.getCount() > 0) {
                        planning.countDown();
                        await(release);
                    }
                    return LinuxEnvironment.LIVE_FILES.read(path);
                }

                @Override
                public List<String> list(String dir) {
                    return LinuxEnvironment.LIVE_FILES.list(dir);
                }
            };
            boolean tsc = "tsc".equals(System.getProperty("seam.route"));
            SeamProvider.use(LinuxEnvironment.live().withFiles(files), tsc ? Optional.of(RouteId.TSC) : Optional.empty());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread planner = new Thread(() -> {
                try {
                    FastClock.ticks(); // the first call: chooses the provider, plans ticks, held in the verdict's read
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "ticks-planner");
            planner.start();
            await(planning);
            long n0 = System.nanoTime();
            // The reader waits for the plan (its answer must be in the plan's units), so the planner is let
            // go from a third thread once the reader is waiting in ticks().
            Thread reader = Thread.currentThread();
            AtomicBoolean waited = new AtomicBoolean();
            Thread releaser = new Thread(() -> {
                try {
                    waited.set(waitsInFastClock(reader));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                release.countDown();
            }, "release-planner");
            releaser.start();
            long start = FastClock.ticks(); // while the other thread plans
            releaser.join();
            planner.join();
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            long end = FastClock.ticks(); // planned and published
            long n1 = System.nanoTime();
            System.out.println("reader.waited=" + waited.get());
            System.out.println("start=" + start);
            System.out.println("end=" + end);
            System.out.println("elapsed.ticksToNanos=" + FastClock.ticksToNanos(end - start));
            System.out.println("elapsed.nanoTime=" + (n1 - n0));
            printReport();
        }
    }

    /**
     * {@code clockStatus()} through FastClock, with the {@code struct timex} the kernel would give set
     * here for each of {@link ClockStatusTest#CASES}; the report's note and the doctor's clock section for each.
     */
    public static final class ClockStatusCases {
        private ClockStatusCases() {
        }

        private static volatile ClockStatusTest.Given current = ClockStatusTest.CASES.getFirst();

        public static void main(String[] args) {
            AtomicInteger calls = new AtomicInteger();
            LinuxEnvironment.Adjtimex injected = t -> {
                calls.incrementAndGet();
                return current.fill(t);
            };
            SeamProvider.use(LinuxEnvironment.live().withAdjtimex(injected), Optional.empty());
            List<ClockStatusTest.Given> cases = ClockStatusTest.CASES;
            for (int i = 0; i < cases.size(); i++) {
                current = cases.get(i);
                long before = FastClock.epochNanos();
                ClockStatus s = FastClock.clockStatus();
                long after = FastClock.epochNanos();
                String k = "case" + i + ".";
                System.out.println(k + "known=" + s.known());
                System.out.println(k + "synchronized=" + s.isSynchronized());
                System.out.println(k + "state=" + s.state());
                System.out.println(k + "status=" + s.statusBits());
                System.out.println(k + "offsetNanos=" + s.offsetNanos());
                System.out.println(k + "frequencyPpm=" + s.frequencyPpm());
                System.out.println(k + "maxErrorMicros=" + s.maxErrorMicros());
                System.out.println(k + "estimatedErrorMicros=" + s.estimatedErrorMicros());
                System.out.println(k + "tai=" + s.taiOffsetSeconds());
                System.out.println(k + "leap=" + s.leap());
                System.out.println(k + "readAt=" + (s.readAtEpochNanos() >= before && s.readAtEpochNanos() <= after));
                System.out.println(k + "string=" + s);
                System.out.println(k + "long=" + FastClock.read(dev.fastclock.spi.Method.CLOCK_STATUS));
                boolean unsyncNote = FastClock.report().notes().stream().anyMatch(n -> n.startsWith("the wall clock is not synchronized"));
                System.out.println(k + "note.unsynchronized=" + unsyncNote);
                for (String line : doctorClockSection()) {
                    System.out.println(k + "doctor=" + line);
                }
            }
            System.out.println("calls.atLeast=" + (calls.get() >= cases.size()));
            printReport();
        }
    }

    /** The doctor's report without its cost, its clock section's rows. */
    static List<String> doctorClockSection() {
        PrintStream real = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            Doctor.main(new String[] {"--no-cost"});
        } finally {
            System.setOut(real);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        int at = out.indexOf("\nclock\n");
        if (at < 0) {
            return List.of("(no clock section) " + out.replace('\n', '|'));
        }
        List<String> rows = new ArrayList<>();
        for (String line : out.substring(at + "\nclock\n".length()).split("\n")) {
            if (line.isBlank()) {
                break;
            }
            rows.add(line.strip());
        }
        return rows;
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("a latch was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
