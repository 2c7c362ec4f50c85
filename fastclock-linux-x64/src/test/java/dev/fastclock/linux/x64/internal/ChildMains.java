package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The main classes {@link ChildJvm} runs; each prints {@code key=value} lines for its test to read. */
final class ChildMains {

    private ChildMains() {
    }

    /** The default plan of this process's cpu and node, with glibc's rseq as the environment left it. */
    public static final class CpuPlan {
        private CpuPlan() {
        }

        public static void main(String[] args) {
            Facade b = new Facade(LinuxBackend.eager(null, Optional.empty()));
            System.out.println("rseq.registered=" + Rseq.read().registered());
            for (Method m : List.of(Method.CPU, Method.NODE)) {
                Plan c = b.plan(m);
                System.out.println(m.apiName() + ".route=" + c.route().route());
                System.out.println(m.apiName() + ".passedOver=" + c.route().passedOver().size());
                System.out.println(m.apiName() + ".post=" + b.call(m).post());
            }
            System.out.println("cpu=" + b.cpu());
            System.out.println("node=" + b.node());
        }
    }

    /**
     * Forced jdk with native access denied: every method, the report and the provider, with an
     * environment that throws if the planner touches it.
     */
    public static final class ForcedJdk {
        private ForcedJdk() {
        }

        public static void main(String[] args) throws Exception {
            String maps = Files.readString(Path.of("/proc/self/maps"));
            LinuxEnvironment.ImageReader images = (base, size) -> {
                throw new AssertionError("the image was read");
            };
            LinuxEnvironment.Files files = new LinuxEnvironment.Files() {
                @Override
                public Optional<String> read(String path) {
                    throw new AssertionError("read " + path);
                }

                @Override
                public List<String> list(String dir) {
                    throw new AssertionError("listed " + dir);
                }
            };
            LinuxEnvironment env = new LinuxEnvironment(OptionalLong.of(0x7f0000000000L), "made up (test)", Optional.of(maps),
                    "/proc/self/maps", images, files);
            System.out.println("nativeAccess=" + ChildMains.class.getModule().isNativeAccessEnabled());
            report("eager", LinuxBackend.eager(env, Optional.of(RouteId.JDK)));
            report("backend", LinuxX64Provider.backend(Route.JDK));
            report("create", new LinuxX64Provider().create());
            System.out.println("done=true");
        }

        private static void report(String name, FastClockBackend backend) {
            Facade b = new Facade(backend);
            long sum = b.nanos() + b.coarseNanos() + b.epochNanos() + b.epochMicros() + b.epochMillis() + b.coarseEpochMillis()
                    + b.epochSeconds() + b.resolutionNanos(1) + b.bootNanos() + b.rawNanos() + b.taiNanos() + b.ticks();
            System.out.println(name + ".sum=" + (sum != 0));
            System.out.println(name + ".cpu=" + b.cpu());
            System.out.println(name + ".node=" + b.node());
            System.out.println(name + ".supported=" + b.isSupported());
            System.out.println(name + ".status=" + b.timex());
            List<MethodRoute> routes = new java.util.ArrayList<>();
            for (Method m : Method.values()) {
                if (m.planned()) {
                    routes.add(b.plan(m).route());
                }
            }
            System.out.println(name + ".routes=" + routes.size());
            System.out.println(name + ".jdk=" + routes.stream().allMatch(r -> r.route().equals("jdk") && r.passedOver().isEmpty()));
            System.out.println(name + ".notes=" + backend.notes());
        }
    }

    /**
     * The report's cost: how many times the clocksource verdict is measured over many reports, from a
     * fresh process. {@code -Dthreads=N}: the first reports come from N threads at once.
     */
    public static final class ReportCost {
        private ReportCost() {
        }

        public static void main(String[] args) throws Exception {
            System.out.println("before=" + Clocksource.verdictMeasurements());
            int threads = Integer.getInteger("threads", 1);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Thread> started = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    dev.fastclock.FastClock.report();
                });
                t.start();
                started.add(t);
            }
            go.countDown();
            for (Thread t : started) {
                t.join();
            }
            System.out.println("afterFirst=" + Clocksource.verdictMeasurements());
            long t0 = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                dev.fastclock.FastClock.report();
                dev.fastclock.FastClock.describe();
            }
            long t1 = System.nanoTime();
            System.out.println("after50=" + Clocksource.verdictMeasurements());
            System.out.println("microsPerReport=" + (t1 - t0) / 100 / 1_000);
            System.out.println("provider=" + dev.fastclock.FastClock.providerName());
            System.out.println("clocksourceNote=" + dev.fastclock.FastClock.report().notes().stream()
                    .anyMatch(n -> n.startsWith("clocksource ")));
        }
    }

    /** The default plan of the clocks in whatever time namespace this JVM was started in. */
    public static final class NamespacePlan {
        private NamespacePlan() {
        }

        public static void main(String[] args) {
            System.out.println("lead=" + Row.namespaceLead());
            Facade b = new Facade(LinuxBackend.eager(null, Optional.empty()));
            for (Method m : List.of(Method.NANOS, Method.BOOT_NANOS, Method.RAW_NANOS, Method.COARSE_NANOS)) {
                Plan p = b.plan(m);
                System.out.println("route." + m.apiName() + "=" + p.route().route());
                System.out.println("passedOver." + m.apiName() + "=" + p.route().passedOver());
            }
            long mono = System.nanoTime();
            long boot = b.bootNanos();
            System.out.println("bootMinusMonotonic=" + (boot - mono));
        }
    }
}
