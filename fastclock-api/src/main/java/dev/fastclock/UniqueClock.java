package dev.fastclock;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Event ids that are the time: each value is unique and greater than every value the same clock returned
 * before, and reads as the wall-clock time of the call.
 *
 * <p>Trading, messaging and event-sourced systems stamp each event with an id that is also its time. A
 * {@code UniqueClock} gives such ids in one call, allocation-free:
 * <ul>
 *   <li>{@link #ofProcess()}: unique and increasing across every thread of this JVM, at nanosecond grain.
 *       The ids are plain epoch nanoseconds.</li>
 *   <li>{@link #ofHost(Path, int)}: unique and increasing across every process on this host that uses the
 *       same file, with a host id (0 to {@value #MAX_HOST_ID}) in the two lowest decimal digits, so ids from
 *       up to 100 hosts never collide and each still reads as epoch nanoseconds to within 100 ns. Decode
 *       them with {@link #epochNanosOf(long)} and {@link #hostIdOf(long)}.</li>
 * </ul>
 *
 * <p>The clock is {@link FastClock#epochNanos()} ({@code CLOCK_REALTIME}), read once inside each call. A
 * value is never below that reading, taken down to the clock's grain. When calls come faster than the
 * grain (more than one a nanosecond in a process, more than one every 100 ns on a host), or when the wall clock
 * steps back (NTP, an operator, a {@link SettableClock} set back), the clock hands out the next free
 * value instead: it runs ahead of the wall clock as far as the burst needs, never repeats or decreases,
 * and falls back to the wall clock as soon as that overtakes it.
 *
 * <p>Each call reads the clock and updates one shared word with an atomic instruction (a compare-and-set,
 * or a fetch-and-add when the clock is behind the last value): about the cost of
 * {@link FastClock#epochNanos()} plus one uncontended atomic, more when threads contend for the word. The
 * README has the measured figures beside Chronicle's {@code DistributedUniqueTimeProvider}.
 *
 * <p>Instances are thread-safe and safe on virtual threads (no locks, no blocking).
 */
public abstract class UniqueClock {

    /** The largest host id: host ids are 0 to 99, the two lowest decimal digits of an {@link #ofHost} id. */
    public static final int MAX_HOST_ID = 99;

    /** Ids of {@link #ofHost} carry the host id in their value modulo this. */
    static final int HOST_IDS = MAX_HOST_ID + 1;

    /**
     * {@link #epochMicros()} reserves this many of the clock's slots per value: one microsecond of nanosecond
     * slots in a process, 100 microseconds of 100-ns slots on a host. Both methods of one clock then share
     * one sequence, so their values are ordered against each other too.
     */
    static final long SLOTS_PER_MICROS_VALUE = 1000;

    UniqueClock() {
    }

    /**
     * The clock whose values are unique and increasing across every thread of this JVM: one instance per
     * JVM (per class loader that loads FastClock).
     *
     * <p>{@link #epochNanos()} gives epoch nanoseconds at 1 ns grain (no host id: the value is the time
     * itself), {@link #epochMicros()} epoch microseconds at 1 µs grain. Values are unique within this
     * process only: two processes can return the same value; use {@link #ofHost(Path, int)} across
     * processes.
     *
     * @return the process-wide unique clock
     */
    public static UniqueClock ofProcess() {
        return ProcessClock.INSTANCE;
    }

    /**
     * A clock whose values are unique and increasing across every process on this host that uses the same
     * file, with {@code hostId} in their two lowest decimal digits; the file is created readable and
     * writable by its owner only ({@link Sharing#OWNER}).
     *
     * @param file   the file the processes share, created if absent; on a local file system (tmpfs such as
     *               {@code /dev/shm} is ideal), in a directory that only its users can write
     * @param hostId this host's id, 0 to {@value #MAX_HOST_ID}; different on every host whose ids may meet
     * @return a clock on that file; keep it (each call maps the file again)
     * @throws IllegalArgumentException if {@code hostId} is outside 0 to {@value #MAX_HOST_ID}
     * @throws IOException with a message naming the file and the reason, if it cannot be created, opened or
     *                     mapped, is not a regular file, belongs to another user, can be written by its group
     *                     or by others, is too short, or is not this format (magic header and version)
     * @see #ofHost(Path, int, Sharing)
     */
    public static UniqueClock ofHost(Path file, int hostId) throws IOException {
        return ofHost(file, hostId, Sharing.OWNER);
    }

    /**
     * A clock whose values are unique and increasing across every process on this host that uses the same
     * file, with {@code hostId} in their two lowest decimal digits.
     *
     * <p>The file holds a 64-byte header (magic {@code FCUNIQID}, version 1) and the last slot handed out,
     * one 8-byte word that every call updates atomically through a shared memory mapping. A process killed
     * in the middle of a call leaves the file consistent: the word changes in one atomic instruction or not
     * at all. An empty file, or one whose header is all zeros (a creator killed before writing it), is set
     * up as a new one; its last slot is kept.
     *
     * <p>Whoever can write the file can push every id into the future or make ids repeat, so it is
     * created with exactly the permissions {@code sharing} names (whatever the umask) and an existing file
     * is refused if anyone else could write it: {@link Sharing#OWNER} wants a file of this user, writable
     * by no one else; {@link Sharing#GROUP} a file writable by its owner and group only.
     *
     * <p>If another process truncates the file while it is mapped, the JVM does not crash: HotSpot turns
     * the fault into an {@link InternalError}, which the clock rethrows as an {@link IllegalStateException}
     * naming the file. In compiled code HotSpot may deliver that error just after the call instead, as
     * the {@code InternalError} itself, and the value that call returned is not recorded in the file.
     * Every later call fails the same way: a truncated file is the end of that clock.
     *
     * @param file    the file the processes share, created if absent; on a local file system (tmpfs such as
     *                {@code /dev/shm} is ideal), in a directory that only its users can write
     * @param hostId  this host's id, 0 to {@value #MAX_HOST_ID}; different on every host whose ids may meet
     * @param sharing who may use the file: its owner only, or its group too
     * @return a clock on that file; keep it (each call maps the file again)
     * @throws IllegalArgumentException if {@code hostId} is outside 0 to {@value #MAX_HOST_ID}
     * @throws IOException with a message naming the file and the reason, if it cannot be created, opened or
     *                     mapped, is not a regular file, is on a file system without POSIX permissions, belongs
     *                     to another user ({@link Sharing#OWNER}), can be written by users {@code sharing} does
     *                     not name, is too short, or is not this format (magic header and version)
     */
    public static UniqueClock ofHost(Path file, int hostId, Sharing sharing) throws IOException {
        if (hostId < 0 || hostId > MAX_HOST_ID) {
            throw new IllegalArgumentException("hostId must be 0 to " + MAX_HOST_ID + ": " + hostId);
        }
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sharing, "sharing");
        return new HostClock(file, hostId, UniqueClockFile.open(file, sharing));
    }

    /**
     * A unique id that is the time in nanoseconds since the Unix epoch ({@code CLOCK_REALTIME}): greater
     * than every value this clock returned before, to any thread (and, for {@link #ofHost}, to any process
     * sharing its file), and never below {@link FastClock#epochNanos()} read inside this call, at the clock's
     * grain. The grain is 1 ns for {@link #ofProcess()}; for {@link #ofHost} it is 100 ns and the host id
     * is added in the two lowest decimal digits. Also greater than {@code 1000 * v + 999} for every value
     * {@code v} {@link #epochMicros()} returned before.
     *
     * @return the id, in epoch nanoseconds
     * @throws IllegalStateException if the clock has reached the end of a {@code long} (year 2262), or for
     *                               {@link #ofHost}, if its file was truncated while mapped
     */
    public abstract long epochNanos();

    /**
     * A unique id that is the time in microseconds since the Unix epoch: as {@link #epochNanos()}, in
     * microseconds. The grain is 1 µs for {@link #ofProcess()}; for {@link #ofHost} it is 100 µs (the
     * host id takes the two lowest decimal digits), so at most 10,000 values a second come without running
     * ahead of the wall clock: prefer {@link #epochNanos()} for more. Each value reserves its whole grain
     * in the clock's one sequence: {@code 1000 * value} is greater than every {@link #epochNanos()} value
     * returned before.
     *
     * @return the id, in epoch microseconds
     * @throws IllegalStateException as {@link #epochNanos()}
     */
    public abstract long epochMicros();

    /**
     * The time of an {@link #ofHost} {@link #epochNanos()} id: the id without its host id, in nanoseconds
     * since the Unix epoch, at 100 ns grain. An {@link #ofProcess()} id is already the time; this gives it
     * to within 100 ns.
     *
     * @param id an id from {@link #epochNanos()}
     * @return epoch nanoseconds, a multiple of 100
     */
    public static long epochNanosOf(long id) {
        return id - Math.floorMod(id, HOST_IDS);
    }

    /**
     * The time of an {@link #ofHost} {@link #epochMicros()} id: the id without its host id, in microseconds
     * since the Unix epoch, at 100 µs grain.
     *
     * @param id an id from {@link #epochMicros()}
     * @return epoch microseconds, a multiple of 100
     */
    public static long epochMicrosOf(long id) {
        return id - Math.floorMod(id, HOST_IDS);
    }

    /**
     * The host id of an {@link #ofHost} id (from {@link #epochNanos()} or {@link #epochMicros()}): its two
     * lowest decimal digits. Meaningless for an {@link #ofProcess()} id.
     *
     * @param id an id from an {@link #ofHost} clock
     * @return the host id, 0 to {@value #MAX_HOST_ID}
     */
    public static int hostIdOf(long id) {
        return Math.floorMod(id, HOST_IDS);
    }

    /** Who may use an {@link #ofHost(Path, int, Sharing)} file besides its owner. */
    public enum Sharing {
        /**
         * The owner only: created {@code rw-------}; an existing file must belong to this process's user and
         * be writable by no one else.
         */
        OWNER,
        /**
         * The owner and the file's group: created {@code rw-rw----}, in the creating process's group (or the
         * directory's, if it is set-group-id); an existing file may belong to another user but must not be
         * writable by others.
         */
        GROUP
    }

    /** The end of the sequence: a value that would not fit in a {@code long}. */
    static IllegalStateException endOfRange(Object where) {
        return new IllegalStateException("UniqueClock " + where + ": the last value is at the end of a long (year 2262);"
                + " no greater value can be given");
    }

    /**
     * The one process-wide clock. The last value handed out (a nanosecond) sits in a static final array
     * with 7 longs either side, alone on its cache line; the JIT folds the array and its bounds.
     */
    private static final class ProcessClock extends UniqueClock {

        static final ProcessClock INSTANCE = new ProcessClock();

        private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
        private static final long[] LAST = new long[15];
        private static final int AT = 7;
        /** Below this a fetch-and-add cannot wrap, however many threads race past the check. */
        private static final long LIMIT = Long.MAX_VALUE - (1L << 32);

        @Override
        public long epochNanos() {
            long now = FastClock.epochNanos();
            long last = (long) CELLS.getVolatile(LAST, AT);
            while (now > last) {
                long witness = (long) CELLS.compareAndExchange(LAST, AT, last, now);
                if (witness == last) {
                    return now;
                }
                last = witness;
            }
            // The clock is at or behind the last value: take the next one. A fetch-and-add never fails,
            // so threads racing ahead of the clock do not retry.
            if (last >= LIMIT) {
                throw endOfRange(this);
            }
            return (long) CELLS.getAndAdd(LAST, AT, 1L) + 1;
        }

        @Override
        public long epochMicros() {
            long nowMicros = Math.floorDiv(FastClock.epochNanos(), SLOTS_PER_MICROS_VALUE);
            long last = (long) CELLS.getVolatile(LAST, AT);
            while (true) {
                long micros = Math.max(nowMicros, Math.floorDiv(last, SLOTS_PER_MICROS_VALUE) + 1);
                if (micros >= LIMIT / SLOTS_PER_MICROS_VALUE) {
                    throw endOfRange(this);
                }
                // Reserve the whole microsecond, so that later nanosecond values are above it.
                long end = micros * SLOTS_PER_MICROS_VALUE + SLOTS_PER_MICROS_VALUE - 1;
                long witness = (long) CELLS.compareAndExchange(LAST, AT, last, end);
                if (witness == last) {
                    return micros;
                }
                last = witness;
            }
        }

        @Override
        public String toString() {
            return "UniqueClock.ofProcess()";
        }
    }

    /**
     * A clock on a shared file: the last 100-ns slot handed out is a little-endian word of the mapped file,
     * updated atomically through a byte-buffer view {@link VarHandle} (Java 17: no FFM here).
     */
    private static final class HostClock extends UniqueClock {

        private static final VarHandle WORD = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final int STATE = UniqueClockFile.STATE_OFFSET;
        /** Slots up to this give ids that fit in a long, with room for racing fetch-and-adds. */
        private static final long LIMIT = (Long.MAX_VALUE - MAX_HOST_ID) / HOST_IDS - (1L << 32);

        private final ByteBuffer map;
        private final int hostId;
        private final Path file;

        HostClock(Path file, int hostId, ByteBuffer map) {
            this.file = file;
            this.hostId = hostId;
            this.map = map;
        }

        @Override
        public long epochNanos() {
            long nowSlot = Math.floorDiv(FastClock.epochNanos(), HOST_IDS);
            try {
                long last = (long) WORD.getVolatile(map, STATE);
                while (nowSlot > last) {
                    if (nowSlot >= LIMIT) {
                        throw endOfRange(this);
                    }
                    long witness = (long) WORD.compareAndExchange(map, STATE, last, nowSlot);
                    if (witness == last) {
                        return nowSlot * HOST_IDS + hostId;
                    }
                    last = witness;
                }
                if (last >= LIMIT) {
                    throw endOfRange(this);
                }
                return ((long) WORD.getAndAdd(map, STATE, 1L) + 1) * HOST_IDS + hostId;
            } catch (InternalError e) {
                throw faulted(e);
            }
        }

        @Override
        public long epochMicros() {
            long nowValue = Math.floorDiv(FastClock.epochNanos(), HOST_IDS * SLOTS_PER_MICROS_VALUE);
            try {
                long last = (long) WORD.getVolatile(map, STATE);
                while (true) {
                    long value = Math.max(nowValue, Math.floorDiv(last, SLOTS_PER_MICROS_VALUE) + 1);
                    if (value >= LIMIT / SLOTS_PER_MICROS_VALUE) {
                        throw endOfRange(this);
                    }
                    long end = value * SLOTS_PER_MICROS_VALUE + SLOTS_PER_MICROS_VALUE - 1;
                    long witness = (long) WORD.compareAndExchange(map, STATE, last, end);
                    if (witness == last) {
                        return value * HOST_IDS + hostId;
                    }
                    last = witness;
                }
            } catch (InternalError e) {
                throw faulted(e);
            }
        }

        /** HotSpot's answer to a SIGBUS in a mapped access (the file shrank under the mapping), named. */
        private IllegalStateException faulted(InternalError e) {
            return new IllegalStateException("UniqueClock file " + file + ": a fault occurred in the mapped file"
                    + " (did another process truncate it?); no further ids can be given from it", e);
        }

        @Override
        public String toString() {
            return "UniqueClock.ofHost(" + file + ", " + hostId + ")";
        }
    }
}
