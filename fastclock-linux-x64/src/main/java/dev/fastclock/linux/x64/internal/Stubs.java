package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.bindings.fastclock_h;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Tiny x86-64 adapters that call a C time or CPU function with its out-parameter on their own
 * native stack and return the result in a register.
 *
 * <p>Why: {@code clock_gettime}, {@code gettimeofday} and {@code getcpu} write through a pointer, and
 * FFM has no stack allocation. The alternatives, measured in one JMH run (JDK 25, 2-core EPYC, ns per
 * {@code CLOCK_MONOTONIC} call, fastclock-bench {@code OutParamClockBench}; C floor 23.2,
 * {@code System.nanoTime()} 24.2): an off-heap buffer held in a field 24.9 but racy between threads;
 * a fresh {@code long[2]} per call with {@code critical(true)} 25.1 but 32 B/op; a {@code ThreadLocal}
 * buffer 26.3; a confined arena per call 43.1. A stub with the {@code timespec} on its own stack:
 * 24.5, 0 B/op, race-free, and right on virtual threads (the buffer lives only during one native call
 * on one carrier). For the {@code *_COARSE} clocks 4.8 against a C floor of 3.3.
 *
 * <p>Safety: the code is fixed bytes assembled here, written to a private anonymous page that is
 * then made read+execute (never writable and executable at once), and the only address a stub
 * calls is the target it was built with, which the route has proven (a vDSO symbol inside the
 * {@code [vdso]} mapping, a libc symbol, or a vsyscall entry on an executable page). The page is
 * never unmapped: the handles may be used until the JVM exits. A stub returns a sentinel when the
 * target returns non-zero, so an error never becomes a value.
 */
public final class Stubs {

    /** What a stub returns when its target failed (for {@link Shape#GETCPU}, -1). */
    public static final long FAILED = Long.MIN_VALUE;

    /**
     * The one C type every hot call goes through: {@code long f(long arg)}. One shape keeps the JDK to
     * one downcall adapter (each new shape costs 10-20 ms of class spinning at start-up). The stubs
     * have it; so do two functions called directly, without a stub: {@code time(NULL)} (a 64-bit
     * zero is NULL) and {@code sched_getcpu()} (it ignores the argument; its {@code int} is the low half
     * of the result, see {@link Call#NON_NEGATIVE_INT}). A stub that needs no argument ignores it.
     */
    public static final FunctionDescriptor STUB = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);

    private static final int SLOT = 64;
    private static final long PAGE = 4096;

    private Stubs() {
    }

    /** The shapes of stub. */
    public enum Shape {
        /** {@code clock_gettime(arg, &ts)} or {@code clock_getres(arg, &ts)} → {@code ts.tv_sec * 1e9 + ts.tv_nsec}. */
        CLOCK,
        /** {@code gettimeofday(&tv, NULL)} → {@code tv.tv_sec * 1e6 + tv.tv_usec}. */
        TIMEVAL,
        /** {@code getcpu(&cpu, &node, NULL)} → {@code (long) node << 32 | cpu}, or -1. */
        GETCPU
    }

    /** A stub to build: its shape and the proven address it calls. */
    public record Request(Shape shape, long target) {
    }

    /** Raised when the stubs cannot be placed (no executable memory here, e.g. an SELinux execmem denial). */
    public static final class StubException extends Exception {
        private static final long serialVersionUID = 1L;

        StubException(String message) {
            super(message);
        }
    }

    /**
     * Assembles the stubs on one new page and returns a critical downcall handle for each, in order.
     *
     * @param requests at most 64 stubs
     * @return the handles
     * @throws StubException if no executable page can be had
     */
    public static List<MethodHandle> install(List<Request> requests) throws StubException {
        if (requests.isEmpty()) {
            return List.of();
        }
        if ((long) requests.size() * SLOT > PAGE) {
            throw new IllegalArgumentException("too many stubs for one page: " + requests.size());
        }
        MemorySegment page = mapPage();
        for (int i = 0; i < requests.size(); i++) {
            byte[] code = code(requests.get(i));
            MemorySegment.copy(MemorySegment.ofArray(code), 0, page, (long) i * SLOT, code.length);
        }
        protect(page);
        List<MethodHandle> handles = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            // critical: the stub and its target never block and never call back into Java.
            handles.add(Natives.downcall(page.asSlice((long) i * SLOT, SLOT)));
        }
        return handles;
    }

    /** The machine code of one stub; visible for tests that read it. */
    static byte[] code(Request r) {
        ByteBuffer b = ByteBuffer.allocate(SLOT).order(ByteOrder.LITTLE_ENDIAN);
        outParameter(b, r);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    private static void outParameter(ByteBuffer b, Request r) {
        // On entry rsp = 8 mod 16; 24 bytes of locals make it 16-aligned for the call.
        b.put(hex("4883EC18"));                     // sub  rsp, 24
        switch (r.shape()) {
            case TIMEVAL -> b.put(hex("4889E7"))    // mov  rdi, rsp
                    .put(hex("31F6"));              // xor  esi, esi        (tz = NULL)
            case GETCPU -> b.put(hex("488D3C24"))   // lea  rdi, [rsp]      (cpu)
                    .put(hex("488D742404"))         // lea  rsi, [rsp+4]    (node)
                    .put(hex("31D2"));              // xor  edx, edx        (cache = NULL)
            default -> b.put(hex("4889E6"));        // mov  rsi, rsp        (edi = clockid, passed through)
        }
        b.put(hex("48B8")).putLong(r.target());     // mov  rax, target
        b.put(hex("FFD0"));                         // call rax
        b.put(hex("85C0"));                         // test eax, eax
        if (r.shape() == Shape.GETCPU) {
            // Two 4-byte loads, one per 4-byte store getcpu made: one 8-byte load across both stores
            // cannot be store-forwarded and stalled ~4 ns a call (measured: 7.4 against 3.1 ns).
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
                    .putInt(r.shape() == Shape.CLOCK ? 1_000_000_000 : 1_000_000);
            b.put(hex("4803442408"));               // add  rax, [rsp+8]    (tv_nsec / tv_usec)
            b.put(hex("4883C418"));                 // add  rsp, 24
            b.put(hex("C3"));                       // ret
            b.put(hex("48B8")).putLong(FAILED);     // fail: mov rax, FAILED
        }
        b.put(hex("4883C418"));                     // add  rsp, 24
        b.put(hex("C3"));                           // ret
    }

    private static MemorySegment mapPage() throws StubException {
        MemorySegment mmap = Natives.libc("mmap").orElse(null);
        if (mmap == null) {
            throw new StubException("libc has no mmap");
        }
        long page = Natives.call(mmap, 0L, PAGE, fastclock_h.PROT_READ | fastclock_h.PROT_WRITE,
                fastclock_h.MAP_PRIVATE | fastclock_h.MAP_ANONYMOUS, -1L, 0L);
        if (page == fastclock_h.MAP_FAILED || page == 0) {
            throw new StubException("mmap of a stub page failed, errno " + Natives.errno());
        }
        return Natives.at(page, PAGE);
    }

    private static void protect(MemorySegment page) throws StubException {
        MemorySegment mprotect = Natives.libc("mprotect").orElse(null);
        if (mprotect == null) {
            throw new StubException("libc has no mprotect");
        }
        int rc = (int) Natives.call(mprotect, page.address(), PAGE, fastclock_h.PROT_READ | fastclock_h.PROT_EXEC);
        if (rc != 0) {
            throw new StubException("cannot make a stub page executable (mprotect errno " + Natives.errno()
                    + "; a W^X policy such as SELinux execmem may forbid it)");
        }
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s, 2 * i, 2 * i + 2, 16);
        }
        return out;
    }
}
