package dev.fastclock.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The raw downcalls the out-parameter benchmarks compare, made here rather than borrowed from the
 * provider so that each alternative differs from the others in one thing only.
 *
 * <p>Resolved through glibc's loader ({@code dlopen("linux-vdso.so.1")}), which already has the vDSO
 * mapped; {@code static final} so the JIT treats every handle as a constant, as a provider would.
 */
@SuppressWarnings("restricted") // forks run with --enable-native-access=ALL-UNNAMED
final class Native {
    static final int CLOCK_MONOTONIC = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup VDSO = SymbolLookup.libraryLookup("linux-vdso.so.1", Arena.global());

    private static final FunctionDescriptor CLOCK_GETTIME = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS);
    private static final FunctionDescriptor GETCPU = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    private static final FunctionDescriptor SCHED_GETCPU = FunctionDescriptor.of(JAVA_INT);

    /** {@code int __vdso_clock_gettime(int, struct timespec*)}, critical, heap segments allowed. */
    static final MethodHandle CLOCK_GETTIME_HEAP = vdso("__vdso_clock_gettime", CLOCK_GETTIME, true);
    /** The same, critical, off-heap segments only. */
    static final MethodHandle CLOCK_GETTIME_CRITICAL = vdso("__vdso_clock_gettime", CLOCK_GETTIME, false);
    /** The same without {@code critical}: pays the Java-to-native thread-state transition. */
    static final MethodHandle CLOCK_GETTIME_PLAIN = LINKER.downcallHandle(find(VDSO, "__vdso_clock_gettime"), CLOCK_GETTIME);

    /** {@code int __vdso_getcpu(unsigned*, unsigned*, void*)}, critical, heap segments allowed. */
    static final MethodHandle GETCPU_HEAP = vdso("__vdso_getcpu", GETCPU, true);
    /** The same, critical, off-heap only. */
    static final MethodHandle GETCPU_CRITICAL = vdso("__vdso_getcpu", GETCPU, false);

    /** glibc {@code int sched_getcpu(void)}: returns in a register, no out-parameter at all. */
    static final MethodHandle SCHED_GETCPU_CRITICAL = LINKER.downcallHandle(
            find(LINKER.defaultLookup(), "sched_getcpu"), SCHED_GETCPU, Linker.Option.critical(false));
    static final MethodHandle SCHED_GETCPU_PLAIN = LINKER.downcallHandle(
            find(LINKER.defaultLookup(), "sched_getcpu"), SCHED_GETCPU);

    private Native() {
    }

    private static MethodHandle vdso(String name, FunctionDescriptor fd, boolean heapAccess) {
        return LINKER.downcallHandle(find(VDSO, name), fd, Linker.Option.critical(heapAccess));
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new IllegalStateException("symbol not found: " + name));
    }

    /** Thrown where a call returns an error: a benchmark must not time a wrong answer. */
    static IllegalStateException failed(String call, int rc) {
        return new IllegalStateException(call + " returned " + rc);
    }
}
