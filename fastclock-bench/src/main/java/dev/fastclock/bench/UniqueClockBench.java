package dev.fastclock.bench;

import dev.fastclock.FastClock;
import dev.fastclock.UniqueClock;
import net.openhft.chronicle.bytes.DistributedUniqueTimeProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 19: {@link UniqueClock} against Chronicle's {@code DistributedUniqueTimeProvider} (chronicle-bytes), the
 * unique clock users reach for, and against {@link FastClock#epochNanos()}, the clock read inside every call. One
 * thread, and two threads sharing each clock ({@code @Threads(2)}: the {@code ...TwoThreads} rows, whose ns/op is
 * per call on each thread).
 *
 * <p>Both shared-file clocks map a file in the same fresh directory (on {@code /dev/shm} where there is one), so
 * neither pays for a slower file system. Each clock is held in a field, as an application holds it. The
 * {@code perThread} rows are {@link PerThreadUniqueClock}, the no-shared-write prototype (weaker guarantees, see
 * there). Chronicle on JDK 25 needs the {@code --add-opens}/{@code --add-exports} below; its analytics are off.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
        "--enable-native-access=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED"})
public class UniqueClockBench {

    /** The same host id for both shared-file clocks. */
    private static final int HOST_ID = 7;

    private Path dir;
    private UniqueClock process;
    private UniqueClock host;
    private DistributedUniqueTimeProvider chronicle;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path shm = Path.of("/dev/shm");
        dir = Files.createTempDirectory(Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")),
                "unique-clock-bench-");
        // Read once by Chronicle's BytesUtil when it is first loaded, which is here.
        System.setProperty("timestamp.path", dir.resolve("chronicle-time-stamp.dat").toString());
        process = UniqueClock.ofProcess();
        try {
            host = UniqueClock.ofHost(dir.resolve("unique-clock"), HOST_ID);
            // Without the flags of @Fork on JDK 25 this throws: leave no directory behind then either.
            chronicle = DistributedUniqueTimeProvider.forHostId(HOST_ID);
        } catch (RuntimeException | IOException | Error e) {
            close();
            throw e;
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        if (chronicle != null) {
            chronicle.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The clock each unique clock reads, alone: the floor of every row below. */
    @Benchmark
    public long fastClockEpochNanos() {
        return FastClock.epochNanos();
    }

    @Benchmark
    public long processEpochNanos() {
        return process.epochNanos();
    }

    @Benchmark
    public long hostEpochNanos() {
        return host.epochNanos();
    }

    @Benchmark
    public long chronicleCurrentTimeNanos() {
        return chronicle.currentTimeNanos();
    }

    @Benchmark
    public long perThreadEpochNanos() {
        return PerThreadUniqueClock.epochNanos();
    }

    @Benchmark
    public long processEpochMicros() {
        return process.epochMicros();
    }

    @Benchmark
    public long hostEpochMicros() {
        return host.epochMicros();
    }

    @Benchmark
    public long chronicleCurrentTimeMicros() {
        return chronicle.currentTimeMicros();
    }

    @Benchmark
    @Threads(2)
    public long fastClockEpochNanosTwoThreads() {
        return FastClock.epochNanos();
    }

    @Benchmark
    @Threads(2)
    public long processEpochNanosTwoThreads() {
        return process.epochNanos();
    }

    @Benchmark
    @Threads(2)
    public long hostEpochNanosTwoThreads() {
        return host.epochNanos();
    }

    @Benchmark
    @Threads(2)
    public long chronicleCurrentTimeNanosTwoThreads() {
        return chronicle.currentTimeNanos();
    }

    @Benchmark
    @Threads(2)
    public long perThreadEpochNanosTwoThreads() {
        return PerThreadUniqueClock.epochNanos();
    }
}
