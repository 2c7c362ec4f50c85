package dev.fastclock.spi;

/**
 * The catalogue: every method {@code FastClock} and {@code CpuLocator} serve, as data. Whatever lists the
 * methods derives from this table: the API's first-call machinery, the {@code jdk} and {@code settable}
 * answers, the report, the Linux provider's rows, Doctor, the benchmarks and the tests. A method added
 * here and not wired somewhere fails a test instead of answering silently.
 *
 * <p>Each row gives the method's name, the class that declares it, its unit, the Linux clock it reads
 * (where there is one), what the JDK answers for it, what an older provider that does not know it
 * answers instead ({@link #fallback()}), and one line of description. From the clock and the unit follow
 * the JDK's answer ({@link #jdk()}): what the {@code jdk} provider serves, and what answers a call that
 * comes back into FastClock from inside a choice on the choosing thread.
 *
 * <p>A provider plans each {@linkplain #planned() planned} method once ({@link FastClockBackend#plan});
 * {@link #TICKS_TO_NANOS} and {@link #TICKS_PER_SECOND} come with the plan of {@link #TICKS}.
 */
public enum Method {

    /** {@code FastClock.nanos()}. */
    NANOS("nanos", Owner.FAST_CLOCK, Unit.NANOSECONDS, Clock.MONOTONIC, null,
            "System.nanoTime()", "CLOCK_MONOTONIC in nanoseconds: System.nanoTime()'s origin and scale"),
    /** {@code FastClock.coarseNanos()}. */
    COARSE_NANOS("coarseNanos", Owner.FAST_CLOCK, Unit.NANOSECONDS, Clock.MONOTONIC_COARSE, null,
            "System.nanoTime() (the JDK has no coarse clock: exact, not cheaper)",
            "CLOCK_MONOTONIC_COARSE: nanos() as of the last timer tick, at a fraction of its cost"),
    /** {@code FastClock.epochNanos()}. */
    EPOCH_NANOS("epochNanos", Owner.FAST_CLOCK, Unit.NANOSECONDS, Clock.REALTIME, null,
            "Instant.now()", "CLOCK_REALTIME in nanoseconds since the Unix epoch, with no Instant"),
    /** {@code FastClock.epochMicros()}. */
    EPOCH_MICROS("epochMicros", Owner.FAST_CLOCK, Unit.MICROSECONDS, Clock.REALTIME, null,
            "Instant.now()", "CLOCK_REALTIME in microseconds since the Unix epoch"),
    /** {@code FastClock.epochMillis()}. */
    EPOCH_MILLIS("epochMillis", Owner.FAST_CLOCK, Unit.MILLISECONDS, Clock.REALTIME, null,
            "System.currentTimeMillis()", "CLOCK_REALTIME in milliseconds since the Unix epoch: System.currentTimeMillis()"),
    /** {@code FastClock.coarseEpochMillis()}. */
    COARSE_EPOCH_MILLIS("coarseEpochMillis", Owner.FAST_CLOCK, Unit.MILLISECONDS, Clock.REALTIME_COARSE, null,
            "System.currentTimeMillis() (the JDK has no coarse clock)",
            "CLOCK_REALTIME_COARSE in milliseconds: wall time as of the last timer tick"),
    /** {@code FastClock.epochSeconds()}. */
    EPOCH_SECONDS("epochSeconds", Owner.FAST_CLOCK, Unit.SECONDS, Clock.REALTIME_COARSE, null,
            "System.currentTimeMillis() / 1000", "whole seconds since the Unix epoch, as time(NULL) gives them"),
    /** {@code FastClock.bootNanos()}. */
    BOOT_NANOS("bootNanos", Owner.FAST_CLOCK, Unit.NANOSECONDS, Clock.BOOTTIME, NANOS,
            "System.nanoTime(): CLOCK_MONOTONIC, without the time suspended",
            "CLOCK_BOOTTIME: nanos() plus the time the system was suspended"),
    /** {@code FastClock.rawNanos()}. */
    RAW_NANOS("rawNanos", Owner.FAST_CLOCK, Unit.NANOSECONDS, Clock.MONOTONIC_RAW, NANOS,
            "System.nanoTime(): CLOCK_MONOTONIC, with NTP's rate corrections",
            "CLOCK_MONOTONIC_RAW: the hardware clock without NTP's rate corrections"),
    /** {@code FastClock.taiNanos()}. */
    TAI_NANOS("taiNanos", Owner.FAST_CLOCK, Unit.NANOSECONDS, Clock.TAI, EPOCH_NANOS,
            "Instant.now(): CLOCK_REALTIME, a TAI offset of 0 assumed",
            "CLOCK_TAI: epochNanos() plus the kernel's TAI offset"),
    /** {@code FastClock.ticks()}, with {@link #TICKS_TO_NANOS} and {@link #TICKS_PER_SECOND}. */
    TICKS("ticks", Owner.FAST_CLOCK, Unit.TICKS, null, NANOS,
            "System.nanoTime(): one tick is one nanosecond",
            "the cheapest elapsed-time counter: the TSC where the kernel trusts it, else nanos()"),
    /** {@code FastClock.ticksToNanos(long)}: served with {@link #TICKS}. */
    TICKS_TO_NANOS("ticksToNanos", Owner.FAST_CLOCK, Unit.NANOSECONDS, null, null,
            "the identity: one tick is one nanosecond", "a difference of two ticks() readings in nanoseconds"),
    /** {@code FastClock.ticksPerSecond()}: served with {@link #TICKS}. */
    TICKS_PER_SECOND("ticksPerSecond", Owner.FAST_CLOCK, Unit.TICKS_PER_SECOND, null, null,
            "1000000000", "the calibrated rate of ticks()"),
    /** {@code FastClock.resolutionNanos(ClockId)}: the argument is the Linux clock id. */
    RESOLUTION("resolutionNanos", Owner.FAST_CLOCK, Unit.NANOSECONDS, null, null,
            "1 ns, 1 ms for REALTIME_COARSE (the JDK does not say)", "a clock's resolution, as clock_getres gives it"),
    /** {@code CpuLocator.cpu()}. */
    CPU("cpu", Owner.CPU_LOCATOR, Unit.CPU, null, null,
            "unknown (-1)", "the CPU the calling thread runs on"),
    /** {@code CpuLocator.node()}. */
    NODE("node", Owner.CPU_LOCATOR, Unit.NODE, null, null,
            "unknown (-1)", "the NUMA node the calling thread runs on"),
    /** {@code CpuLocator.isSupported()}: 1 for true, 0 for false. */
    IS_SUPPORTED("isSupported", Owner.CPU_LOCATOR, Unit.BOOLEAN, null, null,
            "false: the JDK cannot tell the CPU", "whether cpu() and node() give real answers here"),
    /** {@code FastClock.clockStatus()}: the reader is a {@link StatusReader}. */
    CLOCK_STATUS("clockStatus", Owner.FAST_CLOCK, Unit.STATUS, null, null,
            "unknown: the JDK cannot tell", "whether the wall clock is synchronized, how far off it may be, a leap second pending");

    /** The class that declares a method. */
    public enum Owner {
        /** {@code dev.fastclock.FastClock}. */
        FAST_CLOCK("FastClock"),
        /** {@code dev.fastclock.CpuLocator}. */
        CPU_LOCATOR("CpuLocator");

        private final String simpleName;

        Owner(String simpleName) {
            this.simpleName = simpleName;
        }

        /** The class's simple name. @return it */
        public String simpleName() {
            return simpleName;
        }
    }

    /** What a method's {@code long} means. */
    public enum Unit {
        /** Nanoseconds. */
        NANOSECONDS("ns", 1),
        /** Microseconds. */
        MICROSECONDS("us", 1_000),
        /** Milliseconds. */
        MILLISECONDS("ms", 1_000_000),
        /** Whole seconds. */
        SECONDS("s", 1_000_000_000),
        /** Counter ticks: only differences, converted by {@code ticksToNanos}, mean anything. */
        TICKS("ticks", 0),
        /** Ticks per second. */
        TICKS_PER_SECOND("ticks/s", 0),
        /** A CPU number, from 0; -1 unknown. */
        CPU("cpu", 0),
        /** A NUMA node number, from 0; -1 unknown. */
        NODE("node", 0),
        /** 1 for true, 0 for false. */
        BOOLEAN("boolean", 0),
        /** The kernel's clock state ({@link Timex}); as a {@code long}, its {@link Timex#state()}. */
        STATUS("status", 0);

        private final String symbol;
        private final long nanos;

        Unit(String symbol, long nanos) {
            this.symbol = symbol;
            this.nanos = nanos;
        }

        /** A short symbol for reports and tables, such as {@code ns}. @return it */
        public String symbol() {
            return symbol;
        }

        /** Nanoseconds per unit for the time units, 0 for the others. @return them */
        public long nanos() {
            return nanos;
        }
    }

    /** The Linux clocks the catalogue reads, with their {@code clockid_t}. */
    public enum Clock {
        /** {@code CLOCK_REALTIME}. */
        REALTIME(0, true),
        /** {@code CLOCK_MONOTONIC}. */
        MONOTONIC(1, false),
        /** {@code CLOCK_MONOTONIC_RAW}. */
        MONOTONIC_RAW(4, false),
        /** {@code CLOCK_REALTIME_COARSE}. */
        REALTIME_COARSE(5, true),
        /** {@code CLOCK_MONOTONIC_COARSE}. */
        MONOTONIC_COARSE(6, false),
        /** {@code CLOCK_BOOTTIME}. */
        BOOTTIME(7, false),
        /** {@code CLOCK_TAI}. */
        TAI(11, true);

        private final int linuxId;
        private final boolean wall;

        Clock(int linuxId, boolean wall) {
            this.linuxId = linuxId;
            this.wall = wall;
        }

        /** The Linux {@code clockid_t}. @return it */
        public int linuxId() {
            return linuxId;
        }

        /** Whether it counts from the Unix epoch (else from an arbitrary origin, boot on Linux). @return true for the wall clocks */
        public boolean wall() {
            return wall;
        }

        /** Its name in C, such as {@code CLOCK_MONOTONIC}. @return it */
        public String cName() {
            return "CLOCK_" + name();
        }
    }

    private final String apiName;
    private final Owner owner;
    private final Unit unit;
    private final Clock clock;
    private final Method fallback;
    private final String jdkDetail;
    private final String description;
    private final Reader jdk;

    Method(String apiName, Owner owner, Unit unit, Clock clock, Method fallback, String jdkDetail, String description) {
        this.apiName = apiName;
        this.owner = owner;
        this.unit = unit;
        this.clock = clock;
        this.fallback = fallback;
        this.jdkDetail = jdkDetail;
        this.description = description;
        this.jdk = new JdkReader(jdkCode(clock, unit, apiName));
    }

    /** The JDK's answer, from the clock and unit; the few methods that are not clocks are named. */
    private static int jdkCode(Clock clock, Unit unit, String apiName) {
        if (clock != null) {
            if (!clock.wall()) {
                return JdkReader.NANO_TIME;
            }
            switch (unit) {
                case NANOSECONDS: return JdkReader.INSTANT_NANOS;
                case MICROSECONDS: return JdkReader.INSTANT_MICROS;
                case MILLISECONDS: return JdkReader.CURRENT_MILLIS;
                case SECONDS: return JdkReader.CURRENT_SECONDS;
                default: throw new IllegalArgumentException(apiName + ": a clock in " + unit);
            }
        }
        switch (apiName) {
            case "ticks": return JdkReader.NANO_TIME;
            case "ticksToNanos": return JdkReader.IDENTITY;
            case "ticksPerSecond": return JdkReader.NANOS_PER_SECOND;
            case "resolutionNanos": return JdkReader.RESOLUTION;
            case "cpu":
            case "node": return JdkReader.UNKNOWN;
            case "isSupported": return JdkReader.FALSE;
            case "clockStatus": return JdkReader.STATUS_UNKNOWN;
            default: throw new IllegalArgumentException(apiName + ": no JDK answer");
        }
    }

    /** The method's name, as in {@code FastClock.nanos()}: {@code nanos}. @return it */
    public String apiName() {
        return apiName;
    }

    /** The class that declares it. @return the owner */
    public Owner owner() {
        return owner;
    }

    /** What its result means. @return the unit */
    public Unit unit() {
        return unit;
    }

    /** The Linux clock it reads, or null for the methods that are not clock readings. @return the clock */
    public Clock clock() {
        return clock;
    }

    /**
     * What answers this method for a provider that does not serve it (one written before the method
     * existed): that method's plan, which the report marks as such; null where the JDK answers instead.
     *
     * @return the method, or null
     */
    public Method fallback() {
        return fallback;
    }

    /** What the JDK answers for it, and how that differs, for the report. @return one line */
    public String jdkDetail() {
        return jdkDetail;
    }

    /** One line on what it is. @return the description */
    public String description() {
        return description;
    }

    /**
     * The JDK's answer as a reader: what the {@code jdk} provider serves, what answers a call that comes
     * back while the choice is under way on the same thread, and what a provider may use for a failed
     * call. For {@link #TICKS} it is a {@link TickReader} whose ticks are nanoseconds, for
     * {@link #CLOCK_STATUS} a {@link StatusReader} that cannot tell.
     *
     * @return the reader; stateless
     */
    public Reader jdk() {
        return jdk;
    }

    /**
     * Whether a provider plans this method ({@link FastClockBackend#plan}); false for
     * {@link #TICKS_TO_NANOS} and {@link #TICKS_PER_SECOND}, which come with {@link #TICKS}'s plan.
     *
     * @return true if planned on its own
     */
    public boolean planned() {
        return this != TICKS_TO_NANOS && this != TICKS_PER_SECOND;
    }

    /** The method whose plan serves this one: itself, or {@link #TICKS} for the conversions. @return it */
    public Method plannedAs() {
        return planned() ? this : TICKS;
    }

    /** {@code Owner.apiName}, as in {@code FastClock.nanos}. @return it */
    public String qualifiedName() {
        return owner.simpleName() + "." + apiName;
    }

    /**
     * The row whose {@link #apiName()} is {@code name}.
     *
     * @param name a method name, such as {@code nanos}
     * @return the row
     * @throws IllegalArgumentException if no row has that name
     */
    public static Method ofApiName(String name) {
        for (Method m : values()) {
            if (m.apiName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no FastClock or CpuLocator method named " + name);
    }
}
