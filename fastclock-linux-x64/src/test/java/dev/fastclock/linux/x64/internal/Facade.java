package dev.fastclock.linux.x64.internal;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.Reader;
import dev.fastclock.spi.StatusReader;
import dev.fastclock.spi.TickReader;
import dev.fastclock.spi.Timex;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backend read the way FastClock reads it: each method through its plan's {@link Reader} (planning
 * it at the first read, as FastClock's first call does), with the argument FastClock passes. For the
 * tests that call methods by name; the per-method loops go over the catalogue ({@link Method}).
 *
 * @param backend the backend
 */
record Facade(FastClockBackend backend) {

    /** The plan of {@code m}, which every backend here must have (none answers through the SPI default). */
    Plan plan(Method m) {
        Plan p = backend.plan(m.plannedAs());
        assertNotNull(p, m.apiName() + " has a plan");
        return p;
    }

    /** The route {@code m} is planned on. */
    RouteId route(Method m) {
        return Failsafe.routeId(plan(m));
    }

    /** The plan's reader as the {@link Call} it is (every method planned on a route of a {@link Row}). */
    Call call(Method m) {
        Reader r = plan(m).reader();
        assertTrue(r instanceof Call, m.apiName() + "'s reader is a Call: " + r);
        return (Call) r;
    }

    Reader reader(Method m) {
        return plan(m).reader();
    }

    long nanos() {
        return reader(Method.NANOS).read(0);
    }

    long coarseNanos() {
        return reader(Method.COARSE_NANOS).read(0);
    }

    long epochNanos() {
        return reader(Method.EPOCH_NANOS).read(0);
    }

    long epochMicros() {
        return reader(Method.EPOCH_MICROS).read(0);
    }

    long epochMillis() {
        return reader(Method.EPOCH_MILLIS).read(0);
    }

    long coarseEpochMillis() {
        return reader(Method.COARSE_EPOCH_MILLIS).read(0);
    }

    long epochSeconds() {
        return reader(Method.EPOCH_SECONDS).read(0);
    }

    long bootNanos() {
        return reader(Method.BOOT_NANOS).read(0);
    }

    long rawNanos() {
        return reader(Method.RAW_NANOS).read(0);
    }

    long taiNanos() {
        return reader(Method.TAI_NANOS).read(0);
    }

    TickReader tickReader() {
        Reader r = reader(Method.TICKS);
        assertTrue(r instanceof TickReader, "ticks' reader converts its ticks: " + r);
        return (TickReader) r;
    }

    long ticks() {
        return tickReader().read(0);
    }

    long ticksToNanos(long ticks) {
        return tickReader().toNanos(ticks);
    }

    long ticksPerSecond() {
        return tickReader().perSecond();
    }

    long resolutionNanos(int linuxClockId) {
        return reader(Method.RESOLUTION).read(linuxClockId);
    }

    int cpu() {
        return (int) reader(Method.CPU).read(0);
    }

    int node() {
        return (int) reader(Method.NODE).read(0);
    }

    boolean isSupported() {
        long v = reader(Method.IS_SUPPORTED).read(0);
        assertTrue(v == 0 || v == 1, "isSupported is 0 or 1: " + v);
        return v == 1;
    }

    StatusReader statusReader() {
        Reader r = reader(Method.CLOCK_STATUS);
        assertTrue(r instanceof StatusReader, "clockStatus' reader is a StatusReader: " + r);
        return (StatusReader) r;
    }

    Timex timex() {
        return statusReader().timex();
    }
}
