package dev.fastclock.linux.x64.internal;

import dev.fastclock.FastClock;
import dev.fastclock.Report;
import dev.fastclock.linux.x64.Doctor;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Reader;
import dev.fastclock.spi.TickReader;

import java.util.List;
import java.util.Optional;

/** The main classes {@link TicksChildJvmTest} runs; each prints {@code key=value} lines for the test to read. */
final class TicksChildMains {

    private TicksChildMains() {
    }

    /** What FastClock chose in this process (with whatever -Dfastclock.route the test gave): the facade and its report. */
    public static final class Facade {
        private Facade() {
        }

        public static void main(String[] args) {
            long first = FastClock.ticks(); // the first call plans ticks, as an application's would
            long last = first;
            for (int i = 0; i < 1_000_000; i++) {
                long t = FastClock.ticks();
                if (t < last) {
                    System.out.println("ticks.back=" + last + " then " + t);
                }
                last = t;
            }
            Report r = FastClock.report();
            System.out.println("provider=" + r.provider());
            for (MethodRoute m : r.methods()) {
                System.out.println("route." + m.method() + "=" + m.route());
                for (MethodRoute.PassedOver p : m.passedOver()) {
                    System.out.println("passedOver." + m.method() + "=" + p.route() + ": " + p.reason());
                }
            }
            for (String n : r.notes()) {
                System.out.println("note=" + n);
            }
            for (String m : r.messages()) {
                System.out.println("message=" + m.lines().findFirst().orElse(""));
            }
            long tps = FastClock.ticksPerSecond();
            System.out.println("ticksPerSecond=" + tps);
            System.out.println("ticksToNanos.ticksPerSecond=" + FastClock.ticksToNanos(tps));
            System.out.println("ticks.advanced=" + (last > first));
            TscTrust.Verdict v = TscTrust.live();
            System.out.println("verdict.trusted=" + v.trusted());
            System.out.println("verdict.reason=" + v.reason());
            System.out.println("describe.begin");
            System.out.print(FastClock.describe());
            System.out.println("describe.end");
            awaitTheLog();
        }
    }

    /** Waits for FastClock's log thread (a daemon), so that what it logs is in this process's output. */
    static void awaitTheLog() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("fastclock-log")) {
                try {
                    t.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** {@link TicksHandoffTest}'s two threads reading {@code FastClock.ticks()}, unpinned, for two seconds. */
    public static final class Handoff {
        private Handoff() {
        }

        public static void main(String[] args) throws Exception {
            Reader ticks = new Reader() {
                @Override
                public long read(long arg) {
                    return FastClock.ticks();
                }
            };
            TickReader conversion = new TickReader() {
                @Override
                public long read(long arg) {
                    return FastClock.ticks();
                }

                @Override
                public long toNanos(long t) {
                    return FastClock.ticksToNanos(t);
                }

                @Override
                public long perSecond() {
                    return FastClock.ticksPerSecond();
                }
            };
            FastClock.ticks();
            TicksHandoffTest.Run run = TicksHandoffTest.handoff("FastClock.ticks() in a child JVM", ticks, false, 2_000_000_000L, 0);
            System.out.println("route.ticks=" + FastClock.report().method("ticks").orElseThrow().route());
            System.out.println("readings=" + run.readings());
            System.out.println("behind=" + run.behind());
            System.out.println("summary=" + run.summary(conversion));
        }
    }

    /**
     * The counter forced where the files (faked through the seam) say the kernel does not trust it,
     * through FastClock ({@link SeamProvider}): its one warning goes to the real logger.
     */
    public static final class ForcedUntrusted {
        private ForcedUntrusted() {
        }

        /** The reason the faked files give. */
        static final String REASON = "not trusted: clocksource kvm-clock and tsc is not in available_clocksource"
                + " (the kernel marked it unstable, e.g. tsc=unstable or its clocksource watchdog)";

        public static void main(String[] args) {
            LinuxEnvironment.Files files = new LinuxEnvironment.Files() {
                @Override
                public Optional<String> read(String path) {
                    if (path.equals("/proc/cpuinfo")) {
                        return Optional.of("processor\t: 0\nflags\t\t: fpu tsc constant_tsc nonstop_tsc\n\n");
                    }
                    if (path.equals(TscTrust.CURRENT_CLOCKSOURCE.toString())) {
                        return Optional.of("kvm-clock\n");
                    }
                    if (path.equals(TscTrust.AVAILABLE_CLOCKSOURCE.toString())) {
                        return Optional.of("kvm-clock \n");
                    }
                    return LinuxEnvironment.LIVE_FILES.read(path);
                }

                @Override
                public List<String> list(String dir) {
                    return LinuxEnvironment.LIVE_FILES.list(dir);
                }
            };
            SeamProvider.use(LinuxEnvironment.live().withFiles(files), Optional.of(RouteId.TSC));
            long a = FastClock.ticks();
            long z = FastClock.ticks();
            SeamMains.printReport();
            System.out.println("ticks.countUp=" + (z >= a));
            awaitTheLog();
            System.out.println("done=true");
        }
    }

    /** The doctor without its cost measurement. */
    public static final class DoctorNoCost {
        private DoctorNoCost() {
        }

        public static void main(String[] args) {
            Doctor.main(new String[] {"--no-cost"});
        }
    }
}
