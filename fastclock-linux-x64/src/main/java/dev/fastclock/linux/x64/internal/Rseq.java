package dev.fastclock.linux.x64.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * Whether glibc registered restartable sequences for its threads. glibc 2.35+ exports
 * {@code __rseq_size} and {@code __rseq_offset}; with rseq registered its {@code sched_getcpu} is a
 * load from the thread's rseq area instead of a vDSO call, which is why {@link Method#CPU} prefers libc
 * only then.
 *
 * @param size   {@code __rseq_size}: 0 when registration is off ({@code GLIBC_TUNABLES=glibc.pthread.rseq=0}),
 *               -1 when libc does not export it (glibc before 2.35, or not glibc)
 * @param offset {@code __rseq_offset} from the thread pointer, or 0 when unknown
 */
public record Rseq(int size, long offset) {

    /** Reads glibc's exported rseq variables (data symbols the dynamic linker proved). */
    public static Rseq read() {
        Optional<MemorySegment> size = Natives.libc("__rseq_size");
        Optional<MemorySegment> offset = Natives.libc("__rseq_offset");
        if (size.isEmpty()) {
            return new Rseq(-1, 0);
        }
        int s = Natives.at(size.get().address(), Integer.BYTES).get(ValueLayout.JAVA_INT_UNALIGNED, 0);
        long o = offset.isPresent() ? Natives.at(offset.get().address(), Long.BYTES).get(ValueLayout.JAVA_LONG_UNALIGNED, 0) : 0L;
        return new Rseq(s, o);
    }

    /** Whether glibc's {@code sched_getcpu} answers from the rseq area. */
    public boolean registered() {
        return size > 0;
    }

    /** One line for the reports. */
    public String describe() {
        if (size < 0) {
            return "libc exports no __rseq_size (glibc older than 2.35, or another libc): sched_getcpu calls the vDSO";
        }
        if (size == 0) {
            return "not registered (__rseq_size 0, e.g. GLIBC_TUNABLES=glibc.pthread.rseq=0): sched_getcpu calls the vDSO";
        }
        return "registered by glibc (__rseq_size " + size + ", __rseq_offset " + offset + "): sched_getcpu reads it";
    }
}
