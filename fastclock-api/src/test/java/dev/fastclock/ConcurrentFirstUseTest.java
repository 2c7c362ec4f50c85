package dev.fastclock;

import dev.fastclock.testproviders.CountingProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many threads make the very first FastClock / CpuLocator call of this JVM at once (surefire gives
 * this class its own JVM): the provider is built exactly once and each first call is answered right.
 * {@code nanos()} and {@code cpu()} racing the choice both wait for it and get the chosen backend's answer,
 * never a stand-in.
 *
 * <p>The {@link CountingProvider} (priority 1000, registered in src/test/resources) is enabled here,
 * and only here, before first use.
 */
class ConcurrentFirstUseTest {

    private static final int THREADS = 64;

    @BeforeAll
    static void enableCountingProvider() {
        System.setProperty(CountingProvider.ENABLE_PROPERTY, "true");
    }

    @Test
    void concurrentFirstUseBuildsTheProviderOnceAndEveryThreadSeesTheSameBackend() throws Exception {
        // Nothing has touched FastClock yet in this JVM: ServiceLoader has not even made the provider.
        assertEquals(0, CountingProvider.instances());
        assertEquals(0, CountingProvider.creations());

        CyclicBarrier start = new CyclicBarrier(THREADS);
        Object[] timeSources = new Object[THREADS];
        Object[] cpuSources = new Object[THREADS];
        long[] readings = new long[THREADS];
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int n = i;
            threads.add(Thread.ofPlatform().name("first-use-" + n).start(() -> {
                try {
                    start.await();
                    // Half start with FastClock, half with CpuLocator: either triggers selection.
                    readings[n] = n % 2 == 0 ? FastClock.nanos() : CpuLocator.cpu();
                    timeSources[n] = FastClock.source();
                    cpuSources[n] = CpuLocator.source();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(Duration.ofMinutes(2)); // a guard against a deadlock hanging the build, not a timing assertion
            assertFalse(t.isAlive(), t.getName() + " never finished: deadlock in first use?");
        }

        assertTrue(failures.isEmpty(), () -> "threads failed: " + failures);
        assertEquals(1, CountingProvider.instances(), "ServiceLoader ran once");
        assertEquals(1, CountingProvider.creations(), "create() ran exactly once");
        assertEquals(CountingProvider.NAME, FastClock.providerName());
        Object backend = FastClock.source();
        for (int i = 0; i < THREADS; i++) {
            assertSame(backend, timeSources[i], "thread " + i + " saw another TimeSource");
            assertSame(backend, cpuSources[i], "thread " + i + " saw another CpuSource");
            // Every call racing the choice waits for it and gets the chosen backend's answer.
            if (i % 2 == 0) {
                assertEquals(CountingProvider.NANOS, readings[i], "thread " + i + "'s nanos(): a stand-in, not the chosen backend's");
            } else {
                assertEquals(CountingProvider.CPU, readings[i], "thread " + i + "'s cpu(): a stand-in where the CPU is known");
            }
        }
        Report report = FastClock.report();
        assertEquals(CountingProvider.NAME, report.provider());
        assertTrue(report.providers().contains(new Report.Provider(CountingProvider.NAME, CountingProvider.PRIORITY, "chosen")),
                report.providers()::toString);
        assertTrue(FastClock.describe().contains("\n  counting (priority 1000): chosen\n"), FastClock.describe());
        // Every later call goes to the counting backend's fixed values.
        assertEquals(CountingProvider.NANOS, FastClock.nanos());
        assertEquals(CountingProvider.EPOCH_NANOS, FastClock.epochNanos());
        assertEquals(CountingProvider.NODE, CpuLocator.node());
        assertEquals(1, CountingProvider.creations(), "later calls never build again");
        assertEquals(Catalogue.plannedNames(), report.methods().stream().map(m -> m.method()).toList());
        assertTrue(report.notes().stream().noneMatch(n -> n.contains("answered by the JDK")),
                () -> "no call came back on a choosing thread: " + report.notes());
    }
}
