package dev.fastclock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19: the file of {@link UniqueClock#ofHost(Path, int, UniqueClock.Sharing)} as another program would read
 * it: its permissions, its header and last slot at the documented offsets, and the set-up of an empty or
 * half-made file. The bad files (another user's, wrong magic or version, too short, truncated while mapped) are
 * tested in child JVMs, in fastclock-tests.
 */
class UniqueClockFileTest {

    @TempDir
    Path dir;

    @Test
    void aNewFileIsReadableAndWritableByItsOwnerOnly() throws IOException {
        Path file = dir.resolve("owner");
        UniqueClock.ofHost(file, 1);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aGroupFileIsReadableAndWritableByItsGroupToo() throws IOException {
        Path file = dir.resolve("group");
        UniqueClock.ofHost(file, 1, UniqueClock.Sharing.GROUP);
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        // and the owner may open it again as a group file, but not as an owner-only one
        UniqueClock.ofHost(file, 2, UniqueClock.Sharing.GROUP);
        IOException e = assertThrows(IOException.class, () -> UniqueClock.ofHost(file, 3));
        assertTrue(e.getMessage().startsWith(file + ": its group can write it"), e::getMessage);
    }

    @Test
    void theHeaderAndTheLastSlotAreWhereTheFormatSays() throws IOException {
        Path file = dir.resolve("format");
        UniqueClock clock = UniqueClock.ofHost(file, 5);
        long id = clock.epochNanos();

        byte[] bytes = Files.readAllBytes(file);
        assertEquals(128, bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("FCUNIQID", new String(bytes, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(1, b.getInt(8), "version");
        assertEquals(64, b.getInt(12), "offset of the last slot");
        assertEquals(100, b.getLong(16), "nanoseconds per slot");
        assertEquals(id / 100, b.getLong(64), "the last slot handed out, 100-ns units");
        byte[] zero = new byte[128];
        assertArrayEquals(Arrays.copyOfRange(zero, 24, 64), Arrays.copyOfRange(bytes, 24, 64));
        assertArrayEquals(Arrays.copyOfRange(zero, 72, 128), Arrays.copyOfRange(bytes, 72, 128));
    }

    @Test
    void anEmptyFileIsSetUpAsANewOne() throws IOException {
        Path file = Files.createFile(dir.resolve("empty"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        long id = UniqueClock.ofHost(file, 9).epochNanos();
        assertEquals(128, Files.size(file));
        assertEquals("FCUNIQID", new String(Files.readAllBytes(file), 0, 8, StandardCharsets.US_ASCII));
        assertEquals(9, UniqueClock.hostIdOf(id));
    }

    @Test
    void aFileWhoseCreatorDiedBeforeTheHeaderIsSetUpAndKeepsItsLastSlot() throws IOException {
        // Length written, header not yet: all zeros but a last slot far in the future (from ids already given).
        long future = (FastClock.epochNanos() + 3_600_000_000_000L) / 100;
        ByteBuffer b = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN).putLong(64, future);
        Path file = dir.resolve("half");
        Files.write(file, b.array());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        long id = UniqueClock.ofHost(file, 3).epochNanos();
        assertEquals((future + 1) * 100 + 3, id, "on from the slot in the file, not from the wall clock");
        assertEquals("FCUNIQID", new String(Files.readAllBytes(file), 0, 8, StandardCharsets.US_ASCII));
    }

    @Test
    void aShortFileOfZerosIsSetUpToo() throws IOException {
        Path file = dir.resolve("short-zeros");
        Files.write(file, new byte[40]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        UniqueClock.ofHost(file, 3).epochNanos();
        assertEquals(128, Files.size(file));
    }

    @Test
    void aHostIdOutsideZeroToNinetyNineIsRefusedBeforeAnyFileIsMade() {
        Path file = dir.resolve("never");
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> UniqueClock.ofHost(file, -1));
        assertEquals("hostId must be 0 to 99: -1", low.getMessage());
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class, () -> UniqueClock.ofHost(file, 100));
        assertEquals("hostId must be 0 to 99: 100", high.getMessage());
        assertFalse(Files.exists(file));
        assertThrows(NullPointerException.class, () -> UniqueClock.ofHost(null, 1));
        assertThrows(NullPointerException.class, () -> UniqueClock.ofHost(file, 1, null));
    }

    @Test
    void describesItself() throws IOException {
        Path file = dir.resolve("named");
        assertEquals("UniqueClock.ofHost(" + file + ", 17)", UniqueClock.ofHost(file, 17).toString());
    }
}
