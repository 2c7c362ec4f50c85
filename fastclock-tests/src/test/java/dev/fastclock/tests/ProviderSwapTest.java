package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

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
        highJar = providerJar("high", "swap.HighProvider", """
                package swap;
                public final class HighProvider implements dev.fastclock.spi.FastClockProvider {
                    public String name() { return "test-high"; }
                    public int priority() { return 200; }
                    public java.util.Optional<String> unavailableReason() { return java.util.Optional.empty(); }
                    public dev.fastclock.spi.FastClockBackend create() {
                        return new dev.fastclock.SettableClock(42L, 1_000_000_000L * 1_000_000_000L).setCpu(7, 0);
                    }
                }
                """);
        lowJar = providerJar("low", "swap.LowProvider", """
                package swap;
                public final class LowProvider implements dev.fastclock.spi.FastClockProvider {
                    public String name() { return "test-low"; }
                    public int priority() { return 50; }
                    public java.util.Optional<String> unavailableReason() { return java.util.Optional.empty(); }
                    public dev.fastclock.spi.FastClockBackend create() {
                        return new dev.fastclock.SettableClock(43L, 2_000_000_000L * 1_000_000_000L).setCpu(3, 0);
                    }
                }
                """);
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
        assertTrue(r.describe().contains("linux-x64 (priority 100): not tried"), r::toString);
    }

    @Test
    void forcingLinuxX64PicksItOverAHigherPriorityOne() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath(highJar, lowJar)
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Dfastclock.provider=linux-x64")
                .args("report", "20000", "native")
                .run().assertSuccess();
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        assertTrue(r.describe().contains("forced: -Dfastclock.provider=linux-x64"), r::toString);
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

    @Test
    void brokenProviderJarsBesideAGoodOneAreSkippedAndReported() {
        ChildJvm.Result r = ChildJvm.probeOnClassPath(missingClassJar, throwingConstructorJar, throwingCreateJar)
                .jvmArgs("--enable-native-access=ALL-UNNAMED")
                .args("report", "20000", "native")
                .run().assertSuccess();
        assertEquals("linux-x64", r.value("provider"), r::toString);
        assertEquals("ok", r.value("bounds"), r::toString);
        String describe = r.describe();
        assertTrue(describe.contains("skipped while loading"), () -> "describe() reports no loading failure\n" + r);
        assertTrue(describe.contains("swap.Missing"), () -> "the services entry naming a missing class is not reported\n" + r);
        assertTrue(describe.contains("swap.ThrowingConstructorProvider"), () -> "the throwing constructor is not reported\n" + r);
        assertTrue(describe.lines().anyMatch(l -> l.contains("test-create") && l.contains("failed")
                        && l.contains("test provider create fails")),
                () -> "the provider whose create() throws is not reported as failed\n" + r);
        assertTrue(describe.lines().anyMatch(l -> l.contains("linux-x64") && l.contains("chosen")), r::toString);
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
        assertTrue(r.describe().contains("names no provider"), r::toString);
    }
}
