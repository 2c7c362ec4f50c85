package dev.fastclock.linux.x64.internal;

import java.util.Locale;

/**
 * The routes, as the planner knows them; the public {@code dev.fastclock.linux.x64.Route} maps onto
 * these by name (the provider's package depends on this one, never the other way: no package cycle).
 */
public enum RouteId {
    /** The kernel's vDSO functions. */
    VDSO,
    /** The C library's functions. */
    LIBC,
    /** The fixed x86-64 vsyscall page. */
    VSYSCALL,
    /** The CPU's time-stamp counter (ticks only). */
    TSC,
    /** The JDK's answers. */
    JDK;

    /** The system property that forces a route. */
    public static final String PROPERTY = "fastclock.route";

    /** The name in reports and in {@code -Dfastclock.route}: {@code vdso}, {@code libc}... @return it */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
