package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fastclock.Report;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Swapping providers through ServiceLoader the way a user does: provider jars compiled and jarred at test time
 * with the JDK's compiler and java.util.jar, put on a child JVM's class path beside the real ones.
 */
class ProviderSwapTest {

    private static final String SERVICES = "META-INF/services/dev.fastclock.spi.FastClockProvider";

    /** test-high, priority 200: a SettableClock at 2001-09-09T01:46:40Z (epoch second 10^9), CPU 7. */
    private static Path highJar;
    /** test-low, priority 50: a SettableClock at epoch second 2 * 10^9. */
    private static Path lowJar;
    /** The services file names swap.Missing, which is not in the jar. */
    private static Path missingClassJar;
    /** swap.ThrowingConstructorProvider: its constructor throws. */
    private static Path throwingConstructorJar;
    /** swap.ThrowingCreateProvider, priority 300: unavailableReason() is empty but create() throws. */
    private static Path throwingCreateJar;

    @BeforeAll
    static void buildProviderJars() {
        highJar = providerJar("high", "swap.HighProvider", fixedProvider("HighProvider", "test-high", 200, 42L, 1_000_000_000L, 7));
        lowJar = providerJar("low", "swap.LowProvider", fixedProvider("LowProvider", "test-low", 50, 43L, 2_000_000_000L, 3));
        Path dir = Artifacts.tempDir("provider-missing-");
        JavaSources.write(dir, SERVICES, "# names a class the jar does not hold\nswap.Missing\n");
        missingClassJar = JavaSources.jar(dir, dir.resolveSibling(dir.getFileName() + ".jar"));
        throwingConstructorJar = providerJar("ctor", "swap.ThrowingConstructorProvider", """
                package swap;
                public final class ThrowingConstructorProvider implements dev.fastclock.spi.FastClockProvider {
                    public ThrowingConstructorProvider() { throw new IllegalStateException("test provider constructor fails"); }
                    public String name() { return "test-ctor"; }
                    public int priority() { return 400; }
                    public java.util.Optional<String> unavailableReason() { return java.util.Optional.empty(); }
                    public dev.fastclock.spi.FastClockBackend create() { return new dev.fastclock.spi.SystemClockBackend(); }
                }
                """);
        throwingCreateJar = TestProviders.failingCreate();
    }

    /**
     * A provider whose backend answers fixed readings: what a user writes to plug in a clock of their own. It
     * implements the SPI's {@code FastClockBackend} and plans only the methods of the first release (the clocks of
     * issue "Linux x86-64 provider", the resolution, the CPU and node); for every later method of the catalogue
     * (boot, raw and TAI time, the ticks, isSupported, the clock status) it returns null, as a provider written
     * before those methods existed does.
     */
    private static String fixedProvider(String className, String name, int priority, long nanos, long epochSeconds, int cpu) {
        return """
                package swap;
                import dev.fastclock.spi.Method;
                import dev.fastclock.spi.MethodRoute;
                import dev.fastclock.spi.Plan;
                import dev.fastclock.spi.Reader;
                public final class %1$s implements dev.fastclock.spi.FastClockProvider {
                    public String name() { return "%2$s"; }
                    public int priority() { return %3$d; }
                    public java.util.Optional<String> unavailableReason() { return java.util.Optional.empty(); }
                    public dev.fastclock.spi.FastClockBackend create() { return new Fixed(); }

                    static final class Fixed implements dev.fastclock.spi.FastClockBackend {
                        static final long EPOCH_NANOS = %5$dL * 1_000_000_000L;
                        public Plan plan(Method m) {
                            long v;
                            switch (m) {
                                case NANOS: case COARSE_NANOS: v = %4$dL; break;
                                case EPOCH_NANOS: v = EPOCH_NANOS; break;
                                case EPOCH_MICROS: v = EPOCH_NANOS / 1_000L; break;
                                case EPOCH_MILLIS: case COARSE_EPOCH_MILLIS: v = EPOCH_NANOS / 1_000_000L; break;
                                case EPOCH_SECONDS: v = %5$dL; break;
                                case RESOLUTION: v = 1L; break;
                                case CPU: v = %6$d; break;
                                case NODE: v = 0; break;
                                default: return null; // written before the method existed
                            }
                            return new Plan(new Value(v), new MethodRoute(m.apiName(), "fixed", "a fixed reading", java.util.List.of()), null);
                        }
                    }

                    record Value(long v) implements Reader {
                        public long read(long arg) { return v; }
                    }
                }
                """.formatted(className, name, priority, nanos, epochSeconds, cpu);
    }

    private static Path providerJar(String prefix, String className, String source) {
        Path classes = JavaSources.compileAgainstApi("provider-" + prefix + "-", Map.of(className, source));
        JavaSources.write(classes, SERVICES, className + "\n");
        return JavaSources.jar(classes, classes.resolveSibling(classes.getFileName() + ".jar"));
    }

    @Test
    void aHigherPriorityProviderOnTheClassPathWins() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath(highJar, lowJar)
                .jvmArgs("--enable-native-access=ALL-UNNAMED")
                .args("values")
                .run().assertSuccess();
        assertEquals("test-high", r.value("provider"), r::toString);
        // The facade reads the test provider's backend: its fixed readings, not the kernel's.
        assertEquals("1000000000", r.value("epochSeconds"), r::toString);
        assertEquals("42", r.value("nanos"), r::toString);
        assertEquals("7", r.value("cpu"), r::toString);
        // bootNanos() and the other methods added after the first release answer through the catalogue's fallbacks.
        assertEquals("42", r.value("bootNanos"), r::toString);
        assertEquals("42", r.value("ticks"), r::toString);
        assertEquals(Long.toString(1_000_000_000L * 1_000_000_000L), r.value("taiNanos"), r::toString);
        assertEquals("true", r.value("supported"), r::toString);
        assertEquals("test-high", r.report().provider(), r::toString);
        assertTrue(r.outcome("linux-x64").startsWith("not tried"), r::toString);
        assertEquals("chosen", r.outcome("test-high"), r::toString);
    }

    @Test
    void forcingLinuxX64PicksItOverAHigherPriorityOne() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath(highJar, lowJar)
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Dfastclock.provider=linux-x64")
                .args("report", "20000", "native")
                .run().assertSuccess();
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        assertEquals(Optional.of("linux-x64"), r.report().forced(), r::toString);
        assertEquals("chosen (forced)", r.outcome("linux-x64"), r::toString);
        assertTrue(r.outcome("test-high").startsWith("not tried"), r::toString);
    }

    @Test
    void forcingALowerTestProviderPicksIt() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath(highJar, lowJar)
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Dfastclock.provider=test-low")
                .args("values")
                .run().assertSuccess();
        assertEquals("test-low", r.value("provider"), r::toString);
        assertEquals("2000000000", r.value("epochSeconds"), r::toString);
        assertEquals("3", r.value("cpu"), r::toString);
    }

    @Test
    void forcingJdkPicksThePureJavaProvider() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath(highJar, lowJar)
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Dfastclock.provider=jdk")
                .args("report", "20000", "jdk")
                .run().assertSuccess();
        assertEquals("jdk", r.value("provider"), r::toString);
        assertEquals("false", r.value("supported"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
    }

    /**
     * {@code -Dfastclock.provider=settable} puts {@code SettableClock.installed()} behind the static facade: a
     * clock at monotonic 0 and the epoch that moves only when told to, CPU unknown; every method reported on it.
     */
    @Test
    void forcingSettableReadsTheInstalledSettableClock() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Dfastclock.provider=settable")
                .args("values")
                .run().assertSuccess();
        assertEquals("settable", r.value("provider"), r::toString);
        for (Method m : Method.values()) {
            assertEquals(freshSettable(m), r.value(m.apiName()), () -> m.apiName() + " of a fresh SettableClock\n" + r);
        }
        assertEquals("false", r.value("supported"), r::toString);
        Report report = r.report();
        assertEquals(Optional.of("settable"), report.forced(), r::toString);
        assertEquals(Routing.METHODS, report.methods().stream().map(MethodRoute::method).toList(), r::toString);
        assertTrue(report.methods().stream().allMatch(m -> m.route().equals("settable")), r::toString);
        assertEquals("", r.stderr().strip(), () -> "the settable provider calls no native code\n" + r);
    }

    /** What a fresh {@code SettableClock} (monotonic 0, the epoch, CPU unknown, status unknown) answers, from the row. */
    private static String freshSettable(Method m) {
        if (m.clock() != null) {
            return "0";
        }
        return switch (m.unit()) {
            case TICKS -> "0";
            case NANOSECONDS -> m.planned() ? "1" : "1000000000"; // resolutionNanos; ticksToNanos(ticksPerSecond())
            case TICKS_PER_SECOND -> "1000000000";
            case CPU, NODE -> "-1";
            case BOOLEAN -> "0";
            case STATUS -> "-1";
            case MICROSECONDS, MILLISECONDS, SECONDS -> throw new AssertionError(m);
        };
    }

    /**
     * Issue 17: a method the provider does not serve (one added to the catalogue after the provider was written) is
     * answered through the catalogue's fallback, and {@code report()} and {@code describe()} say so: route
     * {@value #SPI_DEFAULT} naming the provider and the method that answers, or {@code jdk} with the provider passed
     * over because it "does not serve" it. No catalogue method is missing from the report, none is answered silently.
     */
    @Test
    void methodsAProviderDoesNotServeAreReportedAsSuchByReportAndDescribe() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath(highJar)
                .jvmArgs("--enable-native-access=ALL-UNNAMED")
                .args("values")
                .run().assertSuccess();
        assertEquals("test-high", r.value("provider"), r::toString);
        Report report = r.report();
        assertEquals(Routing.METHODS, report.methods().stream().map(MethodRoute::method).toList(),
                () -> "every planned method of the catalogue, in order\n" + r);
        String describe = r.describe();
        for (Method m : Method.values()) {
            if (!m.planned()) {
                continue;
            }
            MethodRoute route = Routing.method(report, m.apiName());
            if (FIRST_RELEASE.contains(m)) {
                assertEquals("fixed", route.route(), () -> m.apiName() + " is served by the provider\n" + r);
            } else if (m.fallback() != null || m == Method.IS_SUPPORTED) {
                assertEquals(SPI_DEFAULT, route.route(), () -> m.apiName() + " is not served: the catalogue's fallback answers\n" + r);
                assertTrue(route.detail().contains("not served by test-high"), () -> m.apiName() + ": the detail names the provider: " + route + "\n" + r);
                if (m.fallback() != null) {
                    assertTrue(route.detail().contains("its " + m.fallback().apiName() + " answers"),
                            () -> m.apiName() + ": the detail names the method that answers: " + route + "\n" + r);
                }
            } else {
                assertEquals("jdk", route.route(), () -> m.apiName() + " is not served and has no fallback: the JDK answers\n" + r);
                assertTrue(route.passedOver().stream().anyMatch(p -> p.route().equals("test-high") && p.reason().contains("does not serve " + m.apiName())),
                        () -> m.apiName() + ": the provider is passed over as not serving it: " + route + "\n" + r);
            }
            // describe() shows the same route on the method's line
            assertTrue(describe.lines().anyMatch(l -> l.startsWith("  " + m.apiName() + " ") && l.contains(" " + route.route() + " ")),
                    () -> "describe() has no line for " + m.apiName() + " on " + route.route() + "\n" + describe);
        }
        // The fallbacks answer in the provider's units: its nanos, its epoch.
        assertEquals("42", r.value("rawNanos"), r::toString);
        assertEquals("1000000000", r.value("ticksPerSecond"), r::toString);
        assertEquals("-1", r.value("clockStatus"), () -> "the JDK's clock status is unknown\n" + r);
    }

    /** The route the report shows for a method answered through the catalogue's fallback. */
    private static final String SPI_DEFAULT = "spi-default";

    /** The methods the fixed provider serves. */
    private static final Set<Method> FIRST_RELEASE = Set.of(Method.NANOS, Method.COARSE_NANOS, Method.EPOCH_NANOS, Method.EPOCH_MICROS,
            Method.EPOCH_MILLIS, Method.COARSE_EPOCH_MILLIS, Method.EPOCH_SECONDS, Method.RESOLUTION, Method.CPU, Method.NODE);

    @Test
    void brokenProviderJarsBesideAGoodOneAreSkippedAndReported() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath(missingClassJar, throwingConstructorJar, throwingCreateJar)
                .jvmArgs("--enable-native-access=ALL-UNNAMED")
                .args("report", "20000", "native")
                .run().assertSuccess();
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        Report report = r.report();
        assertTrue(report.problems().stream().anyMatch(p -> p.contains("swap.Missing")),
                () -> "the services entry naming a missing class is not reported\n" + r);
        assertTrue(report.problems().stream().anyMatch(p -> p.contains("swap.ThrowingConstructorProvider")),
                () -> "the throwing constructor is not reported\n" + r);
        String create = r.outcome("test-create");
        assertTrue(create.startsWith("failed") && create.contains("test provider create fails"),
                () -> "the provider whose create() throws is not reported as failed: " + create + "\n" + r);
        assertEquals("chosen", r.outcome("linux-x64"), r::toString);
        // Each failure is logged (once, at selection time) as a warning.
        assertTrue(r.stderr().contains("swap.Missing") && r.stderr().contains("test-create"), r::toString);
    }

    @Test
    void anUnknownForcedProviderFailsTheFirstCallClearly() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath()
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Dfastclock.provider=nope")
                .args("first-call")
                .run().assertSuccess();
        assertEquals("java.lang.IllegalStateException", r.value("first-call"), r::toString);
        String message = r.value("first-call.message");
        assertTrue(message.contains("-Dfastclock.provider=nope") && message.contains("linux-x64") && message.contains("jdk"),
                () -> "the message should name the bad value and the providers there are: " + message);
        assertEquals("java.lang.IllegalStateException", r.value("cpu-call"), r::toString);
        // every method of the catalogue throws, clockStatus() too
        assertEquals(r.value("calls"), r.value("calls.threw"), () -> "every call throws\n" + r);
        assertEquals("1", r.value("clockStatus.threw"), r::toString);
        assertEquals("none", r.value("provider"), r::toString);
        assertEquals("none", r.report().provider(), r::toString);
        assertTrue(r.report().problems().stream().anyMatch(p -> p.contains("names no provider")), r::toString);
        // An expected condition: one log line naming the providers there are, no stack trace (issue 17).
        ExpectedConditions.assertOneLineNoTrace(r, "-Dfastclock.provider=nope", "linux-x64", "settable", "jdk");
    }
}
