package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.bindings.fastclock_h;

import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The few FFM operations the routes share: downcall handles, libc symbols, errno.
 * Every restricted FFM method this module calls goes through here, so native access denied
 * ({@code --illegal-native-access=deny}) surfaces as one {@link IllegalCallerException} at
 * provider creation, never later.
 */
@SuppressWarnings("restricted") // the one place that calls restricted FFM methods, on purpose
public final class Natives {

    /** The native linker, created at first need: {@link #checkAccess()} and the JDK route never pay for it. */
    private static final class Holder {
        static final Linker LINKER = Linker.nativeLinker();
    }

    private Natives() {
    }

    /**
     * A hot-path handle to {@code address}, of the one shape {@link Stubs#STUB} ({@code long f(long)}),
     * critical: no thread-state transition, which only functions that never block and never call
     * back into Java may have (the vDSO, our stubs, {@code time}, {@code sched_getcpu}).
     *
     * @param address a function entry the caller has proven
     * @return the handle
     */
    public static MethodHandle downcall(MemorySegment address) {
        return Holder.LINKER.downcallHandle(address, Stubs.STUB, Linker.Option.critical(false));
    }

    /**
     * Calls a libc set-up function through the one shape {@link fastclock_h#long6$SHAPE}: pass the
     * function's own arguments first (pointers and {@code int}s as {@code long}), zeros for the rest;
     * read an {@code int} result as {@code (int)} of the return. Not for hot paths.
     *
     * @param function the function's address
     * @param args     up to six arguments
     * @return the raw result
     */
    static long call(MemorySegment function, long... args) {
        long[] a = java.util.Arrays.copyOf(args, 6);
        try {
            return (long) Holder.LINKER.downcallHandle(function, fastclock_h.long6$SHAPE, Linker.Option.critical(false))
                    .invokeExact(a[0], a[1], a[2], a[3], a[4], a[5]);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The calling thread's {@code errno}, through glibc's {@code __errno_location()}: read only on a
     * failure path, so the common path needs no call-state capture (another adapter at start-up).
     * Valid right after a failed downcall on this thread.
     *
     * @return errno, or -1 if it cannot be read
     */
    static int errno() {
        try {
            Optional<MemorySegment> f = libc("__errno_location");
            return f.isEmpty() ? -1 : at(call(f.get()), Integer.BYTES).get(ValueLayout.JAVA_INT, 0);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Proves native access is allowed, cheaply: a restricted method that touches no memory and
     * starts no linker. Under {@code --illegal-native-access=deny} without the flag it fails here,
     * at provider creation, instead of at some later first call.
     *
     * @throws IllegalStateException naming the flag to add, when access is denied
     */
    public static void checkAccess() {
        if (Natives.class.getModule().isNativeAccessEnabled()) {
            return; // --enable-native-access names us: nothing to probe
        }
        try {
            MemorySegment.NULL.reinterpret(0);
        } catch (IllegalCallerException e) {
            throw new IllegalStateException(nativeAccessDenied(), e);
        }
    }

    /** The message for native access denied, naming the flag that fixes it for how this module was loaded. */
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

    /** The memory at a raw address, {@code size} bytes: only for a range the caller has proven mapped. */
    public static MemorySegment at(long address, long size) {
        return MemorySegment.ofAddress(address).reinterpret(size);
    }
}
