package dev.fastclock.linux.x64.internal;

import java.lang.foreign.FunctionDescriptor;
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

    /** The native linker. */
    public static final Linker LINKER = Linker.nativeLinker();

    private Natives() {
    }

    /**
     * A downcall handle to {@code address}.
     *
     * @param address  a function entry the caller has proven
     * @param desc     its C signature
     * @param critical whether it may skip the thread-state transition: only for functions that
     *                 never block and never call back into Java (the vDSO, our stubs, sched_getcpu)
     * @return the handle
     */
    public static MethodHandle downcall(MemorySegment address, FunctionDescriptor desc, boolean critical) {
        return critical
                ? LINKER.downcallHandle(address, desc, Linker.Option.critical(false))
                : LINKER.downcallHandle(address, desc);
    }

    /**
     * The calling thread's {@code errno}, read through glibc's {@code __errno_location()}: only on a
     * failure path, so the common path pays for no call-state capture (a costly adapter at start-up).
     * Valid right after a failed downcall on this thread, since the JDK itself makes no libc call in between.
     *
     * @return errno, or -1 if it cannot be read
     */
    static int errno() {
        try {
            Optional<MemorySegment> f = libc("__errno_location");
            if (f.isEmpty()) {
                return -1;
            }
            MemorySegment p = (MemorySegment) LINKER.downcallHandle(f.get(), FunctionDescriptor.of(ValueLayout.ADDRESS)).invokeExact();
            return p.reinterpret(Integer.BYTES).get(ValueLayout.JAVA_INT, 0);
        } catch (Throwable t) {
            return -1;
        }
    }

    /**
     * A libc function, through the linker's default lookup (glibc on these machines).
     *
     * @param name the symbol
     * @return its address, or empty if libc does not export it
     */
    public static Optional<MemorySegment> libc(String name) {
        return LINKER.defaultLookup().find(name);
    }

    /** The memory at a raw address, {@code size} bytes: only for a range the caller has proven mapped. */
    public static MemorySegment at(long address, long size) {
        return MemorySegment.ofAddress(address).reinterpret(size);
    }

    /** The value layout of a C {@code long} on this ABI. */
    static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
}
