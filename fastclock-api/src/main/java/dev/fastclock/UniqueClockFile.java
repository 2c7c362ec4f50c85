package dev.fastclock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.Set;

/**
 * The file of {@link UniqueClock#ofHost(Path, int, UniqueClock.Sharing)}: creates, checks and maps it.
 *
 * <pre>
 * offset  size  field
 *  0       8    magic, ASCII "FCUNIQID"
 *  8       4    version, 1 (little-endian, as every field)
 * 12       4    offset of the last slot: 64
 * 16       8    nanoseconds per slot: 100
 * 24      40    zero
 * 64       8    the last slot handed out (epoch nanoseconds / 100), updated atomically
 * 72      56    zero (the rest of the last slot's cache line)
 * </pre>
 *
 * Setting up is idempotent and never touches the last slot: extend the file to its length, then write the
 * header. So processes racing to set up one file, or one killed half-way, leave it right: an empty file, or
 * one whose header is all zeros, is set up again by the next opener. No locks.
 */
final class UniqueClockFile {

    static final byte[] MAGIC = "FCUNIQID".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_LENGTH = 64;
    static final int STATE_OFFSET = 64;
    static final int LENGTH = 128;
    static final long SLOT_NANOS = UniqueClock.HOST_IDS;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_AND_GROUP = PosixFilePermissions.fromString("rw-rw----");

    private UniqueClockFile() {
    }

    /** The file mapped read-write, its first {@link #LENGTH} bytes; created and set up if absent or empty. */
    static ByteBuffer open(Path file, UniqueClock.Sharing sharing) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return openExisting(file, sharing);
            } catch (NoSuchFileException e) {
                if (attempt == 3) { // created and deleted again twice under our hands
                    throw problem(file, "it disappeared while being opened", e);
                }
                create(file, sharing);
            }
        }
    }

    /** The header of a new file, version 1. */
    static byte[] header() {
        ByteBuffer h = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC).putInt(VERSION).putInt(STATE_OFFSET).putLong(SLOT_NANOS);
        return h.array();
    }

    private static void create(Path file, UniqueClock.Sharing sharing) throws IOException {
        Set<PosixFilePermission> permissions = permissions(sharing);
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(permissions))) {
            // Exactly these permissions: the umask may have taken the group's write away.
            Files.setPosixFilePermissions(file, permissions);
            setUp(ch);
        } catch (FileAlreadyExistsException e) {
            // another process created it first: open theirs
        } catch (UnsupportedOperationException e) {
            throw problem(file, "cannot create it: the file system has no POSIX permissions, so who may write it"
                    + " cannot be controlled", null);
        } catch (NoSuchFileException e) {
            throw problem(file, "cannot create it: its directory " + file.toAbsolutePath().getParent() + " does not exist", e);
        } catch (IOException e) {
            throw problem(file, "cannot create it: " + reason(e), e);
        }
    }

    private static ByteBuffer openExisting(Path file, UniqueClock.Sharing sharing) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class);
        } catch (UnsupportedOperationException e) {
            throw problem(file, "the file system has no POSIX permissions, so who may write it cannot be checked", null);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw problem(file, "cannot read its attributes: " + reason(e), e);
        }
        checkWriters(file, attributes, sharing);

        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(file.toString(), null, "cannot open it for reading and writing: permission denied");
        } catch (IOException e) {
            throw problem(file, "cannot open it for reading and writing: " + reason(e), e);
        }
        try (ch) {
            long size = ch.size();
            if (size < LENGTH) {
                if (!allZero(read(ch, 0, (int) size))) {
                    throw problem(file, "too short: " + size + " bytes where a UniqueClock file has " + LENGTH
                            + " (not a UniqueClock file, or truncated)", null);
                }
                setUp(ch);
            }
            byte[] header = read(ch, 0, HEADER_LENGTH);
            if (header.length < HEADER_LENGTH) {
                throw problem(file, "too short: it shrank to " + header.length + " bytes while being opened", null);
            }
            if (allZero(header)) {
                setUp(ch);
                header = read(ch, 0, HEADER_LENGTH);
            }
            checkHeader(file, header);
            MappedByteBuffer map;
            try {
                map = ch.map(FileChannel.MapMode.READ_WRITE, 0, LENGTH);
            } catch (IOException | UnsupportedOperationException e) {
                throw problem(file, "cannot map it: " + reason(e), e);
            }
            checkMapped(file, map);
            return map;
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw problem(file, "cannot read it: " + reason(e), e);
        }
    }

    /** Refuses a file that someone {@code sharing} does not name could write, or that is not a plain file. */
    private static void checkWriters(Path file, PosixFileAttributes a, UniqueClock.Sharing sharing) throws IOException {
        if (!a.isRegularFile()) {
            throw problem(file, "not a regular file", null);
        }
        Set<PosixFilePermission> p = a.permissions();
        if (p.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new AccessDeniedException(file.toString(), null, "anyone can write it (" + PosixFilePermissions.toString(p)
                    + "), and so push every id into the future or make ids repeat; remove others' write permission");
        }
        if (sharing == UniqueClock.Sharing.OWNER) {
            UserPrincipal me = currentUser(file);
            if (!a.owner().equals(me)) {
                throw new AccessDeniedException(file.toString(), null, "it belongs to " + a.owner().getName()
                        + ", not to this process's user " + me.getName() + "; another user's file is refused unless"
                        + " shared with Sharing.GROUP");
            }
            if (p.contains(PosixFilePermission.GROUP_WRITE)) {
                throw new AccessDeniedException(file.toString(), null, "its group can write it ("
                        + PosixFilePermissions.toString(p) + "); open it with Sharing.GROUP to share it with the group,"
                        + " or remove the group's write permission");
            }
        }
    }

    /** This process's user: the owner of {@code /proc/self} on Linux (the effective uid), else {@code user.name}. */
    private static UserPrincipal currentUser(Path file) throws IOException {
        try {
            Path self = file.getFileSystem().getPath("/proc/self");
            if (Files.isDirectory(self)) {
                return Files.getOwner(self);
            }
            return file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException e) {
            throw problem(file, "cannot tell which user this process runs as, to check the file's owner: " + reason(e), e);
        }
    }

    private static void checkHeader(Path file, byte[] header) throws IOException {
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw problem(file, "not a UniqueClock file: its first bytes are " + printable(header, MAGIC.length)
                    + ", not the magic FCUNIQID", null);
        }
        int version = h.getInt(8);
        if (version != VERSION) {
            throw problem(file, "UniqueClock file version " + version + "; this FastClock reads version " + VERSION, null);
        }
        int stateOffset = h.getInt(12);
        long slotNanos = h.getLong(16);
        if (stateOffset != STATE_OFFSET || slotNanos != SLOT_NANOS) {
            throw problem(file, "corrupt UniqueClock header: last slot at " + stateOffset + ", " + slotNanos
                    + " ns per slot (version 1 has 64 and 100)", null);
        }
    }

    /** The header again, through the mapping: the file may have been replaced or emptied since it was read. */
    private static void checkMapped(Path file, MappedByteBuffer map) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        try {
            map.get(0, magic);
        } catch (InternalError e) {
            throw problem(file, "it was truncated while being mapped", e);
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw problem(file, "its header changed while it was being mapped", null);
        }
    }

    /** Extends the file to its length (zeros), then writes the header: idempotent, and the last slot is kept. */
    private static void setUp(FileChannel ch) throws IOException {
        if (ch.size() < LENGTH) {
            ch.write(ByteBuffer.allocate(1), LENGTH - 1);
        }
        ByteBuffer h = ByteBuffer.wrap(header());
        while (h.hasRemaining()) {
            ch.write(h, h.position());
        }
    }

    private static byte[] read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                break;
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String printable(byte[] bytes, int n) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < n && i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.append('"').toString();
    }

    private static Set<PosixFilePermission> permissions(UniqueClock.Sharing sharing) {
        return sharing == UniqueClock.Sharing.GROUP ? OWNER_AND_GROUP : OWNER_ONLY;
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException) {
            String r = ((FileSystemException) e).getReason();
            return r != null ? r : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** An exception whose message is the file, a colon and the reason. */
    private static FileSystemException problem(Path file, String reason, Throwable cause) {
        FileSystemException e = new FileSystemException(file.toString(), null, reason);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
