package dev.fastclock.linux.x64.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The kernel's own answers, for the tests to judge the routes by: {@code clock_gettime} as a real
 * system call ({@code syscall(SYS_clock_gettime, ...)}, never the vDSO) and {@code getcpu} as a
 * system call. Independent of every route and stub under test.
 */
@SuppressWarnings("restricted") // calls libc's syscall() for an independent answer: the point of it
final class Kernel {

    static final long SYS_CLOCK_GETTIME = 228;
    static final long SYS_GETCPU = 309;
    /** {@code long syscall(long number, ...)} with three arguments, each passed as a {@code long}. */
    private static final MethodHandle SYSCALL3;

    static {
        Linker linker = Linker.nativeLinker();
        SYSCALL3 = linker.downcallHandle(linker.defaultLookup().find("syscall").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG),
                Linker.Option.firstVariadicArg(1));
    }

    private Kernel() {
    }

    /** {@code clock_gettime(clock)} as a system call, in nanoseconds. */
    static long clockGettime(int clock) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ts = arena.allocate(16, 8);
            long rc = (long) SYSCALL3.invokeExact(SYS_CLOCK_GETTIME, (long) clock, ts.address(), 0L);
            if (rc != 0) {
                throw new AssertionError("syscall(SYS_clock_gettime, " + clock + ") = " + rc);
            }
            return ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8);
        } catch (Throwable t) {
            throw t instanceof AssertionError a ? a : new AssertionError(t);
        }
    }

    /** {@code getcpu(&cpu, &node, NULL)} as a system call: {@code {cpu, node}}. */
    static int[] getcpu() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cpu = arena.allocate(4, 4);
            MemorySegment node = arena.allocate(4, 4);
            long rc = (long) SYSCALL3.invokeExact(SYS_GETCPU, cpu.address(), node.address(), 0L);
            if (rc != 0) {
                throw new AssertionError("syscall(SYS_getcpu) = " + rc);
            }
            return new int[] {cpu.get(ValueLayout.JAVA_INT, 0), node.get(ValueLayout.JAVA_INT, 0)};
        } catch (Throwable t) {
            throw t instanceof AssertionError a ? a : new AssertionError(t);
        }
    }
}
