package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.bindings.fastclock_h;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tiny x86-64 adapters that call a C time or CPU function with its out-parameter on their own
 * native stack and return the result in a register, plus one that reads the time-stamp counter in order.
 *
 * <p>Why: {@code clock_gettime}, {@code gettimeofday} and {@code getcpu} write through a pointer, and
 * FFM has no stack allocation. The alternatives (an off-heap buffer in a field: racy between threads;
 * a fresh {@code long[2]} per call: allocates; a {@code ThreadLocal} buffer or a confined arena per
 * call: slower) were measured against the stub with {@code OutParamClockBench}, whose figures the
 * README keeps: the stub matched the C floor, allocates nothing, and is right on virtual threads (the
 * buffer lives only during one native call on one carrier).
 *
 * <p>One page per process, shared by every route and every backend: the stubs do not embed their
 * target. Each takes it as its second argument ({@code long f(long arg, long target)}, {@link Natives#hot()})
 * and calls it through a register, so the same bytes serve the vDSO, libc and the vsyscall page; the
 * target is a constant of the {@link Call} that the JIT folds. Safety: the code is fixed bytes
 * assembled here, written to a private anonymous page that is then made read+execute (never writable
 * and executable at once; unmapped if it cannot be made executable, and never tried again), and the
 * only addresses a stub is ever handed are the ones a route has proven (a vDSO symbol inside the
 * {@code [vdso]} mapping, a libc symbol, or a vsyscall entry on an executable page). The page is never
 * unmapped once in use: the handles may be used until the JVM exits. A stub returns a sentinel when
 * its target fails, so an error never becomes a value.
 */
public final class Stubs {

    /** What a clock stub returns when its target failed (the getcpu stub returns -1). */
    public static final long FAILED = Long.MIN_VALUE;


    /** Bytes per stub on the page; {@code StubsTest} proves every stub fits. */
    static final int SLOT = 64;
    private static final long PAGE = 4096;

    /** The shapes of stub. */
    public enum Shape {
        /** {@code target(arg, &ts)}, {@code clock_gettime} or {@code clock_getres} → {@code ts.tv_sec * 1e9 + ts.tv_nsec}. */
        CLOCK,
        /** {@code target(&tv, NULL)}, {@code gettimeofday} → {@code tv.tv_sec * 1e6 + tv.tv_usec}. */
        TIMEVAL,
        /** {@code target(&cpu, &node, NULL)}, {@code getcpu} → {@code (long) node << 32 | cpu}, or -1. */
        GETCPU,
        /**
         * {@code lfence; rdtsc} → {@code edx:eax}; calls nothing. The fence makes the read wait for every
         * earlier instruction, a load of another thread's reading included, so a reading is never behind
         * one its thread has seen (Linux's {@code rdtsc_ordered()}); and in calibration it falls between
         * the reference reads around it. A plain {@code rdtsc} is cheaper but may run ahead of earlier
         * loads: measured behind by up to microseconds across threads.
         */
        TSC,
        /**
         * {@code target(CLOCK_MONOTONIC_RAW, &ts); lfence; rdtsc; target(CLOCK_MONOTONIC_RAW, &ts)},
         * the three values stored at {@code arg} (nanoseconds, ticks, nanoseconds) → 0, or -1 when a
         * clock read failed: one calibration pair, as narrow as the hardware allows. Two slots.
         */
        RAW_PAIR(2);

        /** How many slots the stub takes. */
        final int slots;

        Shape() {
            this(1);
        }

        Shape(int slots) {
            this.slots = slots;
        }

        /** The stub's offset on the page: after every earlier shape's slots. */
        long offset() {
            long slot = 0;
            for (Shape s : values()) {
                if (s == this) {
                    break;
                }
                slot += s.slots;
            }
            return slot * SLOT;
        }
    }

    /** The page once built: each shape's entry, a hot handle for each (critical and not), or why none. */
    private record Page(Map<Shape, MemorySegment> entries, Map<Shape, MethodHandle> critical,
                        Map<Shape, MethodHandle> plain, String failure) {
    }

    private static Page page;

    private Stubs() {
    }

    /**
     * The handle of a stub, building the process's one stub page at the first call.
     *
     * @param shape    the stub
     * @param critical whether the handle skips the thread-state transition (see {@link Natives#downcall})
     * @return the handle, or empty when no executable page can be had here
     */
    static Optional<MethodHandle> handle(Shape shape, boolean critical) {
        Page p = page();
        if (p.failure != null) {
            return Optional.empty();
        }
        return Optional.of(critical ? p.critical.get(shape) : p.plain.get(shape));
    }

    /**
     * Why the stub page cannot be had, if it cannot (building it at the first call).
     *
     * @return the reason, or empty when the stubs work
     */
    static Optional<String> failure() {
        return Optional.ofNullable(page().failure);
    }

    /** Why the stub page could not be had, if it was tried and failed; never builds it. */
    static synchronized Optional<String> failureIfTried() {
        return page == null ? Optional.empty() : Optional.ofNullable(page.failure);
    }

    // Synchronized: two planners (the provider's and a backend(Route)) must not map two pages. Nothing
    // here logs or calls back into Java code that could call FastClock.
    private static synchronized Page page() {
        if (page == null) {
            page = build();
        }
        return page;
    }

    private static Page build() {
        MemorySegment mmap = Natives.libc("mmap").orElse(null);
        MemorySegment mprotect = Natives.libc("mprotect").orElse(null);
        MemorySegment munmap = Natives.libc("munmap").orElse(null);
        if (mmap == null || mprotect == null || munmap == null) {
            return failed("libc lacks mmap, mprotect or munmap");
        }
        Natives.Result mapped = Natives.call(mmap, 0L, PAGE, fastclock_h.PROT_READ | fastclock_h.PROT_WRITE,
                fastclock_h.MAP_PRIVATE | fastclock_h.MAP_ANONYMOUS, -1L, 0L);
        if (mapped.value() == fastclock_h.MAP_FAILED || mapped.value() == 0) {
            return failed("mmap of a stub page failed, errno " + mapped.errno());
        }
        MemorySegment seg = Natives.at(mapped.value(), PAGE);
        Map<Shape, MemorySegment> entries = new EnumMap<>(Shape.class);
        for (Shape s : Shape.values()) {
            byte[] code = code(s);
            MemorySegment.copy(MemorySegment.ofArray(code), 0, seg, s.offset(), code.length);
            entries.put(s, seg.asSlice(s.offset(), (long) s.slots * SLOT));
        }
        Natives.Result rc = Natives.call(mprotect, seg.address(), PAGE, fastclock_h.PROT_READ | fastclock_h.PROT_EXEC);
        if ((int) rc.value() != 0) {
            Natives.call(munmap, seg.address(), PAGE);
            return failed("cannot make a stub page executable (mprotect errno " + rc.errno()
                    + "; a W^X policy such as SELinux execmem may forbid it)");
        }
        Map<Shape, MethodHandle> critical = new EnumMap<>(Shape.class);
        Map<Shape, MethodHandle> plain = new EnumMap<>(Shape.class);
        for (Shape s : Shape.values()) {
            critical.put(s, Natives.downcall(entries.get(s), true));
            plain.put(s, Natives.downcall(entries.get(s), false));
        }
        return new Page(entries, critical, plain, null);
    }

    private static Page failed(String why) {
        return new Page(Map.of(), Map.of(), Map.of(), why);
    }

    /**
     * The machine code of one stub; visible for the tests that read and size it.
     *
     * @param shape the stub
     * @return its bytes
     * @throws IllegalStateException if it outgrew its slot (a build error the tests catch)
     */
    static byte[] code(Shape shape) {
        ByteBuffer b = ByteBuffer.allocate(PAGE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (shape == Shape.TSC) {
            b.put(hex("0FAEE8"));                   // lfence
            b.put(hex("0F31"));                     // rdtsc                (edx:eax)
            b.put(hex("48C1E220"));                 // shl  rdx, 32
            b.put(hex("4809D0"));                   // or   rax, rdx
            b.put(hex("C3"));                       // ret
        } else if (shape == Shape.RAW_PAIR) {
            rawPair(b);
        } else {
            outParameter(b, shape);
        }
        if (b.position() > shape.slots * SLOT) {
            throw new IllegalStateException("stub " + shape + " is " + b.position() + " bytes, over its " + shape.slots * SLOT + "-byte slot");
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** Room to assemble a stub before its size is checked against {@link #SLOT}. */
    private static final int PAGE_BYTES = 256;

    private static void rawPair(ByteBuffer b) {
        // On entry rsp = 8 mod 16; two pushes and 24 bytes of locals make it 16-aligned for the calls.
        b.put(hex("53"));                           // push rbx
        b.put(hex("4154"));                         // push r12
        b.put(hex("4883EC18"));                     // sub  rsp, 24
        b.put(hex("4889FB"));                       // mov  rbx, rdi        (the buffer)
        b.put(hex("4989F4"));                       // mov  r12, rsi        (the target)
        int fail1 = rawRead(b, 0);
        b.put(hex("0FAEE8"));                       // lfence
        b.put(hex("0F31"));                         // rdtsc
        b.put(hex("48C1E220"));                     // shl  rdx, 32
        b.put(hex("4809D0"));                       // or   rax, rdx
        b.put(hex("48894308"));                     // mov  [rbx+8], rax
        int fail2 = rawRead(b, 16);
        b.put(hex("31C0"));                         // xor  eax, eax
        int done = b.position();
        b.put(hex("4883C418"));                     // add  rsp, 24
        b.put(hex("415C"));                         // pop  r12
        b.put(hex("5B"));                           // pop  rbx
        b.put(hex("C3"));                           // ret
        int fail = b.position();
        b.put(hex("48C7C0FFFFFFFF"));               // fail: mov rax, -1
        b.put(hex("EB")).put((byte) (done - (b.position() + 1))); // jmp done
        b.put(fail1, (byte) (fail - (fail1 + 1)));  // the two jne fail
        b.put(fail2, (byte) (fail - (fail2 + 1)));
    }

    /** {@code target(CLOCK_MONOTONIC_RAW, &ts)} into {@code [rbx+at]} as nanoseconds; returns where the jne's offset goes. */
    private static int rawRead(ByteBuffer b, int at) {
        b.put(hex("BF04000000"));                   // mov  edi, 4          (CLOCK_MONOTONIC_RAW)
        b.put(hex("4889E6"));                       // mov  rsi, rsp
        b.put(hex("41FFD4"));                       // call r12
        b.put(hex("85C0"));                         // test eax, eax
        b.put(hex("75"));                           // jne  fail
        int patch = b.position();
        b.put((byte) 0);
        b.put(hex("488B0424"));                     // mov  rax, [rsp]
        b.put(hex("4869C0")).putInt(1_000_000_000); // imul rax, rax, 1e9
        b.put(hex("4803442408"));                   // add  rax, [rsp+8]
        b.put(hex("488943")).put((byte) at);        // mov  [rbx+at], rax
        return patch;
    }

    private static void outParameter(ByteBuffer b, Shape shape) {
        // On entry rsp = 8 mod 16; 24 bytes of locals make it 16-aligned for the call.
        b.put(hex("4883EC18"));                     // sub  rsp, 24
        b.put(hex("4889F0"));                       // mov  rax, rsi        (the target)
        switch (shape) {
            case TIMEVAL -> b.put(hex("4889E7"))    // mov  rdi, rsp
                    .put(hex("31F6"));              // xor  esi, esi        (tz = NULL)
            case GETCPU -> b.put(hex("488D3C24"))   // lea  rdi, [rsp]      (cpu)
                    .put(hex("488D742404"))         // lea  rsi, [rsp+4]    (node)
                    .put(hex("31D2"));              // xor  edx, edx        (cache = NULL)
            default -> b.put(hex("4889E6"));        // mov  rsi, rsp        (edi = clockid, passed through)
        }
        b.put(hex("FFD0"));                         // call rax
        b.put(hex("85C0"));                         // test eax, eax
        if (shape == Shape.GETCPU) {
            // Two 4-byte loads, one per 4-byte store getcpu made: one 8-byte load across both stores
            // cannot be store-forwarded and stalls every call (measured with OutParamCpuBench).
            b.put(hex("7513"));                     // jne  fail (+19)
            b.put(hex("8B0424"));                   // mov  eax, [rsp]      (cpu)
            b.put(hex("8B542404"));                 // mov  edx, [rsp+4]    (node)
            b.put(hex("48C1E220"));                 // shl  rdx, 32
            b.put(hex("4809D0"));                   // or   rax, rdx
            b.put(hex("4883C418"));                 // add  rsp, 24
            b.put(hex("C3"));                       // ret
            b.put(hex("48C7C0FFFFFFFF"));           // fail: mov rax, -1
        } else {
            b.put(hex("7515"));                     // jne  fail (+21)
            b.put(hex("488B0424"));                 // mov  rax, [rsp]      (tv_sec)
            b.put(hex("4869C0"))                    // imul rax, rax, scale
                    .putInt(shape == Shape.CLOCK ? 1_000_000_000 : 1_000_000);
            b.put(hex("4803442408"));               // add  rax, [rsp+8]    (tv_nsec / tv_usec)
            b.put(hex("4883C418"));                 // add  rsp, 24
            b.put(hex("C3"));                       // ret
            b.put(hex("48B8")).putLong(FAILED);     // fail: mov rax, FAILED
        }
        b.put(hex("4883C418"));                     // add  rsp, 24
        b.put(hex("C3"));                           // ret
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s, 2 * i, 2 * i + 2, 16);
        }
        return out;
    }
}
