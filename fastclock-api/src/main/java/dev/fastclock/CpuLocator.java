package dev.fastclock;

import dev.fastclock.internal.Active;

/**
 * The CPU and NUMA node the calling thread runs on, as cheaply as the platform can say it.
 *
 * <p>The answer was true at some instant during the call; the scheduler may move the thread the
 * moment it returns, so use it as a hint (to pick a shard, a per-CPU queue, a counter stripe), never
 * for correctness. On a virtual thread it is the CPU of the carrier thread at that instant.
 *
 * <p>Thread-safe, allocation-free; the provider is chosen as described in {@link FastClock}.
 */
public final class CpuLocator {

    private CpuLocator() {
    }

    /**
     * The CPU the calling thread was running on during the call. On Linux x86-64, glibc's rseq-backed
     * {@code sched_getcpu} (a load from the thread's rseq area) or the vDSO's {@code getcpu}: a few
     * nanoseconds, far below {@link System#nanoTime()}.
     *
     * @return the CPU number, from 0, or -1 where it cannot be known ({@link #isSupported()} false)
     */
    public static int cpu() {
        return Active.backend().cpu();
    }

    /**
     * The NUMA node the calling thread was running on during the call. Where glibc's rseq gives the
     * CPU, the node comes from the kernel's CPU-to-node table (read once from
     * {@code /sys/devices/system/node}) at the cost of {@link #cpu()}; else from the vDSO's
     * {@code getcpu}.
     *
     * @return the node number, from 0, or -1 where it cannot be known ({@link #isSupported()} false)
     */
    public static int node() {
        return Active.backend().node();
    }

    /**
     * Whether {@link #cpu()} and {@link #node()} give real answers here rather than -1.
     *
     * @return true with a native provider, false with the pure-Java one
     */
    public static boolean isSupported() {
        return Active.backend().isSupported();
    }

    /**
     * The active implementation as an instance, for code that takes it as a dependency.
     *
     * @return the active CPU source
     */
    public static CpuSource source() {
        return ActiveSource.INSTANCE;
    }
}
