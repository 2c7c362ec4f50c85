package dev.fastclock.spi;

import java.time.Instant;
import java.util.List;

/**
 * The pure-Java backend of the {@code jdk} provider: {@link System#nanoTime()},
 * {@link System#currentTimeMillis()} and {@link Instant}, with the CPU unknown. It works on every
 * OS and CPU and never needs native access. Providers may delegate to it for methods they cannot
 * serve.
 *
 * <p>The JDK has no coarse, boot, raw or TAI clock, so those answer from the nearest clock it has,
 * and {@link #routes()} says how each differs: {@code coarseNanos} and {@code coarseEpochMillis} are
 * exact (not cheaper); {@code bootNanos} is {@code System.nanoTime()} and so does not count time
 * suspended; {@code rawNanos} is {@code System.nanoTime()}, which NTP slews; {@code taiNanos} is
 * {@code epochNanos} with a TAI offset of 0. Ticks are nanoseconds. {@link #epochNanos()} and
 * {@link #epochMicros()} read {@link Instant#now()}, whose {@code Instant} escape analysis normally
 * removes once the call is inlined. No static state: nothing to initialize, so nothing that can fail
 * at first use.
 */
public final class SystemClockBackend implements FastClockBackend {

    /** The backend; stateless. */
    public SystemClockBackend() {
    }

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public long coarseNanos() {
        return System.nanoTime();
    }

    @Override
    public long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public long epochMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public long coarseEpochMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public long epochSeconds() {
        return Math.floorDiv(System.currentTimeMillis(), 1_000L);
    }

    /** Returns 1 ns for every clock but {@code CLOCK_REALTIME_COARSE} (5), which is served in milliseconds. */
    @Override
    public long resolutionNanos(int linuxClockId) {
        return linuxClockId == 5 ? 1_000_000L : 1L;
    }

    /** {@link System#nanoTime()}: without the time the system was suspended. */
    @Override
    public long bootNanos() {
        return System.nanoTime();
    }

    /** {@link System#nanoTime()}: NTP's rate corrections included. */
    @Override
    public long rawNanos() {
        return System.nanoTime();
    }

    /** {@link #epochNanos()}: a TAI offset of 0. */
    @Override
    public long taiNanos() {
        return epochNanos();
    }

    /** Returns -1: the JDK cannot tell. */
    @Override
    public int cpu() {
        return -1;
    }

    /** Returns -1: the JDK cannot tell. */
    @Override
    public int node() {
        return -1;
    }

    /** Returns false. */
    @Override
    public boolean isSupported() {
        return false;
    }

    @Override
    public List<MethodRoute> routes() {
        return List.of(
                jdk("nanos", "System.nanoTime()"),
                jdk("coarseNanos", "System.nanoTime() (the JDK has no coarse clock: exact, not cheaper)"),
                jdk("epochNanos", "Instant.now()"),
                jdk("epochMicros", "Instant.now()"),
                jdk("epochMillis", "System.currentTimeMillis()"),
                jdk("coarseEpochMillis", "System.currentTimeMillis() (the JDK has no coarse clock)"),
                jdk("epochSeconds", "System.currentTimeMillis() / 1000"),
                jdk("resolutionNanos", "1 ns, 1 ms for REALTIME_COARSE (the JDK does not say)"),
                jdk("bootNanos", "System.nanoTime(): CLOCK_MONOTONIC, without the time suspended"),
                jdk("rawNanos", "System.nanoTime(): CLOCK_MONOTONIC, with NTP's rate corrections"),
                jdk("taiNanos", "Instant.now(): CLOCK_REALTIME, a TAI offset of 0 assumed"),
                jdk("ticks", "System.nanoTime(): one tick is one nanosecond"),
                jdk("cpu", "unknown (-1)"),
                jdk("node", "unknown (-1)"));
    }

    private static MethodRoute jdk(String method, String detail) {
        return new MethodRoute(method, "jdk", detail, List.of());
    }

    @Override
    public String toString() {
        return "SystemClockBackend";
    }
}
