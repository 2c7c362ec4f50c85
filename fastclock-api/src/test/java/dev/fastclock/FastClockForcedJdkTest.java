package dev.fastclock;

import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.SystemClockBackend;
import dev.fastclock.testproviders.CountingProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -Dfastclock.provider=jdk} in a JVM of its own, with the counting provider (priority 1000)
 * made available: forcing beats priority, and the higher provider is never built.
 */
class FastClockForcedJdkTest {

    @BeforeAll
    static void forceJdkWhileAHigherProviderIsAvailable() {
        System.setProperty(CountingProvider.ENABLE_PROPERTY, "true");
        System.setProperty(FastClockProvider.PROVIDER_PROPERTY, "jdk");
    }

    @Test
    void forcedJdkIsUsedAndTheHigherProviderNeverBuilt() {
        assertEquals("jdk", FastClock.providerName());
        assertInstanceOf(SystemClockBackend.class, FastClock.source());
        assertEquals(1, CountingProvider.instances(), "the counting provider was loaded");
        assertEquals(0, CountingProvider.creations(), "but never built");
        String describe = FastClock.describe();
        assertTrue(describe.contains("forced: -Dfastclock.provider=jdk\n"), describe);
        assertTrue(describe.contains("providers found: counting, settable, jdk\n"), describe);

        long before = System.nanoTime();
        long nanos = FastClock.nanos();
        long after = System.nanoTime();
        assertTrue(before <= nanos && nanos <= after, before + " <= " + nanos + " <= " + after);
        assertEquals(-1, CpuLocator.cpu());
    }
}
