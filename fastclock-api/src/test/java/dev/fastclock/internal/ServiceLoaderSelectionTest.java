package dev.fastclock.internal;

import dev.fastclock.SettableClock;
import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.SystemClockBackend;
import dev.fastclock.testproviders.CountingProvider;
import dev.fastclock.testproviders.LoadableProvider;
import dev.fastclock.testproviders.NotAProvider;
import dev.fastclock.testproviders.ThrowingConstructorProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Selection fed by a real {@link ServiceLoader} iterator, over a real services file with broken
 * entries (written to a temp dir and read through a {@link URLClassLoader}), and by the module's
 * own ServiceLoader lookup. No FastClock static method is called here.
 */
class ServiceLoaderSelectionTest {

    private static final String MISSING = "dev.fastclock.testproviders.DoesNotExist";

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
            assertInstanceOf(SettableClock.class, s.backend());
            String report = s.report();
            assertContains(report, "skipped while loading:\n");
            String failed = "  a provider failed to load: " + ServiceConfigurationError.class.getName() + ": ";
            assertContains(report, failed);
            List<String> loadFailures = report.lines().filter(l -> l.startsWith(failed)).toList();
            assertEquals(3, loadFailures.size(), report);
            assertContains(loadFailures.get(0), MISSING + " not found");
            assertContains(loadFailures.get(1), NotAProvider.class.getName() + " not a subtype");
            assertContains(loadFailures.get(2), ThrowingConstructorProvider.class.getName() + " could not be instantiated");
            // The providers of the ordinary class path were loaded too, and passed over.
            assertContains(report, "  " + CountingProvider.NAME + " (priority 1000): not available: ");
            assertContains(report, "  settable (priority " + (Integer.MIN_VALUE + 1) + "): not tried: loadable was chosen first");
        }
    }

    @Test
    void brokenEntriesDoNotStopForcingAGoodProvider(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = loaderWithServicesFile(dir, MISSING, LoadableProvider.class.getName())) {
            Selection s = Selection.select(ServiceLoader.load(FastClockProvider.class, loader).iterator(), "loadable");
            assertEquals(LoadableProvider.NAME, s.providerName());
            assertContains(s.report(), MISSING + " not found");
        }
    }

    @Test
    void providerThatCouldNotBeInstantiatedCannotBeForced(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = loaderWithServicesFile(dir, ThrowingConstructorProvider.class.getName())) {
            Selection s = Selection.select(ServiceLoader.load(FastClockProvider.class, loader).iterator(), "never");

            assertEquals("none", s.providerName());
            IllegalStateException e = assertThrows(IllegalStateException.class, s.backend()::nanos);
            assertEquals("-Dfastclock.provider=never names no provider; found: counting, settable, jdk", e.getMessage());
            assertContains(s.report(), ThrowingConstructorProvider.class.getName() + " could not be instantiated");
        }
    }

    @Test
    void theModulesOwnLookupFindsTheRegisteredProvidersAndFallsBackToJdk() {
        // This JVM never sets -Dfastclock.provider nor enables the counting provider.
        assertFalse(Boolean.getBoolean(CountingProvider.ENABLE_PROPERTY));

        Selection s = Selection.fromServiceLoader();

        assertEquals("jdk", s.providerName());
        assertInstanceOf(SystemClockBackend.class, s.backend());
        assertContains(s.report(), "  counting (priority 1000): not available: a test provider");
        assertContains(s.report(), "  settable (priority " + (Integer.MIN_VALUE + 1)
                + "): not available: a test clock, used only when forced with -Dfastclock.provider=settable");
        assertEquals(0, CountingProvider.creations());
    }
}
