package dev.fastclock.tests;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Provider jars a user could write, compiled and jarred at test time (once per test JVM) and put on a child JVM's
 * class path beside the real jars, where ServiceLoader finds them through {@code META-INF/services}.
 */
final class TestProviders {

    static final String SERVICES = "META-INF/services/dev.fastclock.spi.FastClockProvider";

    /** The name of {@link #slow()}'s provider. */
    static final String SLOW = "test-slow";
    /** The name of {@link #failingCreate()}'s provider. */
    static final String FAILING = "test-create";

    private static Path slow;
    private static Path failingCreate;

    private TestProviders() {
    }

    /** A jar of one provider class compiled against {@code classPath}, registered in its services file. */
    static Path providerJar(String prefix, String className, String source, List<Path> classPath) {
        Path classes = Artifacts.tempDir("provider-" + prefix + "-");
        String cp = String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList());
        JavaSources.compile(classes, List.of("-cp", cp), List.of(), Map.of(className, source));
        JavaSources.write(classes, SERVICES, className + "\n");
        return JavaSources.jar(classes, classes.resolveSibling(classes.getFileName() + ".jar"));
    }

    /**
     * {@value #SLOW}, priority 200: the real Linux provider ({@code LinuxX64Provider}, so {@code -Dfastclock.route}
     * applies and ticks are the TSC where that route serves them) behind a provider that is slow to be chosen, as
     * system properties of the child JVM say:
     * <ul>
     *   <li>{@code test.slow.priorityMillis}: {@code priority()} sleeps that long (a third-party provider slow to
     *       answer);</li>
     *   <li>{@code test.slow.createMillis}: {@code create()} sleeps that long;</li>
     *   <li>{@code test.slow.log=true}: {@code create()} first installs a java.util.logging handler that reads
     *       {@code FastClock.ticks()} in {@code publish()}, then logs through it (a provider that logs while it is
     *       chosen, through a handler that reads the clock: a call back from inside the choice);</li>
     *   <li>{@code test.slow.stopMillis}: the first {@code plan(TICKS)} stops the whole process with SIGSTOP for that
     *       long (a helper process sends SIGCONT), and returns only once it has seen the gap in
     *       {@code System.nanoTime()}, so the stop surely fell while ticks were being planned (a VM pause, a freeze);
     *       it prints {@code stopped.gap.ms=}.</li>
     * </ul>
     */
    static synchronized Path slow() {
        if (slow == null) {
            slow = providerJar("slow", "slow.SlowProvider", """
                    package slow;

                    import dev.fastclock.spi.FastClockBackend;
                    import dev.fastclock.spi.Method;
                    import dev.fastclock.spi.Plan;
                    import java.util.List;
                    import java.util.Optional;

                    public final class SlowProvider implements dev.fastclock.spi.FastClockProvider {
                        public String name() { return "%s"; }

                        public int priority() {
                            sleep(Long.getLong("test.slow.priorityMillis", 0));
                            return 200;
                        }

                        public Optional<String> unavailableReason() { return Optional.empty(); }

                        public FastClockBackend create() {
                            if (Boolean.getBoolean("test.slow.log")) {
                                java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
                                root.addHandler(new java.util.logging.Handler() {
                                    @Override public void publish(java.util.logging.LogRecord r) {
                                        long t = dev.fastclock.FastClock.ticks(); // a call back from inside the choice
                                        if (t == 42) { System.out.println("unlikely"); }
                                    }
                                    @Override public void flush() { }
                                    @Override public void close() { }
                                });
                                java.util.logging.Logger.getLogger("slow").info("test-slow: creating its backend");
                            }
                            sleep(Long.getLong("test.slow.createMillis", 0));
                            return new Stopping(new dev.fastclock.linux.x64.LinuxX64Provider().create(), Long.getLong("test.slow.stopMillis", 0));
                        }

                        static void sleep(long millis) {
                            try {
                                Thread.sleep(millis);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }

                        /** The Linux backend, whose first plan of ticks stops the process first. */
                        static final class Stopping implements FastClockBackend {
                            private final FastClockBackend linux;
                            private long stopMillis;

                            Stopping(FastClockBackend linux, long stopMillis) {
                                this.linux = linux;
                                this.stopMillis = stopMillis;
                            }

                            public Plan plan(Method m) {
                                if (m == Method.TICKS && stopMillis > 0) {
                                    stopOnce();
                                }
                                return linux.plan(m);
                            }

                            public List<String> notes() { return linux.notes(); }

                            private void stopOnce() {
                                long millis = stopMillis;
                                stopMillis = 0;
                                long pid = ProcessHandle.current().pid();
                                String script = "kill -STOP " + pid + "; sleep " + millis / 1000.0 + "; kill -CONT " + pid;
                                // Spin until the stop is seen as a gap between two readings (at most 30 s); the stop may
                                // come while start() still waits for the helper, so that wait counts as a reading's gap.
                                long begin = System.nanoTime();
                                try {
                                    new ProcessBuilder("sh", "-c", script).inheritIO().start();
                                } catch (java.io.IOException e) {
                                    throw new IllegalStateException(e);
                                }
                                long last = System.nanoTime();
                                long gap = last - begin;
                                while (gap < millis * 1_000_000L / 2 && last - begin < 30_000_000_000L) {
                                    long now = System.nanoTime();
                                    gap = Math.max(gap, now - last);
                                    last = now;
                                }
                                System.out.println("stopped.gap.ms=" + gap / 1_000_000);
                            }
                        }
                    }
                    """.formatted(SLOW), List.of(Artifacts.apiJar(), Artifacts.linuxJar()));
        }
        return slow;
    }

    /** {@value #FAILING}, priority 300: available, but its {@code create()} throws (an unexpected failure, logged with its trace). */
    static synchronized Path failingCreate() {
        if (failingCreate == null) {
            failingCreate = providerJar("create", "swap.ThrowingCreateProvider", """
                    package swap;
                    public final class ThrowingCreateProvider implements dev.fastclock.spi.FastClockProvider {
                        public String name() { return "%s"; }
                        public int priority() { return 300; }
                        public java.util.Optional<String> unavailableReason() { return java.util.Optional.empty(); }
                        public dev.fastclock.spi.FastClockBackend create() { throw new IllegalStateException("test provider create fails"); }
                    }
                    """.formatted(FAILING), List.of(Artifacts.apiJar()));
        }
        return failingCreate;
    }
}
