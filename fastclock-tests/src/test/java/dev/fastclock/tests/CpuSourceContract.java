package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fastclock.CpuSource;
import dev.fastclock.tests.probe.Bounds;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CpuSource} must give: a CPU this thread may run on and an online NUMA node (node 0 on a
 * single-node machine), or -1 and -1 from a source that says it cannot tell. Whether it is the right CPU is
 * proven by pinning a child JVM ({@link PinnedCpuTest}). One subclass per implementation or route, each one line.
 */
abstract class CpuSourceContract {

    static final int ROUNDS = 100_000;

    private final Supplier<? extends CpuSource> factory;
    private final boolean expectSupported;
    private CpuSource source;

    CpuSourceContract(Supplier<? extends CpuSource> factory, boolean expectSupported) {
        this.factory = factory;
        this.expectSupported = expectSupported;
    }

    /**
     * Creates the source and makes its first calls on this thread, so the tests below judge a planned source. (A
     * call racing the first call's planning from another thread waits for it, never answering -1 where the CPU is
     * known: {@link PinnedCpuTest} covers that start-up race, and {@link CpuSupportRaceTest} what isSupported() says
     * during it.)
     */
    @BeforeEach
    final void create() {
        source = factory.get();
        source.cpu();
        source.node();
        source.isSupported();
    }

    @Test
    void cpuIsOneThisThreadMayRunOnAndNodeIsOnline() {
        Bounds.checkCpu(source, ROUNDS, expectSupported);
    }

    @Test
    void nodeIsZeroOnASingleNodeMachine() {
        assumeTrue(Bounds.onlineNodes().equals(Bounds.parseList("0")), "this machine has NUMA nodes "
                + Bounds.onlineNodes() + ", not just node 0: node() is checked against them by the other tests");
        assertEquals(expectSupported ? 0 : -1, source.node(), "node() on a machine whose only NUMA node is 0");
    }

    @Test
    void virtualThreadsMovingBetweenCarriersGetSaneAnswers() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 1_000; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        Bounds.checkCpu(source, 5, expectSupported);
                        Thread.yield();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) {
            assertTrue(t.join(ChildJvm.TIMEOUT), "a virtual thread did not finish within " + ChildJvm.TIMEOUT);
        }
        if (failure.get() != null) {
            throw new AssertionError("a virtual thread failed", failure.get());
        }
    }
}
