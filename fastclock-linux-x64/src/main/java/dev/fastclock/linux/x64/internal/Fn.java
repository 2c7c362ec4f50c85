package dev.fastclock.linux.x64.internal;

/**
 * The C functions (and the one instruction) a route may offer, each with how it is called through
 * the hot shape: directly, or through one of the {@link Stubs}.
 */
enum Fn {
    CLOCK_GETTIME("clock_gettime", Stubs.Shape.CLOCK, -1),
    CLOCK_GETRES("clock_getres", Stubs.Shape.CLOCK, -1),
    GETTIMEOFDAY("gettimeofday", Stubs.Shape.TIMEVAL, 0x000),
    TIME("time", null, 0x400),
    GETCPU("getcpu", Stubs.Shape.GETCPU, 0x800),
    SCHED_GETCPU("sched_getcpu", null, -1),
    /** The CPU's time-stamp counter: an instruction in a stub, no function. */
    RDTSC("rdtsc", Stubs.Shape.TSC, -1),
    /** The kernel's NTP state, read with {@code modes} 0: libc only, called with a shape of its own. */
    ADJTIMEX("adjtimex", null, -1);

    final String cName;
    /** The stub that calls it, or null when it is called directly (it answers in a register). */
    final Stubs.Shape stub;
    /** Its entry on the vsyscall page, or -1 where the page has none. */
    final long vsyscallOffset;

    Fn(String cName, Stubs.Shape stub, long vsyscallOffset) {
        this.cName = cName;
        this.stub = stub;
        this.vsyscallOffset = vsyscallOffset;
    }
}
