package dev.fastclock;

import dev.fastclock.internal.Active;
import dev.fastclock.spi.Reader;

/**
 * The CPU and NUMA node the calling thread runs on, as cheaply as the platform can say it.
 *
 * <p>The answer was true at some instant during the call; the scheduler may move the thread the
 * moment it returns, so use it as a hint (to pick a shard, a per-CPU queue, a counter stripe), never
 * for correctness. On a virtual thread it is the CPU of the carrier thread at that instant. Where the
 * CPU cannot be known (the {@code jdk} provider: another OS, Java 17-21, native access denied) the
 * answer is -1: a caller that indexes with it must handle -1.
 *
 * <p>Thread-safe, allocation-free; each method is planned at its first call as described in
 * {@link FastClock}. A call made while another thread is choosing waits for that choice, so it never
 * answers -1 where the CPU is known.
 */
public final class CpuLocator {

    // The catalogue's ordinals (see FastClock).
    static final int CPU = 14;
    static final int NODE = 15;
    static final int IS_SUPPORTED = 16;

    private CpuLocator() {
    }

    /**
     * The CPU the calling thread was running on during the call. On Linux x86-64, glibc's rseq-backed
     * {@code sched_getcpu} (a load from the thread's rseq area) or the vDSO's {@code getcpu}. Cost: a few
     * nanoseconds, a small fraction of OpenHFT's {@code Affinity.getCpu()} (the README's table); the JDK
     * has no equivalent.
     *
     * @return the CPU number, from 0, or -1 where it cannot be known ({@link #isSupported()} false)
     */
    public static int cpu() {
        return (int) (Active.ready(1L << CPU) ? CpuReader.R.read(0) : Active.read(CPU, 0));
    }

    /**
     * The NUMA node the calling thread was running on during the call. Where glibc's rseq gives the
     * CPU, the node comes from the kernel's CPU-to-node table (read once from
     * {@code /sys/devices/system/node}) at about the cost of {@link #cpu()}; else from the vDSO's
     * {@code getcpu}.
     *
     * @return the node number, from 0, or -1 where it cannot be known ({@link #isSupported()} false)
     */
    public static int node() {
        return (int) (Active.ready(1L << NODE) ? NodeReader.R.read(0) : Active.read(NODE, 0));
    }

    /**
     * Whether {@link #cpu()} and {@link #node()} give real answers here rather than -1; fixed for the
     * life of the JVM, so a program may ask once and pick its strategy. Cost: a constant once planned.
     *
     * @return true with a native provider that can tell the CPU, false with the pure-Java one
     */
    public static boolean isSupported() {
        return (Active.ready(1L << IS_SUPPORTED) ? IsSupportedReader.R.read(0) : Active.read(IS_SUPPORTED, 0)) != 0;
    }

    /**
     * The active implementation as an instance, for code that takes it as a dependency: each of its
     * methods calls the static one, at the same cost.
     *
     * @return the active CPU source
     */
    public static CpuSource source() {
        return ActiveSource.cpuSource();
    }

    // One holder per method: see FastClock.
    private static final class CpuReader {
        static final Reader R = Active.reader(CPU);
    }

    private static final class NodeReader {
        static final Reader R = Active.reader(NODE);
    }

    private static final class IsSupportedReader {
        static final Reader R = Active.reader(IS_SUPPORTED);
    }
}
