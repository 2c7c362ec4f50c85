package dev.fastclock.linux.x64.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses the text of {@code /proc/self/maps}: one mapping a line,
 * {@code start-end perms offset dev inode [name]}, addresses in hex.
 *
 * <p>Pure text parsing, no I/O: the caller reads the file. Lines that do not have that shape are
 * skipped rather than failing the whole parse, because the kernel's format has grown fields
 * before and a diagnostic should still find {@code [vdso]} in the lines it understands.
 */
public final class ProcMaps {

    private ProcMaps() {
    }

    /**
     * One mapping.
     *
     * @param start the first address, unsigned
     * @param end one past the last address, unsigned, not below {@code start}
     * @param perms the four permission characters, e.g. {@code r-xp}
     * @param name the path or pseudo-name such as {@code [vdso]}; empty for an anonymous mapping
     */
    public record Mapping(long start, long end, String perms, String name) {
        /**
         * Checks the components.
         *
         * @param start the first address
         * @param end one past the last address
         * @param perms four permission characters
         * @param name the name, possibly empty
         */
        public Mapping {
            Objects.requireNonNull(perms, "perms");
            Objects.requireNonNull(name, "name");
            if (Long.compareUnsigned(start, end) > 0) {
                throw new IllegalArgumentException("start above end");
            }
            if (perms.length() != 4) {
                throw new IllegalArgumentException("perms must be 4 characters: " + perms);
            }
        }

        /**
         * The length in bytes.
         *
         * @return {@code end - start}
         */
        public long size() {
            return end - start;
        }

        /**
         * Whether the mapping may be read ({@code r} in the first position).
         *
         * @return true if readable
         */
        public boolean isReadable() {
            return perms.charAt(0) == 'r';
        }

        /**
         * Whether the mapping may be executed ({@code x} in the third position). An execute-only
         * mapping such as {@code [vsyscall]} in {@code xonly} mode is executable but not readable.
         *
         * @return true if executable
         */
        public boolean isExecutable() {
            return perms.charAt(2) == 'x';
        }

        @Override
        public String toString() {
            return Long.toHexString(start) + "-" + Long.toHexString(end) + " " + perms + (name.isEmpty() ? "" : " " + name);
        }
    }

    /**
     * Parses the whole text, skipping lines that are not a mapping.
     *
     * @param text the contents of a {@code maps} file
     * @return the mappings in file order, unmodifiable
     */
    public static List<Mapping> parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Mapping> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            Mapping m = parseLine(line);
            if (m != null) {
                out.add(m);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Parses one line.
     *
     * @param line a line without its newline
     * @return the mapping, or {@code null} if the line does not have the expected shape
     */
    static Mapping parseLine(String line) {
        int[] pos = {0};
        String range = field(line, pos);
        String perms = field(line, pos);
        String offset = field(line, pos);
        String dev = field(line, pos);
        String inode = field(line, pos);
        if (range == null || perms == null || offset == null || dev == null || inode == null) {
            return null;
        }
        int dash = range.indexOf('-');
        if (dash <= 0) {
            return null;
        }
        long start;
        long end;
        try {
            start = Long.parseUnsignedLong(range.substring(0, dash), 16);
            end = Long.parseUnsignedLong(range.substring(dash + 1), 16);
        } catch (NumberFormatException e) {
            return null;
        }
        if (Long.compareUnsigned(start, end) > 0 || !validPerms(perms)) {
            return null;
        }
        // The name is the rest of the line after the padding; it may itself contain spaces.
        String name = line.substring(Math.min(pos[0], line.length())).strip();
        return new Mapping(start, end, perms, name);
    }

    private static boolean validPerms(String p) {
        return p.length() == 4
                && (p.charAt(0) == 'r' || p.charAt(0) == '-')
                && (p.charAt(1) == 'w' || p.charAt(1) == '-')
                && (p.charAt(2) == 'x' || p.charAt(2) == '-')
                && (p.charAt(3) == 'p' || p.charAt(3) == 's');
    }

    /** The next space-separated field from pos[0], advancing it; null at the end of the line. */
    private static String field(String line, int[] pos) {
        int i = pos[0];
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        int start = i;
        while (i < line.length() && line.charAt(i) != ' ') {
            i++;
        }
        pos[0] = i;
        return i > start ? line.substring(start, i) : null;
    }

    /**
     * The first mapping with exactly this name.
     *
     * @param mappings mappings from {@link #parse}
     * @param name the name, e.g. {@code [vdso]} or {@code [vsyscall]}
     * @return the mapping, or empty if none has the name
     */
    public static Optional<Mapping> find(List<Mapping> mappings, String name) {
        Objects.requireNonNull(name, "name");
        for (Mapping m : mappings) {
            if (m.name().equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
