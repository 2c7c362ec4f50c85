package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.linux.x64.VdsoFormatException;
import dev.fastclock.linux.x64.VdsoImage;
import dev.fastclock.linux.x64.bindings.fastclock_h;
import dev.fastclock.spi.SystemClockBackend;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodHandle NS_TO_MS = helper("nsToMillis", long.class, long.class);
    private static final MethodHandle US_TO_MS = helper("usToMillis", long.class, long.class);
    private static final MethodHandle SECONDS = helper("seconds", long.class, long.class);
    private static final MethodHandle CPU_OF = helper("cpuOf", int.class, long.class);
    private static final MethodHandle NODE_OF = helper("nodeOf", int.class, long.class);

    private Routes() {
    }

    // ---- the vDSO ----

    /** The vDSO route: base from the auxiliary vector, extent proven by {@code [vdso]} in the maps, symbols from the image. */
    public static RouteTable vdso(LinuxEnvironment env) {
        return vdso(env, findVdso(env));
    }

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

    static RouteTable vdso(LinuxEnvironment env, VdsoFound found) {
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

    /** The JDK route: {@link SystemClockBackend}, which serves everything. */
    public static RouteTable jdk() {
        SystemClockBackend jdk = new SystemClockBackend();
        RouteTable t = RouteTable.available(Route.JDK, "the JDK");
        t.serve(Method.NANOS, virtual(jdk, "nanos", long.class), "System.nanoTime()");
        t.serve(Method.COARSE_NANOS, virtual(jdk, "coarseNanos", long.class), "System.nanoTime() (the JDK has no coarse clock)");
        t.serve(Method.EPOCH_NANOS, virtual(jdk, "epochNanos", long.class), "Instant.now()");
        t.serve(Method.EPOCH_MICROS, virtual(jdk, "epochMicros", long.class), "Instant.now()");
        t.serve(Method.EPOCH_MILLIS, virtual(jdk, "epochMillis", long.class), "System.currentTimeMillis()");
        t.serve(Method.COARSE_EPOCH_MILLIS, virtual(jdk, "coarseEpochMillis", long.class), "System.currentTimeMillis()");
        t.serve(Method.EPOCH_SECONDS, virtual(jdk, "epochSeconds", long.class), "System.currentTimeMillis() / 1000");
        t.serve(Method.RESOLUTION, MethodHandles.dropArguments(
                MethodHandles.constant(long.class, 1L), 0, int.class), "1 ns (the JDK does not say)");
        t.serve(Method.CPU, virtual(jdk, "cpu", int.class), "unknown (-1)");
        t.serve(Method.NODE, virtual(jdk, "node", int.class), "unknown (-1)");
        return t;
    }

    // ---- shared: from proven function addresses to method handles ----

    private static RouteTable build(Route route, String summary, Map<Fn, Long> addresses, Map<Fn, String> where, Map<Fn, String> absent) {
        RouteTable t = RouteTable.available(route, summary);
        List<Stubs.Request> requests = new ArrayList<>();
        List<Fn> stubbed = new ArrayList<>();
        for (Fn fn : List.of(Fn.CLOCK_GETTIME, Fn.CLOCK_GETRES, Fn.GETTIMEOFDAY, Fn.GETCPU)) {
            if (addresses.containsKey(fn)) {
                requests.add(new Stubs.Request(switch (fn) {
                    case GETTIMEOFDAY -> Stubs.Shape.TIMEVAL;
                    case GETCPU -> Stubs.Shape.GETCPU;
                    default -> Stubs.Shape.CLOCK;
                }, addresses.get(fn)));
                stubbed.add(fn);
            }
        }
        Map<Fn, MethodHandle> stubs = new EnumMap<>(Fn.class);
        try {
            List<MethodHandle> handles = Stubs.install(requests);
            for (int i = 0; i < stubbed.size(); i++) {
                stubs.put(stubbed.get(i), handles.get(i));
            }
        } catch (Stubs.StubException e) {
            for (Fn fn : stubbed) {
                absent.put(fn, e.getMessage());
            }
        }

        MethodHandle clock = stubs.get(Fn.CLOCK_GETTIME);
        if (clock != null) {
            String w = where.get(Fn.CLOCK_GETTIME);
            t.serve(Method.NANOS, clockOf(clock, ClockId.MONOTONIC), w + " (CLOCK_MONOTONIC)");
            t.serve(Method.COARSE_NANOS, clockOf(clock, ClockId.MONOTONIC_COARSE), w + " (CLOCK_MONOTONIC_COARSE)");
            t.serve(Method.EPOCH_NANOS, clockOf(clock, ClockId.REALTIME), w + " (CLOCK_REALTIME)");
            t.serve(Method.EPOCH_MILLIS, MethodHandles.filterReturnValue(clockOf(clock, ClockId.REALTIME), NS_TO_MS),
                    w + " (CLOCK_REALTIME) / 1e6");
            t.serve(Method.COARSE_EPOCH_MILLIS, MethodHandles.filterReturnValue(clockOf(clock, ClockId.REALTIME_COARSE), NS_TO_MS),
                    w + " (CLOCK_REALTIME_COARSE) / 1e6");
        } else {
            String why = absent.getOrDefault(Fn.CLOCK_GETTIME, "no clock_gettime");
            for (Method m : List.of(Method.NANOS, Method.COARSE_NANOS, Method.EPOCH_NANOS, Method.EPOCH_MILLIS, Method.COARSE_EPOCH_MILLIS)) {
                t.miss(m, why);
            }
        }
        MethodHandle getres = stubs.get(Fn.CLOCK_GETRES);
        if (getres != null) {
            t.serve(Method.RESOLUTION, getres, where.get(Fn.CLOCK_GETRES));
        } else {
            t.miss(Method.RESOLUTION, absent.getOrDefault(Fn.CLOCK_GETRES, "no clock_getres"));
        }
        MethodHandle tod = stubs.get(Fn.GETTIMEOFDAY);
        if (tod != null) {
            t.serve(Method.EPOCH_MICROS, tod, where.get(Fn.GETTIMEOFDAY));
            if (clock == null) {
                t.serve(Method.EPOCH_MILLIS, MethodHandles.filterReturnValue(tod, US_TO_MS), where.get(Fn.GETTIMEOFDAY) + " / 1000");
            }
        } else {
            t.miss(Method.EPOCH_MICROS, absent.getOrDefault(Fn.GETTIMEOFDAY, "no gettimeofday"));
        }
        Long time = addresses.get(Fn.TIME);
        if (time != null) {
            // time(NULL) returns its value in a register: a direct critical call, no stub.
            MethodHandle h = Natives.downcall(MemorySegment.ofAddress(time), fastclock_h.time$DESC, true);
            h = MethodHandles.insertArguments(h, 0, MemorySegment.NULL);
            t.serve(Method.EPOCH_SECONDS, MethodHandles.filterReturnValue(h, SECONDS), where.get(Fn.TIME) + ", t = NULL");
        } else {
            t.miss(Method.EPOCH_SECONDS, absent.getOrDefault(Fn.TIME, "no time"));
        }
        MethodHandle getcpu = stubs.get(Fn.GETCPU);
        Long sched = addresses.get(Fn.SCHED_GETCPU);
        if (sched != null) {
            t.serve(Method.CPU, Natives.downcall(MemorySegment.ofAddress(sched), fastclock_h.sched_getcpu$DESC, true),
                    where.get(Fn.SCHED_GETCPU) + "()");
        } else if (getcpu != null) {
            t.serve(Method.CPU, MethodHandles.filterReturnValue(getcpu, CPU_OF), where.get(Fn.GETCPU) + " (cpu)");
        } else {
            t.miss(Method.CPU, absent.getOrDefault(Fn.GETCPU, "no getcpu"));
        }
        if (getcpu != null) {
            t.serve(Method.NODE, MethodHandles.filterReturnValue(getcpu, NODE_OF), where.get(Fn.GETCPU) + " (node)");
        } else {
            t.miss(Method.NODE, absent.getOrDefault(Fn.GETCPU, "no getcpu"));
        }
        return t;
    }

    private static MethodHandle clockOf(MethodHandle clockStub, ClockId id) {
        return MethodHandles.insertArguments(clockStub, 0, id.linuxId());
    }

    private static MethodHandle virtual(Object receiver, String name, Class<?> returns) {
        try {
            return LOOKUP.findVirtual(receiver.getClass(), name, MethodType.methodType(returns)).bindTo(receiver);
        } catch (ReflectiveOperationException e) {
            throw new LinkageError(name, e);
        }
    }

    private static MethodHandle helper(String name, Class<?> returns, Class<?> arg) {
        try {
            return LOOKUP.findStatic(Routes.class, name, MethodType.methodType(returns, arg));
        } catch (ReflectiveOperationException e) {
            throw new LinkageError(name, e);
        }
    }

    // The filters keep the failure sentinels, so a failed call never turns into a value.

    private static long nsToMillis(long ns) {
        return ns == Stubs.FAILED ? ns : ns / 1_000_000L;
    }

    private static long usToMillis(long us) {
        return us == Stubs.FAILED ? us : us / 1_000L;
    }

    private static long seconds(long t) {
        return t < 0 ? Stubs.FAILED : t; // time() returns (time_t) -1 on failure
    }

    private static int cpuOf(long packed) {
        return packed == -1L ? -1 : (int) packed;
    }

    private static int nodeOf(long packed) {
        return packed == -1L ? -1 : (int) (packed >>> 32);
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
