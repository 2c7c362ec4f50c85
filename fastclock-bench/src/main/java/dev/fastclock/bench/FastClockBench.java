package dev.fastclock.bench;

import dev.fastclock.ClockId;
import dev.fastclock.ClockStatus;
import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Every FastClock and CpuLocator method through the static facade, as users call it, once per route:
 * one {@code @Benchmark} per method of the catalogue ({@code dev.fastclock.spi.Method}), named as the
 * method, but {@code ticksToNanos}, measured as a timer uses it by {@link #ticksElapsed()}
 * ({@link BenchTable} names it; CatalogueWiringTest fails when a catalogue method has no benchmark here).
 *
 * <p>{@code route=default} is the provider's own choice per method (the headline rows);
 * {@code vdso}, {@code libc}, {@code vsyscall}, {@code tsc} and {@code jdk} force one route through
 * {@code -Dfastclock.route} for every method that route can serve (the others keep their default
 * route, so e.g. {@code nanos} under {@code vsyscall} measures the default route). A route that is
 * not available here fails its forks; the run goes on ({@code -foe false}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// A fresh JVM per route: the route is fixed at the first call of the JVM.
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FastClockBench {

    @Param({"default", "vdso", "libc", "vsyscall", "tsc", "jdk"})
    public String route;

    /** The clock {@link #resolutionNanos()} asks about. */
    private static final ClockId RESOLUTION_OF = ClockId.valueOf(BenchTable.RESOLUTION_CLOCK);

    /** A ticks() reading taken at set-up, so {@link #ticksElapsed()} converts a real difference. */
    private long startTicks;

    @Setup
    public void forceRoute() {
        Routes.force(route);
        startTicks = FastClock.ticks();
    }

    @Benchmark
    public long nanos() {
        return FastClock.nanos();
    }

    @Benchmark
    public long coarseNanos() {
        return FastClock.coarseNanos();
    }

    @Benchmark
    public long epochNanos() {
        return FastClock.epochNanos();
    }

    @Benchmark
    public long epochMicros() {
        return FastClock.epochMicros();
    }

    @Benchmark
    public long epochMillis() {
        return FastClock.epochMillis();
    }

    @Benchmark
    public long coarseEpochMillis() {
        return FastClock.coarseEpochMillis();
    }

    @Benchmark
    public long epochSeconds() {
        return FastClock.epochSeconds();
    }

    /** Not a hot-path method; here so that every method shows it allocates nothing. */
    @Benchmark
    public long resolutionNanos() {
        return FastClock.resolutionNanos(RESOLUTION_OF);
    }

    @Benchmark
    public long bootNanos() {
        return FastClock.bootNanos();
    }

    @Benchmark
    public long rawNanos() {
        return FastClock.rawNanos();
    }

    @Benchmark
    public long taiNanos() {
        return FastClock.taiNanos();
    }

    @Benchmark
    public long ticks() {
        return FastClock.ticks();
    }

    /** What a timer does with ticks: read, subtract a start, convert. */
    @Benchmark
    public long ticksElapsed() {
        return FastClock.ticksToNanos(FastClock.ticks() - startTicks);
    }

    /** A field read once ticks are planned. */
    @Benchmark
    public long ticksPerSecond() {
        return FastClock.ticksPerSecond();
    }

    @Benchmark
    public int cpu() {
        return CpuLocator.cpu();
    }

    @Benchmark
    public int node() {
        return CpuLocator.node();
    }

    @Benchmark
    public boolean isSupported() {
        return CpuLocator.isSupported();
    }

    /**
     * One {@code adjtimex} system call (modes = 0) and a new {@link ClockStatus}: allocates by design
     * (returned, so JMH's B/op is what a caller pays); not a hot-path read.
     */
    @Benchmark
    public ClockStatus clockStatus() {
        return FastClock.clockStatus();
    }
}
