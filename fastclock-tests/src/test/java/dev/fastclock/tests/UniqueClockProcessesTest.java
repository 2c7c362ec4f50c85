package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fastclock.UniqueClock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: {@link UniqueClock#ofHost(Path, int)} across real processes (child JVMs running
 * {@code com.example.java17.UniqueIds}, an application compiled for Java 17): two processes of two threads sharing
 * one file, one of them on Java 17 where one is installed; a process killed in the middle of its calls; each bad
 * file and argument; the permissions of a new file whatever the umask; and a file truncated while mapped.
 */
class UniqueClockProcessesTest {

    private static final String HOST_ID = "42";
    /** A wall clock that never moves ({@code -Dfastclock.provider=settable}): every id then comes from the file. */
    private static final long FROZEN = 1_900_000_000_000_000_000L;
    private static final String NATIVE = "--enable-native-access=ALL-UNNAMED";

    @TempDir
    Path dir;

    @Test
    void twoProcessesOfTwoThreadsSharingOneFileNeverRepeatAnIdAndEachThreadsIdsIncrease() throws IOException {
        Path file = dir.resolve("ids.uniqueclock");
        Path go = dir.resolve("go");
        int calls = 1_000_000;
        OlderJava.Search older = OlderJava.find();
        ChildJvm first = Java17Programs.uniqueIds().jvmArgs(NATIVE);
        // The second process on Java 17 where there is one: the file is the same to both runtimes.
        ChildJvm second = older.runtime().isPresent() ? Java17Programs.uniqueIds().java(older.runtime().get().java())
                : Java17Programs.uniqueIds().jvmArgs(NATIVE);
        ChildJvm.Running a = first.args("ids", file.toString(), HOST_ID, "2", Integer.toString(calls), dir.resolve("a").toString(),
                go.toString(), dir.resolve("b").toString()).start();
        ChildJvm.Running b = second.args("ids", file.toString(), HOST_ID, "2", Integer.toString(calls), dir.resolve("b").toString(),
                go.toString(), dir.resolve("a").toString()).start();
        a.awaitLine("ready");
        b.awaitLine("ready");
        Files.createFile(go);
        a.finish().assertSuccess();
        b.finish().assertSuccess();

        List<long[]> threads = List.of(read(dir.resolve("a-0")), read(dir.resolve("a-1")), read(dir.resolve("b-0")),
                read(dir.resolve("b-1")));
        for (long[] ids : threads) {
            assertEquals(calls, ids.length);
            assertIncreasing(ids);
            for (long id : ids) {
                if (UniqueClock.hostIdOf(id) != 42) {
                    fail("host id " + UniqueClock.hostIdOf(id) + " in " + id);
                }
            }
        }
        assertAllDistinct(threads);
        // The processes really ran at once (each took its later ids after the other's first, by the handshake): their
        // ids interleave, else this would prove nothing about sharing.
        long[] ofA = merged(threads.subList(0, 2));
        long[] ofB = merged(threads.subList(2, 4));
        assertTrue(Math.max(ofA[0], ofB[0]) < Math.min(ofA[ofA.length - 1], ofB[ofB.length - 1]),
                "the two processes' ids do not overlap in time: they did not run at once ("
                        + older.runtime().map(Object::toString).orElse("both on the build's JDK") + ")");
    }

    @Test
    void aProcessKilledInTheMiddleOfItsCallsLeavesTheFileRightForTheNext() throws IOException {
        Path file = dir.resolve("killed.uniqueclock");
        Path log = dir.resolve("killed.log");
        ChildJvm.Running a = Java17Programs.uniqueIds().jvmArgs(NATIVE, "-Dfastclock.provider=settable", "-Duniqueids.epochNanos=" + FROZEN)
                .args("hammer", file.toString(), HOST_ID, "2", log.toString()).start();
        a.awaitLine("hammering");
        ChildJvm.Result killed = a.kill(); // SIGKILL, while both threads are taking ids
        assertNotEquals(0, killed.exitCode(), killed::toString);
        assertFalse(killed.stdout().contains("not killed"), killed::toString);

        // What the killed process had handed out (each thread's first ids, as far as it got).
        ByteBuffer logged = ByteBuffer.wrap(Files.readAllBytes(log)).order(ByteOrder.LITTLE_ENDIAN);
        int capacity = logged.capacity() / 8 / 2;
        long lastOfKilled = Long.MIN_VALUE;
        List<long[]> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < capacity && logged.getLong((t * capacity + i) * 8) != 0; i++) {
                ids.add(logged.getLong((t * capacity + i) * 8));
            }
            assertTrue(ids.size() > 10_000, () -> "the killed process recorded only " + ids.size() + " ids");
            long[] array = ids.stream().mapToLong(Long::longValue).toArray();
            assertIncreasing(array);
            threads.add(array);
            lastOfKilled = Math.max(lastOfKilled, array[array.length - 1]);
        }
        // The frozen clock: every id past the first came from the file, so a lost or torn word would show.
        assertTrue(lastOfKilled > FROZEN + 10_000L * 100, "ids from the file's last slot, far ahead of the frozen clock");

        byte[] bytes = Files.readAllBytes(file);
        assertEquals("FCUNIQID", new String(bytes, 0, 8, StandardCharsets.US_ASCII), "the header is intact");
        long slot = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(64);
        assertTrue(slot >= lastOfKilled / 100, "the last slot covers every id the killed process returned");

        // The next process, same frozen clock: on from where the killed one stopped.
        Path go = Files.createFile(dir.resolve("go"));
        Java17Programs.uniqueIds().jvmArgs(NATIVE, "-Dfastclock.provider=settable", "-Duniqueids.epochNanos=" + FROZEN)
                .args("ids", file.toString(), HOST_ID, "2", "100000", dir.resolve("next").toString(), go.toString()).run().assertSuccess();
        for (int t = 0; t < 2; t++) {
            long[] next = read(dir.resolve("next-" + t));
            assertIncreasing(next);
            assertTrue(next[0] > lastOfKilled, "after the killed process: " + next[0] + " > " + lastOfKilled);
            threads.add(next);
        }
        assertAllDistinct(threads);
    }

    @Test
    void aHostIdOutsideZeroToNinetyNineIsRefused() {
        Path file = dir.resolve("never");
        for (String hostId : List.of("-1", "100")) {
            ChildJvm.Result r = open(file, hostId);
            assertEquals(IllegalArgumentException.class.getName(), r.value("error.class"), r::toString);
            assertEquals("hostId must be 0 to 99: " + hostId, r.value("error.message"), r::toString);
        }
        assertFalse(Files.exists(file), "no file made for a refused host id");
    }

    @Test
    void aFileOfAnotherFormatIsRefused() throws IOException {
        Path file = ownerOnly(dir.resolve("other"), "this is somebody else's data, not ids".repeat(4).getBytes(StandardCharsets.US_ASCII));
        assertRefused(open(file, HOST_ID), file, "not a UniqueClock file: its first bytes are \"this is \", not the magic FCUNIQID");
        assertEquals("this is", new String(Files.readAllBytes(file), 0, 7, StandardCharsets.US_ASCII), "left as it was");
    }

    @Test
    void anotherVersionIsRefused() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        b.put("FCUNIQID".getBytes(StandardCharsets.US_ASCII)).putInt(2).putInt(64).putLong(100);
        Path file = ownerOnly(dir.resolve("v2"), b.array());
        assertRefused(open(file, HOST_ID), file, "UniqueClock file version 2; this FastClock reads version 1");
    }

    @Test
    void aFileTooShortIsRefused() throws IOException {
        Path file = ownerOnly(dir.resolve("short"), "0123456789".getBytes(StandardCharsets.US_ASCII));
        assertRefused(open(file, HOST_ID), file, "too short: 10 bytes where a UniqueClock file has 128 (not a UniqueClock file, or truncated)");
    }

    @Test
    void anotherUsersFileIsRefused() throws IOException {
        Path file;
        String owner;
        if (isRoot()) {
            UserPrincipal nobody;
            try {
                nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            } catch (IOException e) {
                nobody = null;
            }
            assumeTrue(nobody != null, "running as root, and there is no user nobody to give a file to");
            file = ownerOnly(dir.resolve("theirs"), new byte[0]);
            Files.setOwner(file, nobody);
            owner = "nobody";
        } else {
            // Not root: a file this user cannot make can still be found; it is refused before it is opened.
            file = Path.of("/etc/passwd");
            assumeTrue(Files.isRegularFile(file), "no root-owned file to try");
            owner = Files.getOwner(file).getName();
        }
        ChildJvm.Result r = open(file, HOST_ID);
        assertEquals("java.nio.file.AccessDeniedException", r.value("error.class"), r::toString);
        assertTrue(r.value("error.message").startsWith(file + ": it belongs to " + owner + ", not to this process's user"), r::toString);
        if (isRoot()) {
            assertEquals(0, Files.size(file), "left as it was");
        }
    }

    @Test
    void aFileOthersCanWriteIsRefused() throws IOException {
        Path group = ownerOnly(dir.resolve("group-writable"), new byte[0]);
        Files.setPosixFilePermissions(group, PosixFilePermissions.fromString("rw-rw----"));
        ChildJvm.Result r = open(group, HOST_ID);
        assertEquals("java.nio.file.AccessDeniedException", r.value("error.class"), r::toString);
        assertTrue(r.value("error.message").startsWith(group + ": its group can write it (rw-rw----); open it with Sharing.GROUP"), r::toString);
        assertEquals("rw-rw----", open(group, HOST_ID, "GROUP").value("permissions"), "shared with the group: fine");

        Path anyone = ownerOnly(dir.resolve("world-writable"), new byte[0]);
        Files.setPosixFilePermissions(anyone, PosixFilePermissions.fromString("rw-rw-rw-"));
        for (String sharing : List.of("OWNER", "GROUP")) {
            ChildJvm.Result w = open(anyone, HOST_ID, sharing);
            assertEquals("java.nio.file.AccessDeniedException", w.value("error.class"), w::toString);
            assertTrue(w.value("error.message").startsWith(anyone + ": anyone can write it (rw-rw-rw-)"), w::toString);
        }
    }

    @Test
    void aDirectoryOrAPlaceThatCannotBeCreatedIsRefused() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        assertRefused(open(directory, HOST_ID), directory, "not a regular file");

        Path nowhere = dir.resolve("no-such-directory").resolve("ids");
        assertRefused(open(nowhere, HOST_ID), nowhere, "cannot create it: its directory " + nowhere.getParent() + " does not exist");
    }

    @Test
    void aNewFileHasExactlyTheAskedPermissionsWhateverTheUmask() {
        // A umask that takes everything from the group: the group file must still be group-writable.
        Path group = dir.resolve("group");
        ChildJvm.Result g = Java17Programs.uniqueIds().jvmArgs(NATIVE).prefix("sh", "-c", "umask 077 && exec \"$@\"", "sh")
                .args("open", group.toString(), HOST_ID, "GROUP").run().assertSuccess();
        assertEquals("rw-rw----", g.value("permissions"), g::toString);

        // A umask that takes nothing: the owner-only file must still be owner-only.
        Path owner = dir.resolve("owner");
        ChildJvm.Result o = Java17Programs.uniqueIds().jvmArgs(NATIVE).prefix("sh", "-c", "umask 000 && exec \"$@\"", "sh")
                .args("open", owner.toString(), HOST_ID).run().assertSuccess();
        assertEquals("rw-------", o.value("permissions"), o::toString);
    }

    @Test
    void aFileTruncatedWhileMappedFailsTheNextCallNamingTheFile() throws IOException {
        Path file = dir.resolve("truncated.uniqueclock");
        Path go = dir.resolve("go");
        ChildJvm.Running a = Java17Programs.uniqueIds().jvmArgs(NATIVE, "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"))
                .args("truncated", file.toString(), go.toString()).start();
        a.awaitLine("ready");
        truncate(file);
        Files.createFile(go);
        ChildJvm.Result r = a.finish().assertSuccess();
        assertEquals(IllegalStateException.class.getName(), r.value("error.class"), r::toString);
        assertEquals("UniqueClock file " + file + ": a fault occurred in the mapped file (did another process truncate it?);"
                + " no further ids can be given from it", r.value("error.message"), r::toString);
        assertNoCrashReport();
    }

    @Test
    void aFileTruncatedUnderCompiledCodeDoesNotCrashTheJvm() throws IOException {
        // Compiled code takes the fault too: HotSpot raises the InternalError at its next safepoint poll, which may be
        // inside the call (then it is named) or just after it (then it reaches the caller as it is).
        Path file = dir.resolve("truncated-hot.uniqueclock");
        ChildJvm.Running a = Java17Programs.uniqueIds().jvmArgs(NATIVE, "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"))
                .args("truncated-hot", file.toString()).start();
        a.awaitLine("hot");
        truncate(file);
        ChildJvm.Result r = a.finish().assertSuccess();
        String error = r.value("error.class") + ": " + r.value("error.message");
        assertTrue(error.equals(IllegalStateException.class.getName() + ": UniqueClock file " + file
                        + ": a fault occurred in the mapped file (did another process truncate it?); no further ids can be given from it")
                        || error.equals(InternalError.class.getName() + ": a fault occurred in an unsafe memory access operation"),
                r::toString);
        assertNoCrashReport();
    }

    private static void truncate(Path file) throws IOException {
        // This test's JVM is "another process" to the child.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }

    private void assertNoCrashReport() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> reports = files.filter(p -> p.getFileName().toString().startsWith("hs_err")).toList();
            assertTrue(reports.isEmpty(), () -> "the JVM crashed: " + reports);
        }
    }

    private static ChildJvm.Result open(Path file, String hostId, String... sharing) {
        List<String> args = new ArrayList<>(List.of("open", file.toString(), hostId));
        args.addAll(List.of(sharing));
        return Java17Programs.uniqueIds().jvmArgs(NATIVE).args(args.toArray(String[]::new)).run().assertSuccess();
    }

    private static void assertRefused(ChildJvm.Result r, Path file, String reason) {
        assertEquals("java.nio.file.FileSystemException", r.value("error.class"), r::toString);
        assertEquals(file + ": " + reason, r.value("error.message"), r::toString);
    }

    private static Path ownerOnly(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static boolean isRoot() throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    private static long[] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long[] ids = new long[b.capacity() / 8];
        b.asLongBuffer().get(ids);
        return ids;
    }

    private static void assertIncreasing(long[] ids) {
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] <= ids[i - 1]) {
                fail("id " + i + " is " + ids[i] + ", not above the one before, " + ids[i - 1]);
            }
        }
    }

    private static long[] merged(List<long[]> threads) {
        long[] all = threads.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }

    private static void assertAllDistinct(List<long[]> threads) {
        long[] all = merged(threads);
        for (int i = 1; i < all.length; i++) {
            if (all[i] == all[i - 1]) {
                fail("id " + all[i] + " was handed out twice");
            }
        }
    }
}
