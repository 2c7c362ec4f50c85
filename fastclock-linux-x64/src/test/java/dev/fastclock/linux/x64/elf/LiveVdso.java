package dev.fastclock.linux.x64.elf;

import dev.fastclock.linux.x64.internal.ProcMaps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/** The running process's vDSO: where it is, how big, and a heap copy of it. */
@SuppressWarnings("restricted") // reads the live vDSO and calls getauxval: the point of these tests
final class LiveVdso {
    static final long AT_SYSINFO_EHDR = 33;

    final long base;
    final ProcMaps.Mapping mapping;
    final MemorySegment segment;

    private LiveVdso(long base, ProcMaps.Mapping mapping) {
        this.base = base;
        this.mapping = mapping;
        // Bounded by the [vdso] mapping itself: the parser cannot read beyond what the kernel mapped.
        this.segment = MemorySegment.ofAddress(base).reinterpret(mapping.size());
    }

    static LiveVdso find() {
        long base = getauxval(AT_SYSINFO_EHDR);
        if (base == 0) {
            throw new IllegalStateException("getauxval(AT_SYSINFO_EHDR) is 0: this process has no vDSO");
        }
        ProcMaps.Mapping m = ProcMaps.find(maps(), "[vdso]")
                .orElseThrow(() -> new IllegalStateException("no [vdso] line in /proc/self/maps"));
        if (m.start() != base) {
            throw new IllegalStateException("AT_SYSINFO_EHDR 0x" + Long.toHexString(base) + " is not the start of " + m);
        }
        if (!m.isReadable()) {
            throw new IllegalStateException("[vdso] is not readable: " + m);
        }
        return new LiveVdso(base, m);
    }

    static java.util.List<ProcMaps.Mapping> maps() {
        try {
            return ProcMaps.parse(Files.readString(Path.of("/proc/self/maps")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long getauxval(long type) {
        Linker linker = Linker.nativeLinker();
        MethodHandle h = linker.downcallHandle(linker.defaultLookup().find("getauxval").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        try {
            return (long) h.invokeExact(type);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    byte[] copy() {
        return segment.toArray(ValueLayout.JAVA_BYTE);
    }
}
