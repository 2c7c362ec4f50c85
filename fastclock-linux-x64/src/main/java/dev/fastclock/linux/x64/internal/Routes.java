package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.elf.VdsoFormatException;
import dev.fastclock.linux.x64.elf.VdsoImage;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens each route: finds its functions and proves their addresses; then builds the {@link Call}
 * that serves a method on it, from the method's row ({@link Row.Way}).
 */
public final class Routes {

    /** The symbol version every x86-64 vDSO function carries. */
    static final String VDSO_VERSION = "LINUX_2.6";
    /** The fixed address of the x86-64 vsyscall page. */
    static final long VSYSCALL_BASE = 0xffffffffff600000L;

    /**
     * What one route offers here: the proven address of each function it has, or why it has none;
     * or, for a route not available at all, one reason for everything. Immutable once opened.
     *
     * @param route       the route
     * @param unavailable why the route is not available here at all, or null
     * @param summary     one line on what it found, for the report, or null
     * @param addresses   each function's proven address
     * @param where       each function's description, for the report
     * @param absent      why each missing function is missing
     * @param critical    whether calls may skip the thread-state transition (not on the vsyscall page)
     */
    record Fns(RouteId route, String unavailable, String summary, Map<Fn, Long> addresses, Map<Fn, String> where,
               Map<Fn, String> absent, boolean critical) {

        static Fns unavailable(RouteId route, String reason) {
            return new Fns(route, reason, null, Map.of(), Map.of(), Map.of(), true);
        }
    }

    /** A method served: the call and how, for the report. */
    record Served(Call call, String how) {
    }

    private Routes() {
    }

    // ---- the vDSO ----

    /**
     * The vDSO as found, or why not: shared by the route and the diagnostic report.
     *
     * @param base    its address
     * @param size    its proven size
     * @param image   the parsed image, or null
     * @param problem why it cannot be used, or null
     */
    public record VdsoFound(long base, long size, VdsoImage image, String problem) {
        /** Whether it was found and parsed. @return true if usable */
        public boolean ok() {
            return problem == null;
        }
    }

    /** Finds, proves and parses the vDSO. @param env where to look @return what was found */
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
    static Fns vdso(LinuxEnvironment env) {
        VdsoFound found = findVdso(env);
        if (!found.ok()) {
            return Fns.unavailable(RouteId.VDSO, found.problem());
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
        String summary = "vdso: at " + hex(found.base()) + ", " + found.size() + " bytes, " + addresses.size() + " of 5 functions";
        return new Fns(RouteId.VDSO, null, summary, addresses, where, absent, true);
    }

    // ---- libc ----

    /** The libc route: the C library's functions through the linker's default lookup. */
    static Fns libc() {
        Map<Fn, Long> addresses = new EnumMap<>(Fn.class);
        Map<Fn, String> where = new EnumMap<>(Fn.class);
        Map<Fn, String> absent = new EnumMap<>(Fn.class);
        for (Fn fn : List.of(Fn.CLOCK_GETTIME, Fn.CLOCK_GETRES, Fn.GETTIMEOFDAY, Fn.TIME, Fn.GETCPU, Fn.SCHED_GETCPU, Fn.ADJTIMEX)) {
            Optional<MemorySegment> symbol = Natives.libc(fn.cName);
            if (symbol.isPresent() && symbol.get().address() != 0) {
                addresses.put(fn, symbol.get().address());
                where.put(fn, "libc " + fn.cName);
            } else {
                absent.put(fn, "libc exports no " + fn.cName);
            }
        }
        if (addresses.isEmpty()) {
            return Fns.unavailable(RouteId.LIBC, "the default lookup finds none of the C library's time functions");
        }
        return new Fns(RouteId.LIBC, null, null, addresses, where, absent, true);
    }

    // ---- the vsyscall page ----

    /**
     * The vsyscall route: only when the maps show the page executable. With {@code vsyscall=none}
     * there is no such line and a call would be SIGSEGV, so it is never built. Its calls are not
     * critical: each traps into the kernel.
     */
    static Fns vsyscall(LinuxEnvironment env) {
        Optional<String> problem = vsyscallProblem(env);
        if (problem.isPresent()) {
            return Fns.unavailable(RouteId.VSYSCALL, problem.get());
        }
        Map<Fn, Long> addresses = new EnumMap<>(Fn.class);
        Map<Fn, String> where = new EnumMap<>(Fn.class);
        Map<Fn, String> absent = new EnumMap<>(Fn.class);
        for (Fn fn : Fn.values()) {
            if (fn.vsyscallOffset >= 0) {
                addresses.put(fn, VSYSCALL_BASE + fn.vsyscallOffset);
                where.put(fn, "vsyscall " + fn.cName + " at " + hex(VSYSCALL_BASE + fn.vsyscallOffset) + " (a trap per call)");
            } else {
                absent.put(fn, "the vsyscall page has no " + fn.cName);
            }
        }
        return new Fns(RouteId.VSYSCALL, null, "vsyscall: page at " + hex(VSYSCALL_BASE), addresses, where, absent, false);
    }

    /** Why the vsyscall page must not be called here, or empty when the maps prove it executable. @param env where to look @return the reason */
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

    // ---- the time-stamp counter ----

    /**
     * The TSC route: {@code rdtsc} in a stub; available where the kernel trusts the TSC, or anywhere
     * when forced (the CPU always has the instruction on x86-64).
     *
     * @param trust  the kernel's verdict on the TSC, one line
     * @param forced whether {@code -Dfastclock.route=tsc} forces it past the verdict
     */
    static Fns tsc(TscTrust.Verdict trust, boolean forced) {
        if (!trust.trusted() && !forced) {
            return Fns.unavailable(RouteId.TSC, trust.reason());
        }
        String where = "rdtsc" + (trust.trusted() ? " (" + trust.reason() + ")" : " (FORCED: " + trust.reason() + ")");
        return new Fns(RouteId.TSC, null, "tsc: " + where, Map.of(Fn.RDTSC, 0L), Map.of(Fn.RDTSC, where), Map.of(), true);
    }

    // ---- from proven addresses to calls ----

    /**
     * The call that serves {@code m} on {@code fns}: the first of the method's ways whose function the
     * route has and whose stub can be had.
     *
     * @param fns       the route's functions
     * @param m         the method's row
     * @param nodeTable the kernel's CPU-to-node table, or null where it cannot be read
     * @return the call and how, or the reason the route cannot serve {@code m}
     */
    static Result serve(Fns fns, Row m, int[] nodeTable) {
        if (fns.route() == RouteId.JDK) {
            return new Result(new Served(Call.jdk(m.method.jdk()), m.method.jdkDetail()), null);
        }
        if (fns.unavailable() != null) {
            return new Result(null, fns.unavailable());
        }
        String why = null;
        boolean generic = false;
        for (Row.Way w : m.ways) {
            Long address = fns.addresses().get(w.fn());
            if (address == null) {
                String absent = fns.absent().get(w.fn());
                if (absent != null && (why == null || generic)) {
                    why = absent;
                    generic = false;
                } else if (why == null) {
                    why = "the " + fns.route().id() + " route has no " + w.fn().cName;
                    generic = true;
                }
                continue;
            }
            if (w.fn() == Fn.ADJTIMEX) {
                // adjtimex fills a struct: never a call of the hot shape (the planner's chooseStatus reads it).
                return new Result(null, "adjtimex is not a call of the hot shape: the planner reads its struct timex itself");
            }
            Call fallback = null;
            if (w.post() == Call.NODE_OF_CPU) {
                // The table answers only what it knows; getcpu answers the rest (a CPU brought online later).
                if (nodeTable == null) {
                    why = why != null ? why : "no CPU-to-node table under /sys/devices/system/node";
                    continue;
                }
                // Without getcpu (no stub page under W^X) a CPU the table does not know is "unknown", -1.
                Long getcpu = fns.addresses().get(Fn.GETCPU);
                Optional<MethodHandle> h = getcpu == null ? Optional.empty() : Stubs.handle(Stubs.Shape.GETCPU, fns.critical());
                fallback = h.isPresent() ? new Call(h.get(), 0, getcpu, Call.NODE_OF_PACKED, m.method.jdk(), null, null) : Call.jdk(m.method.jdk());
            }
            MethodHandle handle;
            long target;
            if (w.fn().stub == null) {
                handle = Natives.downcall(MemorySegment.ofAddress(address), fns.critical());
                target = 0;
            } else {
                Optional<MethodHandle> h = Stubs.handle(w.fn().stub, fns.critical());
                if (h.isEmpty()) {
                    why = why != null ? why : Stubs.failure().orElse("no stub page");
                    continue;
                }
                handle = h.get();
                target = address;
            }
            String how = fns.where().get(w.fn()) + (w.note().isEmpty() ? "" : " (" + w.note() + ")");
            Call call = new Call(handle, w.arg(), target, w.post(), m.method.jdk(), fallback == null ? null : nodeTable, fallback, null);
            return new Result(new Served(call, how), null);
        }
        return new Result(null, why != null ? why : "the " + fns.route().id() + " route cannot serve " + m.apiName());
    }

    /**
     * A call, or why none.
     *
     * @param served the call and how, or null
     * @param whyNot why the route cannot serve the method, or null
     */
    record Result(Served served, String whyNot) {
    }

    /**
     * The kernel's CPU-to-node table from {@code /sys/devices/system/node/node<N>/cpulist}: index a
     * CPU, get its node, -1 where no node lists it. Null where the directory cannot be read (a kernel
     * without NUMA support in sysfs).
     *
     * @param files where to read
     * @return the table, or null
     */
    public static int[] nodeTable(LinuxEnvironment.Files files) {
        try {
            return readNodeTable(files);
        } catch (RuntimeException e) {
            return null; // a cpulist we cannot parse: better no table than a wrong one
        }
    }

    private static int[] readNodeTable(LinuxEnvironment.Files files) {
        String dir = "/sys/devices/system/node";
        int[] table = new int[0];
        boolean any = false;
        for (String name : files.list(dir)) {
            if (!name.startsWith("node") || name.length() == 4 || !name.substring(4).chars().allMatch(Character::isDigit)) {
                continue;
            }
            int node = Integer.parseInt(name.substring(4));
            Optional<String> list = files.read(dir + "/" + name + "/cpulist");
            if (list.isEmpty()) {
                return null; // a node we cannot read: better no table than a wrong one
            }
            for (String part : list.get().strip().split(",")) {
                if (part.isEmpty()) {
                    continue;
                }
                String[] range = part.split("-");
                if (range.length > 2) {
                    return null;
                }
                int lo = Integer.parseInt(range[0].strip());
                int hi = range.length > 1 ? Integer.parseInt(range[1].strip()) : lo;
                if (lo < 0 || hi < lo || hi >= 1 << 16) {
                    return null;
                }
                if (hi >= table.length) {
                    int old = table.length;
                    table = java.util.Arrays.copyOf(table, hi + 1);
                    java.util.Arrays.fill(table, old, table.length, -1);
                }
                for (int cpu = lo; cpu <= hi; cpu++) {
                    table[cpu] = node;
                }
                any = true;
            }
        }
        return any ? table : null;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
