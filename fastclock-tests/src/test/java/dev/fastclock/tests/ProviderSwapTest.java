package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fastclock.Report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        throwingCreateJar = providerJar("create", "swap.ThrowingCreateProvider", """
                package swap;
                public final class ThrowingCreateProvider implements dev.fastclock.spi.FastClockProvider {
                    public String name() { return "test-create"; }
                    public int priority() { return 300; }
                    public java.util.Optional<String> unavailableReason() { return java.util.Optional.empty(); }
                    public dev.fastclock.spi.FastClockBackend create() { throw new IllegalStateException("test provider create fails"); }
                }
                """);
    }

    /**
     * A provider whose backend answers fixed readings: what a user writes to plug in a clock of their own. It
     * implements the SPI's {@code FastClockBackend} (the methods added after the first release keep their
     * defaults), not the API's {@code SettableClock}, which is a user type and no backend.
     */
    private static String fixedProvider(String className, String name, int priority, long nanos, long epochSeconds, int cpu) {
        return """
                package swap;
                public final class %1$s implements dev.fastclock.spi.FastClockProvider {
                    public String name() { return "%2$s"; }
                    public int priority() { return %3$d; }
                    public java.util.Optional<String> unavailableReason() { return java.util.Optional.empty(); }
                    public dev.fastclock.spi.FastClockBackend create() { return new Fixed(); }

                    static final class Fixed implements dev.fastclock.spi.FastClockBackend {
                        static final long EPOCH_NANOS = %5$dL * 1_000_000_000L;
                        public long nanos() { return %4$dL; }
                        public long coarseNanos() { return %4$dL; }
                        public long epochNanos() { return EPOCH_NANOS; }
                        public long epochMicros() { return EPOCH_NANOS / 1_000L; }
                        public long epochMillis() { return EPOCH_NANOS / 1_000_000L; }
                        public long coarseEpochMillis() { return EPOCH_NANOS / 1_000_000L; }
                        public long epochSeconds() { return %5$dL; }
                        public long resolutionNanos(int linuxClockId) { return 1L; }
                        public int cpu() { return %6$d; }
                        public int node() { return 0; }
                        public boolean isSupported() { return true; }
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
        // bootNanos() and the other methods added after the first release answer through the SPI's defaults.
        assertEquals("42", r.value("bootNanos"), r::toString);
        assertEquals(Long.toString(1_000_000_000L * 1_000_000_000L), r.value("taiNanos"), r::toString);
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
        for (String key : List.of("nanos", "coarseNanos", "epochNanos", "epochMicros", "epochMillis", "coarseEpochMillis",
                "epochSeconds", "bootNanos", "rawNanos", "taiNanos", "ticks")) {
            assertEquals("0", r.value(key), () -> key + " of a fresh SettableClock\n" + r);
        }
        assertEquals("-1", r.value("cpu"), r::toString);
        assertEquals("false", r.value("supported"), r::toString);
        Report report = r.report();
        assertEquals(Optional.of("settable"), report.forced(), r::toString);
        assertEquals(Routing.METHODS, report.methods().stream().map(m -> m.method()).toList(), r::toString);
        assertTrue(report.methods().stream().allMatch(m -> m.route().equals("settable")), r::toString);
        assertEquals("", r.stderr().strip(), () -> "the settable provider calls no native code\n" + r);
    }

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
        assertEquals("none", r.value("provider"), r::toString);
        assertEquals("none", r.report().provider(), r::toString);
        assertTrue(r.report().problems().stream().anyMatch(p -> p.contains("names no provider")), r::toString);
    }
}
