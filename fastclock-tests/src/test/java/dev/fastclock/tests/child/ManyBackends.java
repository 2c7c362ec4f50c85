package dev.fastclock.tests.child;

import dev.fastclock.linux.x64.LinuxX64Provider;
import dev.fastclock.linux.x64.Route;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.StatusReader;
import dev.fastclock.spi.TickReader;

import java.util.List;

/**
 * A child program for issue "Linux provider, second design" (native hygiene: at most one stub page per process,
 * shared by every route, and {@code backend(Route)} without a page per call): uses the static facade, then builds
 * {@code LinuxX64Provider.backend()} and {@code backend(Route)} for every route three times each, reading every
 * method of the catalogue from each. A test runs it under strace and counts the pages made executable.
 *
 * <p>Prints {@code backends=N} (backends built), {@code failed=} (routes this machine lacks, each
 * {@code unavailable=ROUTE: why}) and {@code probe=done}.
 */
public final class ManyBackends {

    private ManyBackends() {
    }

    public static void main(String[] args) {
        for (Method m : Truth.METHODS) {
            Truth.call(m);
        }
        int built = 0;
        int failed = 0;
        for (int round = 0; round < 3; round++) {
            read(LinuxX64Provider.backend());
            built++;
            for (Route r : List.of(Route.VDSO, Route.LIBC, Route.VSYSCALL, Route.TSC, Route.JDK)) {
                try {
                    read(LinuxX64Provider.backend(r));
                    built++;
                } catch (IllegalStateException e) {
                    failed++;
                    if (round == 0) {
                        System.out.println("unavailable=" + r.id() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
                    }
                }
            }
        }
        System.out.println("backends=" + built);
        System.out.println("failed=" + failed);
        System.out.println("probe=done");
    }

    /** Plans every method of the catalogue on {@code b} and reads each plan's reader. */
    private static void read(FastClockBackend b) {
        long sum = 0;
        for (Method m : Method.values()) {
            if (!m.planned()) {
                continue;
            }
            Plan p = b.plan(m);
            sum += p.reader().read(m == Method.RESOLUTION ? 1 : 0);
            if (p.reader() instanceof TickReader t) {
                sum += t.toNanos(1_000) + t.perSecond();
            }
            if (p.reader() instanceof StatusReader s) {
                sum += s.timex().state();
            }
        }
        if (sum == 42) {
            System.out.println("unlikely");
        }
    }
}
