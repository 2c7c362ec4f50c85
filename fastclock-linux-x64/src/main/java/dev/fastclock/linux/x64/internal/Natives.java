package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.bindings.fastclock_h;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The few FFM operations the routes share: hot downcall handles, set-up calls with {@code errno},
 * libc symbols. Every restricted FFM method this module calls goes through here.
 */
@SuppressWarnings("restricted") // the one place that calls restricted FFM methods, on purpose
public final class Natives {

    /** A set-up call's result and the {@code errno} captured by that very call. */
    record Result(long value, int errno) {
    }

    /** The native linker and the set-up handle's pieces, made at first need: the JDK route never pays for them. */
    private static final class Holder {
        static final Linker LINKER = Linker.nativeLinker();
        static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
        static final MemoryLayout STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO_VALUE = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        /**
         * The one C type every hot call goes through: {@code long f(long arg, long target)}. One shape
         * keeps the JDK to one downcall adapter (each new shape costs class spinning at start-up). Two
         * functions are called directly through it, without a stub: {@code time(NULL)} (a 64-bit zero
         * is NULL; it ignores the second register) and {@code sched_getcpu()} (it ignores both; its
         * {@code int} is the low half of the result, see {@link Call#NON_NEGATIVE_INT}).
         */
        static final FunctionDescriptor HOT = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);
    }

    /** The one hot shape, {@code long f(long arg, long target)}. @return its descriptor */
    public static FunctionDescriptor hot() {
        return Holder.HOT;
    }

    private Natives() {
    }

    /**
     * A hot-path handle to {@code address} of the one hot shape {@link #hot()}
     * ({@code long f(long arg, long target)}).
     *
     * @param address  a function entry the caller has proven
     * @param critical whether the call may skip the thread-state transition: only for functions that
     *                 are short in all cases, never block and never call back into Java (the vDSO,
     *                 the stubs, {@code time}, {@code sched_getcpu}); never for the vsyscall page,
     *                 whose every call traps into the kernel
     * @return the handle
     */
    static MethodHandle downcall(MemorySegment address, boolean critical) {
        return critical
                ? Holder.LINKER.downcallHandle(address, Holder.HOT, Linker.Option.critical(false))
                : Holder.LINKER.downcallHandle(address, Holder.HOT);
    }

    /**
     * A handle to {@code adjtimex} at {@code address} ({@code int adjtimex(struct timex *)}), critical with
     * heap access: the struct is a Java array, the call a short system call that never blocks or calls
     * back. Not for hot paths.
     *
     * @param address libc's {@code adjtimex}, proven by the libc route
     * @return the handle
     */
    static MethodHandle adjtimex(MemorySegment address) {
        return Holder.LINKER.downcallHandle(address, fastclock_h.adjtimex$DESC, Linker.Option.critical(true));
    }

    /**
     * Calls a libc set-up function through the one set-up shape {@link fastclock_h#long6$SHAPE} (not
     * critical: these may block, {@code mmap} in particular), capturing the {@code errno} it sets:
     * pass the function's own arguments first (pointers and {@code int}s as {@code long}), zeros for
     * the rest; read an {@code int} result as {@code (int)} of the value. Not for hot paths.
     *
     * @param function the function's address
     * @param args     up to six arguments
     * @return the raw result and errno
     */
    static Result call(MemorySegment function, long... args) {
        long[] a = java.util.Arrays.copyOf(args, 6);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Holder.STATE);
            long v = (long) Holder.LINKER.downcallHandle(function, fastclock_h.long6$SHAPE, Holder.ERRNO)
                    .invokeExact(state, a[0], a[1], a[2], a[3], a[4], a[5]);
            return new Result(v, (int) Holder.ERRNO_VALUE.get(state, 0L));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Proves native access is allowed, cheaply: a restricted method that touches no memory and
     * starts no linker. Under {@code --illegal-native-access=deny} without the flag it fails here,
     * at provider creation, instead of at some later first call. A layout method rather than
     * {@code MemorySegment.reinterpret}: it initializes the layouts only, not the memory-session
     * machinery, which a program served by the JDK route alone never needs.
     *
     * @throws IllegalStateException naming the flag to add, when access is denied
     */
    public static void checkAccess() {
        if (Natives.class.getModule().isNativeAccessEnabled()) {
            return; // --enable-native-access names us: nothing to probe
        }
        try {
            ValueLayout.ADDRESS.withTargetLayout(ValueLayout.JAVA_BYTE);
        } catch (IllegalCallerException e) {
            throw new IllegalStateException(nativeAccessDenied(), e);
        }
    }

    /** The message for native access denied, naming the flag that fixes it for how this module was loaded. @return it */
    public static String nativeAccessDenied() {
        Module module = Natives.class.getModule();
        String flag = "--enable-native-access=" + (module.isNamed() ? module.getName() : "ALL-UNNAMED");
        return "native access is denied to " + (module.isNamed() ? "module " + module.getName() : "the class path")
                + " (--illegal-native-access=deny): run the JVM with " + flag;
    }

    /**
     * A libc function, through the linker's default lookup (glibc on these machines).
     *
     * @param name the symbol
     * @return its address, or empty if libc does not export it
     */
    public static Optional<MemorySegment> libc(String name) {
        return Holder.LINKER.defaultLookup().find(name);
    }

    /**
     * The memory at a raw address, {@code size} bytes: only for a range the caller has proven mapped.
     *
     * @param address the address
     * @param size    the proven size
     * @return the segment
     */
    public static MemorySegment at(long address, long size) {
        return MemorySegment.ofAddress(address).reinterpret(size);
    }
}
