package com.example.java17;

import dev.fastclock.SettableClock;
import dev.fastclock.UniqueClock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An application written for Java 17 that takes ids from {@link UniqueClock} (compiled with {@code --release 17} at
 * test time, so one build runs on Java 17 and on the build's JDK), printing {@code key=value} lines that the tests
 * read. With {@code -Duniqueids.epochNanos=T} (and {@code -Dfastclock.provider=settable}) the settable clock is set
 * to {@code T} first and stays there: every id then comes from the file's last slot.
 *
 * <pre>
 * open FILE HOST_ID [OWNER|GROUP]              ofHost, one id; prints opened=, id=, permissions=, or error.class=,
 *                                              error.message=
 * ids FILE HOST_ID THREADS CALLS OUT GO [PEER]  prints ready; when file GO exists, THREADS threads each take CALLS
 *                                              ids and write them to OUT-THREAD (little-endian longs); with PEER
 *                                              (another process's OUT), each thread's first id is followed by file
 *                                              OUT.started, and the rest wait for PEER.started: the two processes'
 *                                              ids then surely interleave, however the machine schedules them
 * hammer FILE HOST_ID THREADS LOG              THREADS threads take ids until killed, each writing its first ones
 *                                              into its part of the mapped file LOG; prints hammering once each has
 *                                              recorded some
 * truncated FILE GO                            one id; prints ready; when file GO exists (the test has truncated
 *                                              FILE), one more: prints error.class=, error.message=
 * truncated-hot FILE                           ids in a loop; prints hot once compiled code serves them, and goes on
 *                                              until a call fails (the test truncates FILE): prints error.class=,
 *                                              error.message=, calls.after=
 * </pre>
 * Then {@code probe=done}, exit code 0.
 */
public final class UniqueIds {

    /** Per thread, in {@code hammer}'s log. */
    static final int LOG_CAPACITY = 1 << 20;

    private UniqueIds() {
    }

    public static void main(String[] args) throws Exception {
        String frozen = System.getProperty("uniqueids.epochNanos");
        if (frozen != null) {
            SettableClock.installed().setEpochNanos(Long.parseLong(frozen));
        }
        switch (args[0]) {
            case "open":
                open(Path.of(args[1]), Integer.parseInt(args[2]), args.length > 3 ? UniqueClock.Sharing.valueOf(args[3]) : null);
                break;
            case "ids":
                ids(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), args[5], Path.of(args[6]),
                        args.length > 7 ? args[7] : null);
                break;
            case "hammer":
                hammer(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
                break;
            case "truncated":
                truncated(Path.of(args[1]), Path.of(args[2]));
                break;
            case "truncated-hot":
                truncatedHot(Path.of(args[1]));
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.out.println("probe=done");
    }

    private static void open(Path file, int hostId, UniqueClock.Sharing sharing) {
        try {
            UniqueClock clock = sharing == null ? UniqueClock.ofHost(file, hostId) : UniqueClock.ofHost(file, hostId, sharing);
            System.out.println("opened=" + clock);
            System.out.println("id=" + clock.epochNanos());
            System.out.println("permissions=" + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        } catch (Exception e) {
            System.out.println("error.class=" + e.getClass().getName());
            System.out.println("error.message=" + e.getMessage());
        }
    }

    private static void ids(Path file, int hostId, int threads, int calls, String out, Path go, String peer) throws Exception {
        UniqueClock clock = UniqueClock.ofHost(file, hostId);
        System.out.println("ready");
        awaitFile(go);
        long[][] ids = new long[threads][calls];
        List<Thread> started = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        java.util.concurrent.CountDownLatch firsts = new java.util.concurrent.CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            long[] mine = ids[t];
            Thread thread = new Thread(() -> {
                try {
                    mine[0] = clock.epochNanos();
                    if (peer != null) {
                        // Every later id of this process is taken after the peer's first: the runs interleave.
                        firsts.countDown();
                        firsts.await();
                        Files.write(Path.of(out + ".started"), new byte[0]);
                        awaitFile(Path.of(peer + ".started"));
                    }
                    for (int i = 1; i < calls; i++) {
                        mine[i] = clock.epochNanos();
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            }, "ids-" + t);
            thread.start();
            started.add(thread);
        }
        for (Thread t : started) {
            t.join();
        }
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
        for (int t = 0; t < threads; t++) {
            ByteBuffer b = ByteBuffer.allocate(calls * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(ids[t]);
            Files.write(Path.of(out + "-" + t), b.array());
        }
        System.out.println("done");
    }

    private static void hammer(Path file, int hostId, int threads, Path log) throws Exception {
        UniqueClock clock = UniqueClock.ofHost(file, hostId);
        MappedByteBuffer map;
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            map = ch.map(FileChannel.MapMode.READ_WRITE, 0, (long) threads * LOG_CAPACITY * 8);
        }
        ByteBuffer logged = map.order(ByteOrder.LITTLE_ENDIAN);
        int[] recorded = new int[threads];
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread thread = new Thread(() -> {
                int base = me * LOG_CAPACITY * 8;
                for (int i = 0; ; i++) {
                    long id = clock.epochNanos();
                    if (i < LOG_CAPACITY) {
                        // A shared mapping: what is written here is in the page cache when the process is killed.
                        logged.putLong(base + i * 8, id);
                        if (i == 10_000) {
                            synchronized (recorded) {
                                recorded[me] = 1;
                                recorded.notifyAll();
                            }
                        }
                    }
                }
            }, "hammer-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        synchronized (recorded) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sum(recorded) < threads && System.nanoTime() < deadline) {
                recorded.wait(100);
            }
        }
        System.out.println("hammering");
        Thread.sleep(60_000); // the test kills it long before
        System.out.println("not killed");
        System.exit(1);
    }

    private static void truncated(Path file, Path go) throws Exception {
        UniqueClock clock = UniqueClock.ofHost(file, 1);
        System.out.println("id=" + clock.epochNanos());
        System.out.println("ready");
        awaitFile(go);
        try {
            System.out.println("id.after=" + clock.epochNanos());
        } catch (Throwable e) {
            System.out.println("error.class=" + e.getClass().getName());
            System.out.println("error.message=" + e.getMessage());
        }
    }

    private static void truncatedHot(Path file) throws Exception {
        UniqueClock clock = UniqueClock.ofHost(file, 1);
        long calls = 0;
        long sum = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);
        try {
            while (true) {
                sum += clock.epochNanos();
                calls++;
                if (calls == 2_000_000) {
                    System.out.println("hot");
                    System.out.flush();
                }
                if ((calls & 0xffff) == 0 && System.nanoTime() > deadline) {
                    System.out.println("never failed");
                    return;
                }
            }
        } catch (Throwable e) {
            System.out.println("error.class=" + e.getClass().getName());
            System.out.println("error.message=" + e.getMessage());
            System.out.println("calls.after=" + (calls - 2_000_000));
            System.out.println("sum=" + sum);
        }
    }

    private static int sum(int[] a) {
        int s = 0;
        for (int x : a) {
            s += x;
        }
        return s;
    }

    private static void awaitFile(Path go) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(go)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no " + go + " after 60 s");
            }
            Thread.sleep(1);
        }
    }
}
