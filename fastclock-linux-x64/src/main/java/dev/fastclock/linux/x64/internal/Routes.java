package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.linux.x64.VdsoFormatException;
import dev.fastclock.linux.x64.VdsoImage;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Opens each route: finds its functions, proves their addresses, and builds the handles. */
public final class Routes {

    /** The symbol version every x86-64 vDSO function carries. */
    public static final String VDSO_VERSION = "LINUX_2.6";
    /** The fixed address of the x86-64 vsyscall page. */
    public static final long VSYSCALL_BASE = 0xffffffffff600000L;

    /** The C functions a route may offer. */
    enum Fn {
        CLOCK_GETTIME("clock_gettime", 0), CLOCK_GETRES("clock_getres", 0), GETTIMEOFDAY("gettimeofday", 0x000),
        TIME("time", 0x400), GETCPU("getcpu", 0x800), SCHED_GETCPU("sched_getcpu", 0);

        final String cName;
        final long vsyscallOffset;

        Fn(String cName, long vsyscallOffset) {
            this.cName = cName;
            this.vsyscallOffset = vsyscallOffset;
        }
    }

    private Routes() {
    }

    // ---- the vDSO ----

    /** The vDSO as found, or why not: shared by the route and the diagnostic report. */
    public record VdsoFound(long base, long size, VdsoImage image, String problem) {
        /** Whether it was found and parsed. */
        public boolean ok() {
            return problem == null;
        }
    }

    /** Finds, proves and parses the vDSO. */
    public static VdsoFound findVdso(LinuxEnvironment env) {
        if (env.vdsoBase().isEmpty()) {
            return new VdsoFound(0, 0, null, env.vdsoBaseSource());
        }
        long base = env.vdsoBase().getAsLong();
        if (env.maps().isEmpty()) {
            return new VdsoFound(base, 0, null, "cannot prove the vDSO's extent: " + env.mapsSource());
        }
        Optional<ProcMaps.Mapping> line = ProcMaps.find(ProcMaps.parse(env.maps().get()), "[vdso]");
        if (line.isEmpty()) {
            return new VdsoFound(base, 0, null, "/proc/self/maps has no [vdso] line to prove the vDSO at " + hex(base));
        }
        ProcMaps.Mapping m = line.get();
        if (m.start() != base) {
            return new VdsoFound(base, 0, null, "AT_SYSINFO_EHDR " + hex(base) + " is not the start of the [vdso] mapping "
                    + hex(m.start()) + "-" + hex(m.end()));
        }
        if (!m.isReadable() || !m.isExecutable()) {
            return new VdsoFound(base, 0, null, "the [vdso] mapping is " + m.perms() + ", not readable and executable");
        }
        long size = m.end() - m.start();
        try {
            MemorySegment bytes = env.images().read(base, size);
            if (bytes.byteSize() > size) {
                return new VdsoFound(base, size, null, "the image given is larger than the [vdso] mapping");
            }
            return new VdsoFound(base, size, VdsoImage.parse(bytes), null);
        } catch (VdsoFormatException e) {
            return new VdsoFound(base, size, null, "the vDSO image is malformed: " + e.getMessage());
        }
    }

    /** The vDSO route: base from the auxiliary vector, extent proven by {@code [vdso]} in the maps, symbols from the image. */
    public static RouteTable vdso(LinuxEnvironment env) {
        VdsoFound found = findVdso(env);
        if (!found.ok()) {
            return RouteTable.unavailable(Route.VDSO, found.problem());
        }
        Map<Fn, Long> addresses = new EnumMap<>(Fn.class);
        Map<Fn, String> where = new EnumMap<>(Fn.class);
        Map<Fn, String> absent = new EnumMap<>(Fn.class);
        for (Fn fn : List.of(Fn.CLOCK_GETTIME, Fn.CLOCK_GETRES, Fn.GETTIMEOFDAY, Fn.TIME, Fn.GETCPU)) {
            String symbol = "__vdso_" + fn.cName;
            var offset = found.image().offsetOf(symbol, VDSO_VERSION);
            // The parser keeps offsets inside the PT_LOAD; check against the proven mapping anyway.
            if (offset.isPresent() && offset.getAsLong() >= 0 && offset.getAsLong() < found.size()) {
                addresses.put(fn, found.base() + offset.getAsLong());
                where.put(fn, symbol + "@" + VDSO_VERSION + " at vdso+" + hex(offset.getAsLong()));
            } else {
                absent.put(fn, "the vDSO exports no " + symbol + "@" + VDSO_VERSION);
            }
        }
        String summary = "vDSO at " + hex(found.base()) + ", " + found.size() + " bytes, " + addresses.size() + " of 5 functions";
        return build(Route.VDSO, summary, addresses, where, absent);
    }

    // ---- libc ----

    /** The libc route: the C library's functions through the linker's default lookup. */
    public static RouteTable libc() {
        Map<Fn, Long> addresses = new EnumMap<>(Fn.class);
        Map<Fn, String> where = new EnumMap<>(Fn.class);
        Map<Fn, String> absent = new EnumMap<>(Fn.class);
        for (Fn fn : List.of(Fn.CLOCK_GETTIME, Fn.CLOCK_GETRES, Fn.GETTIMEOFDAY, Fn.TIME, Fn.GETCPU, Fn.SCHED_GETCPU)) {
            Optional<MemorySegment> symbol = Natives.libc(fn.cName);
            if (symbol.isPresent() && symbol.get().address() != 0) {
                addresses.put(fn, symbol.get().address());
                where.put(fn, "libc " + fn.cName);
            } else {
                absent.put(fn, "libc exports no " + fn.cName);
            }
        }
        if (addresses.isEmpty()) {
            return RouteTable.unavailable(Route.LIBC, "the default lookup finds none of the C library's time functions");
        }
        return build(Route.LIBC, "libc through the linker's default lookup", addresses, where, absent);
    }

    // ---- the vsyscall page ----

    /**
     * The vsyscall route: only when the maps show the page executable. With {@code vsyscall=none}
     * there is no such line and a call would be SIGSEGV, so it is never built.
     */
    public static RouteTable vsyscall(LinuxEnvironment env) {
        Optional<String> problem = vsyscallProblem(env);
        if (problem.isPresent()) {
            return RouteTable.unavailable(Route.VSYSCALL, problem.get());
        }
        Map<Fn, Long> addresses = new EnumMap<>(Fn.class);
        Map<Fn, String> where = new EnumMap<>(Fn.class);
        Map<Fn, String> absent = new EnumMap<>(Fn.class);
        for (Fn fn : List.of(Fn.GETTIMEOFDAY, Fn.TIME, Fn.GETCPU)) {
            addresses.put(fn, VSYSCALL_BASE + fn.vsyscallOffset);
            where.put(fn, "vsyscall " + fn.cName + " at " + hex(VSYSCALL_BASE + fn.vsyscallOffset) + " (a trap per call)");
        }
        for (Fn fn : List.of(Fn.CLOCK_GETTIME, Fn.CLOCK_GETRES)) {
            absent.put(fn, "the vsyscall page has no " + fn.cName);
        }
        return build(Route.VSYSCALL, "vsyscall page at " + hex(VSYSCALL_BASE), addresses, where, absent);
    }

    /** Why the vsyscall page must not be called here, or empty when the maps prove it executable. */
    public static Optional<String> vsyscallProblem(LinuxEnvironment env) {
        if (env.maps().isEmpty()) {
            return Optional.of("cannot prove the vsyscall page is mapped: " + env.mapsSource());
        }
        Optional<ProcMaps.Mapping> line = ProcMaps.find(ProcMaps.parse(env.maps().get()), "[vsyscall]");
        if (line.isEmpty()) {
            return Optional.of("no [vsyscall] line in /proc/self/maps (vsyscall=none): a call would kill the JVM");
        }
        ProcMaps.Mapping m = line.get();
        if (!m.isExecutable()) {
            return Optional.of("the [vsyscall] mapping is " + m.perms() + ", not executable");
        }
        if (m.start() > VSYSCALL_BASE || m.end() < VSYSCALL_BASE + 0x1000) {
            return Optional.of("the [vsyscall] mapping " + hex(m.start()) + "-" + hex(m.end()) + " is not the fixed page");
        }
        return Optional.empty();
    }

    // ---- the JDK ----

    /** The JDK route, which serves everything: {@link LinuxBackend} answers it from the JDK. */
    public static RouteTable jdk() {
        RouteTable t = RouteTable.available(Route.JDK, "the JDK");
        t.serve(Method.NANOS, Call.JDK, "System.nanoTime()");
        t.serve(Method.COARSE_NANOS, Call.JDK, "System.nanoTime() (the JDK has no coarse clock)");
        t.serve(Method.EPOCH_NANOS, Call.JDK, "Instant.now()");
        t.serve(Method.EPOCH_MICROS, Call.JDK, "Instant.now()");
        t.serve(Method.EPOCH_MILLIS, Call.JDK, "System.currentTimeMillis()");
        t.serve(Method.COARSE_EPOCH_MILLIS, Call.JDK, "System.currentTimeMillis()");
        t.serve(Method.EPOCH_SECONDS, Call.JDK, "System.currentTimeMillis() / 1000");
        t.serve(Method.RESOLUTION, Call.JDK, "1 ns, 1 ms for REALTIME_COARSE (the JDK does not say)");
        t.serve(Method.CPU, Call.JDK, "unknown (-1)");
        t.serve(Method.NODE, Call.JDK, "unknown (-1)");
        return t;
    }

    // ---- shared: from proven function addresses to method handles ----

    private static RouteTable build(Route route, String summary, Map<Fn, Long> addresses, Map<Fn, String> where, Map<Fn, String> absent) {
        RouteTable t = RouteTable.available(route, summary);
        // time(NULL) and sched_getcpu() answer in a register: called directly, at once.
        Long time = addresses.get(Fn.TIME);
        offer(t, Method.EPOCH_SECONDS, time == null ? null : Natives.downcall(MemorySegment.ofAddress(time)),
                0, Call.SECONDS, where.get(Fn.TIME) + ", t = NULL", absent, Fn.TIME);
        Long sched = addresses.get(Fn.SCHED_GETCPU);
        if (sched != null) {
            offer(t, Method.CPU, Natives.downcall(MemorySegment.ofAddress(sched)), 0, Call.NON_NEGATIVE_INT,
                    where.get(Fn.SCHED_GETCPU) + "()", absent, Fn.SCHED_GETCPU);
        }
        // The out-parameter functions need a stub page: built when a method first asks for one, so
        // a program that only asks libc for the CPU never maps one.
        t.whenFirstMissing(new StubInstaller(t, addresses, where, absent));
        return t;
    }

    /** Builds a route's stub page and serves the methods that go through it. */
    private static final class StubInstaller implements Runnable {
        private final RouteTable t;
        private final Map<Fn, Long> addresses;
        private final Map<Fn, String> where;
        private final Map<Fn, String> absent;

        StubInstaller(RouteTable t, Map<Fn, Long> addresses, Map<Fn, String> where, Map<Fn, String> absent) {
            this.t = t;
            this.addresses = addresses;
            this.where = where;
            this.absent = absent;
        }

        @Override
        public void run() {
            Map<Fn, MethodHandle> stubs = new EnumMap<>(Fn.class);
            List<Fn> fns = new ArrayList<>();
            List<Stubs.Request> requests = new ArrayList<>();
            for (Fn fn : List.of(Fn.CLOCK_GETTIME, Fn.CLOCK_GETRES, Fn.GETTIMEOFDAY, Fn.GETCPU)) {
                Long address = addresses.get(fn);
                if (address != null) {
                    fns.add(fn);
                    requests.add(new Stubs.Request(switch (fn) {
                        case GETTIMEOFDAY -> Stubs.Shape.TIMEVAL;
                        case GETCPU -> Stubs.Shape.GETCPU;
                        default -> Stubs.Shape.CLOCK;
                    }, address));
                }
            }
            try {
                List<MethodHandle> handles = Stubs.install(requests);
                for (int i = 0; i < fns.size(); i++) {
                    stubs.put(fns.get(i), handles.get(i));
                }
            } catch (Stubs.StubException e) {
                for (Fn fn : fns) {
                    absent.put(fn, e.getMessage());
                }
            }

            MethodHandle clock = stubs.get(Fn.CLOCK_GETTIME);
            String w = where.get(Fn.CLOCK_GETTIME);
            offer(t, Method.NANOS, clock, ClockId.MONOTONIC.linuxId(), Call.RAW, w + " (CLOCK_MONOTONIC)", absent, Fn.CLOCK_GETTIME);
            offer(t, Method.COARSE_NANOS, clock, ClockId.MONOTONIC_COARSE.linuxId(), Call.RAW, w + " (CLOCK_MONOTONIC_COARSE)",
                    absent, Fn.CLOCK_GETTIME);
            offer(t, Method.EPOCH_NANOS, clock, ClockId.REALTIME.linuxId(), Call.RAW, w + " (CLOCK_REALTIME)", absent, Fn.CLOCK_GETTIME);
            offer(t, Method.COARSE_EPOCH_MILLIS, clock, ClockId.REALTIME_COARSE.linuxId(), Call.NS_TO_MS,
                    w + " (CLOCK_REALTIME_COARSE) / 1e6", absent, Fn.CLOCK_GETTIME);
            MethodHandle tod = stubs.get(Fn.GETTIMEOFDAY);
            if (clock != null) {
                offer(t, Method.EPOCH_MILLIS, clock, ClockId.REALTIME.linuxId(), Call.NS_TO_MS, w + " (CLOCK_REALTIME) / 1e6",
                        absent, Fn.CLOCK_GETTIME);
            } else {
                // The vsyscall page has no clock_gettime: epochMillis derives from gettimeofday there.
                offer(t, Method.EPOCH_MILLIS, tod, 0, Call.US_TO_MS, where.get(Fn.GETTIMEOFDAY) + " / 1000", absent, Fn.GETTIMEOFDAY);
            }
            offer(t, Method.EPOCH_MICROS, tod, 0, Call.RAW, where.get(Fn.GETTIMEOFDAY), absent, Fn.GETTIMEOFDAY);
            offer(t, Method.RESOLUTION, stubs.get(Fn.CLOCK_GETRES), 0, Call.RAW, where.get(Fn.CLOCK_GETRES), absent, Fn.CLOCK_GETRES);
            MethodHandle getcpu = stubs.get(Fn.GETCPU);
            if (!addresses.containsKey(Fn.SCHED_GETCPU)) {
                offer(t, Method.CPU, getcpu, 0, Call.CPU_OF_PACKED, where.get(Fn.GETCPU) + " (cpu)", absent, Fn.GETCPU);
            }
            offer(t, Method.NODE, getcpu, 0, Call.NODE_OF_PACKED, where.get(Fn.GETCPU) + " (node)", absent, Fn.GETCPU);
        }
    }

    private static void offer(RouteTable t, Method m, MethodHandle stub, int arg, int post, String how,
                              Map<Fn, String> absent, Fn fn) {
        if (stub != null) {
            t.serve(m, new Call(stub, arg, post), how);
        } else {
            t.miss(m, absent.getOrDefault(fn, "no " + fn.cName));
        }
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
