package dev.fastclock.internal;

import dev.fastclock.settable.SettableBackend;
import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.SystemClockBackend;
import dev.fastclock.testproviders.CountingProvider;
import dev.fastclock.testproviders.FatalConstructorProvider;
import dev.fastclock.testproviders.LoadableProvider;
import dev.fastclock.testproviders.NotAProvider;
import dev.fastclock.testproviders.ScriptedProvider;
import dev.fastclock.testproviders.TallyProvider;
import dev.fastclock.testproviders.ThrowingConstructorProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Selection fed by a real {@link ServiceLoader} iterator, over a real services file with broken
 * entries (written to a temp dir and read through a {@link URLClassLoader}), and by the module's
 * own ServiceLoader lookup. No FastClock static method is called here.
 */
class ServiceLoaderSelectionTest {

    private static final String MISSING = "dev.fastclock.testproviders.DoesNotExist";
    /** The providers this module registers, main and test, by priority. */
    private static final String FOUND = "scripted, tally, counting, settable, jdk";

    private static void assertContains(String haystack, String needle) {
        assertTrue(haystack.contains(needle), () -> "expected to find\n  <" + needle + ">\nin\n" + haystack);
    }

    private static URLClassLoader loaderWithServicesFile(Path dir, String... lines) throws IOException {
        Path services = dir.resolve("META-INF/services/" + FastClockProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.write(services, List.of(lines));
        return new URLClassLoader(new URL[]{dir.toUri().toURL()}, ServiceLoaderSelectionTest.class.getClassLoader());
    }

    @Test
    void theServicesFileReallyIsBroken(@TempDir Path dir) throws IOException {
        // Guards the test below: the real ServiceLoader iterator does throw for these entries.
        try (URLClassLoader loader = loaderWithServicesFile(dir, MISSING)) {
            var it = ServiceLoader.load(FastClockProvider.class, loader).iterator();
            ServiceConfigurationError e = assertThrows(ServiceConfigurationError.class, () -> {
                while (it.hasNext()) {
                    it.next();
                }
            });
            assertContains(e.getMessage(), MISSING);
        }
    }

    @Test
    void brokenServicesEntriesAreSurvivedReportedAndTheNextProviderWins(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = loaderWithServicesFile(dir,
                "# a services file with three broken entries before a good one",
                MISSING,
                NotAProvider.class.getName(),
                ThrowingConstructorProvider.class.getName(),
                LoadableProvider.class.getName())) {

            Selection s = Selection.select(ServiceLoader.load(FastClockProvider.class, loader).iterator(), null);

            assertEquals(LoadableProvider.NAME, s.providerName());
            assertInstanceOf(SettableBackend.class, s.backend());
            String failed = "a provider failed to load: " + ServiceConfigurationError.class.getName() + ": ";
            List<String> loadFailures = s.problems().stream().filter(l -> l.startsWith(failed)).toList();
            assertEquals(3, loadFailures.size(), s.problems()::toString);
            assertEquals(3, s.problems().size(), s.problems()::toString);
            assertContains(loadFailures.get(0), MISSING + " not found");
            assertContains(loadFailures.get(1), NotAProvider.class.getName() + " not a subtype");
            assertContains(loadFailures.get(2), ThrowingConstructorProvider.class.getName() + " could not be instantiated");
            assertEquals(3, s.messages().size());
            // The providers of the ordinary class path were loaded too, and passed over.
            assertEquals("chosen", outcome(s, LoadableProvider.NAME));
            assertTrue(outcome(s, CountingProvider.NAME).startsWith("not available: "), outcome(s, CountingProvider.NAME));
            assertEquals("not tried: loadable was chosen first", outcome(s, "settable"));
        }
    }

    @Test
    void brokenEntriesDoNotStopForcingAGoodProvider(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = loaderWithServicesFile(dir, MISSING, LoadableProvider.class.getName())) {
            Selection s = Selection.select(ServiceLoader.load(FastClockProvider.class, loader).iterator(), "loadable");
            assertEquals(LoadableProvider.NAME, s.providerName());
            assertEquals(LoadableProvider.NAME, s.forced());
            assertEquals(1, s.problems().size(), s.problems()::toString);
            assertContains(s.problems().get(0), MISSING + " not found");
        }
    }

    @Test
    void providerThatCouldNotBeInstantiatedCannotBeForced(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = loaderWithServicesFile(dir, ThrowingConstructorProvider.class.getName())) {
            Selection s = Selection.select(ServiceLoader.load(FastClockProvider.class, loader).iterator(), "never");

            assertEquals("none", s.providerName());
            String expected = "-Dfastclock.provider=never names no provider (names are matched ignoring case); the providers found here: " + FOUND
                    + "";
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> s.backend().plan(dev.fastclock.spi.Method.NANOS).reader().read(0));
            assertEquals(expected, e.getMessage());
            assertEquals(2, s.problems().size(), s.problems()::toString);
            assertContains(s.problems().get(0), ThrowingConstructorProvider.class.getName() + " could not be instantiated");
            assertEquals(expected, s.problems().get(1));
        }
    }

    /**
     * A real provider class file for a Java newer than this one: {@link LoadableProvider}'s bytes with
     * the class-file major version raised past what any JVM knows, loaded without its parent's copy.
     * ServiceLoader then throws the JVM's own {@link UnsupportedClassVersionError}, as the Linux
     * provider does on Java 17-21.
     */
    @Test
    void providerCompiledForANewerJavaIsOneWarningLineWithoutStackTrace(@TempDir Path dir) throws IOException {
        String resource = LoadableProvider.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (var in = LoadableProvider.class.getClassLoader().getResourceAsStream(resource)) {
            bytes = in.readAllBytes();
        }
        assertEquals(0xCAFEBABE, java.nio.ByteBuffer.wrap(bytes).getInt());
        bytes[6] = 0x00; // major version, big-endian: 250, a Java far in the future
        bytes[7] = (byte) 250;
        Path classFile = dir.resolve(resource);
        Files.createDirectories(classFile.getParent());
        Files.write(classFile, bytes);
        Path services = dir.resolve("META-INF/services/" + FastClockProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.write(services, List.of(LoadableProvider.class.getName()));

        // The platform loader as parent: the class path's LoadableProvider must not be found first.
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Selection s = Selection.select(ServiceLoader.load(FastClockProvider.class, loader).iterator(), null);

            assertEquals("jdk", s.providerName());
            assertEquals(1, s.problems().size(), s.problems()::toString);
            String line = s.problems().get(0);
            assertTrue(line.startsWith(LoadableProvider.class.getName() + " needs Java 22 or newer (this JVM is Java "
                    + Runtime.version().feature() + "): "), line);
            assertEquals(1, s.messages().size(), s.messages()::toString);
            Message log = s.messages().get(0);
            assertEquals(System.Logger.Level.WARNING, log.level());
            assertEquals("FastClock: " + line, log.text());
            assertNull(log.thrown(), "no stack trace for an expected condition");
        }
    }

    /**
     * Issue 9: a {@link StackOverflowError} or {@link OutOfMemoryError} while ServiceLoader makes a
     * provider reaches selection wrapped in a {@link ServiceConfigurationError}. It is the JVM's
     * state, not the provider's fault: selection must not complete without that provider (that
     * choice would stand for the life of the JVM) but fail, so that {@link Active} answers from the
     * JDK and chooses again at the next call.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aVirtualMachineErrorWhileMakingAProviderIsNotThatProvidersFailure(boolean stack, @TempDir Path dir) throws IOException {
        try (URLClassLoader loader = loaderWithServicesFile(dir, FatalConstructorProvider.class.getName())) {
            VirtualMachineError error = stack ? new StackOverflowError("simulated") : new OutOfMemoryError("simulated");
            FatalConstructorProvider.failNext(error);
            Throwable thrown = assertThrows(Throwable.class,
                    () -> Selection.select(ServiceLoader.load(FastClockProvider.class, loader).iterator(), null),
                    "selection completed without the provider ServiceLoader could not make for want of stack or memory");
            boolean found = false;
            for (Throwable t = thrown; t != null && !found; t = t.getCause() == t ? null : t.getCause()) {
                found = t == error;
            }
            assertTrue(found, () -> "selection threw, but not for the error: " + thrown);

            // The JVM recovered: the next selection finds the provider.
            Selection s = Selection.select(ServiceLoader.load(FastClockProvider.class, loader).iterator(), null);
            assertEquals(FatalConstructorProvider.NAME, s.providerName());
            assertEquals(List.of(), s.problems());
        }
    }

    @Test
    void theModulesOwnLookupFindsTheRegisteredProvidersAndFallsBackToJdk() {
        // This JVM never sets -Dfastclock.provider nor enables the test providers.
        assertFalse(Boolean.getBoolean(CountingProvider.ENABLE_PROPERTY));

        Selection s = Selection.fromServiceLoader();

        assertEquals("jdk", s.providerName());
        assertNull(s.forced());
        assertInstanceOf(SystemClockBackend.class, s.backend());
        assertEquals(List.of(ScriptedProvider.NAME, TallyProvider.NAME, CountingProvider.NAME, "settable", "jdk"),
                s.outcomes().stream().map(Selection.Outcome::name).toList(), "highest priority first");
        assertTrue(outcome(s, CountingProvider.NAME).startsWith("not available: a test provider"), outcome(s, CountingProvider.NAME));
        assertEquals("not available: a test clock, used only when forced with -Dfastclock.provider=settable", outcome(s, "settable"));
        assertEquals("chosen", outcome(s, "jdk"));
        assertEquals(new Selection.Outcome("settable", Integer.MIN_VALUE + 1, outcome(s, "settable")), s.outcomes().get(3));
        assertEquals(List.of(), s.problems());
        assertEquals(List.of(), s.messages());
        assertEquals(0, CountingProvider.creations());
    }

    private static String outcome(Selection s, String name) {
        for (Selection.Outcome o : s.outcomes()) {
            if (o.name().equals(name)) {
                return o.outcome();
            }
        }
        throw new AssertionError("no outcome for " + name + " in " + s.outcomes());
    }
}
