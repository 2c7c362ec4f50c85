package dev.fastclock.linux.x64.internal;

import dev.fastclock.FastClock;
import dev.fastclock.Report;
import dev.fastclock.linux.x64.Doctor;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.MethodRoute;

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
        }
    }

    /**
     * The counter forced where the files (faked through the seam) say the kernel does not trust it:
     * the backend plans every method, its messages going to the real logger.
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
            LinuxBackend b = LinuxBackend.eager(LinuxEnvironment.live().withFiles(files), Optional.of(Route.TSC));
            System.out.println("route.ticks=" + b.choice(Method.TICKS).route().id());
            for (String n : b.notes()) {
                System.out.println("note=" + n);
            }
            long a = b.ticks();
            long z = b.ticks();
            System.out.println("ticks.countUp=" + (z >= a));
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
