package dev.fastclock;

/**
 * An instance view of {@link CpuLocator}: the CPU and NUMA node the calling thread runs on.
 *
 * <p>The answer is true at some instant during the call; the scheduler may move the thread the
 * moment it returns, so use it as a hint (to pick a shard, a queue, a counter stripe), never as a
 * lock. Every method is thread-safe, returns a primitive and allocates nothing.
 */
public interface CpuSource {

    /** The CPU the calling thread was running on during the call, or -1 where that cannot be known. */
    int cpu();

    /** The NUMA node the calling thread was running on during the call, or -1 where that cannot be known. */
    int node();

    /** Whether {@link #cpu()} and {@link #node()} give real answers rather than -1. */
    boolean isSupported();
}
