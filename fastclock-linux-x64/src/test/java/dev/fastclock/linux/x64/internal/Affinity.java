package dev.fastclock.linux.x64.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Pins the calling thread to one CPU with libc's {@code sched_setaffinity(0, ...)} (0: the calling
 * thread), through FFM, for the tests that need two threads on two known CPUs or one thread moved
 * between them. Independent of the code under test: the pin is checked with {@link Kernel#getcpu()}.
 */
@SuppressWarnings("restricted") // calls libc's sched_setaffinity and sched_getaffinity: the point of it
final class Affinity {

    /** Bytes of the CPU mask passed: glibc's {@code cpu_set_t} (1024 CPUs). */
    private static final long MASK_BYTES = 128;
    private static final MethodHandle SET;
    private static final MethodHandle GET;
    private static final MemoryLayout ERRNO_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    static {
        Linker linker = Linker.nativeLinker();
        FunctionDescriptor fd = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
        Linker.Option errno = Linker.Option.captureCallState("errno");
        SET = linker.downcallHandle(linker.defaultLookup().find("sched_setaffinity").orElseThrow(), fd, errno);
        GET = linker.downcallHandle(linker.defaultLookup().find("sched_getaffinity").orElseThrow(), fd, errno);
    }

    private Affinity() {
    }

    /** Skips the test (saying why) unless CPUs {@code cpus} are all ones this process may run on. */
    static void assumeCpus(int... cpus) {
        int n = Runtime.getRuntime().availableProcessors();
        assumeTrue(n >= 2, () -> "this machine has " + n + " CPU(s) available: the test needs two");
        long allowed = allowedMask();
        for (int cpu : cpus) {
            assumeTrue(cpu < 64 && (allowed & (1L << cpu)) != 0,
                    () -> "CPU " + cpu + " is not in this process's affinity mask 0x" + Long.toHexString(allowed));
        }
    }

    /** The calling thread's affinity mask, CPUs 0..63. */
    static long allowedMask() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            MemorySegment state = arena.allocate(ERRNO_STATE);
            int rc = (int) GET.invokeExact(state, 0, MASK_BYTES, mask);
            if (rc != 0) {
                throw new AssertionError("sched_getaffinity failed, errno " + (int) ERRNO.get(state, 0L));
            }
            return mask.get(ValueLayout.JAVA_LONG, 0);
        } catch (Throwable t) {
            throw t instanceof AssertionError a ? a : new AssertionError(t);
        }
    }

    /** Pins the calling thread to CPU {@code cpu} and checks, with the getcpu system call, that it runs there. */
    static void pin(int cpu) {
        setMask(1L << cpu);
        assertEquals(cpu, Kernel.getcpu()[0], "pinned to CPU " + cpu + ", the kernel says the thread runs on");
    }

    /** Sets the calling thread's affinity to the CPUs of {@code bits} (CPUs 0..63). */
    static void setMask(long bits) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            mask.set(ValueLayout.JAVA_LONG, 0, bits);
            MemorySegment state = arena.allocate(ERRNO_STATE);
            int rc = (int) SET.invokeExact(state, 0, MASK_BYTES, mask);
            if (rc != 0) {
                throw new AssertionError("sched_setaffinity(0x" + Long.toHexString(bits) + ") failed, errno " + (int) ERRNO.get(state, 0L));
            }
        } catch (Throwable t) {
            throw t instanceof AssertionError a ? a : new AssertionError(t);
        }
    }
}
