package dev.fastclock.linux.x64.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The auxiliary vector from the bytes of {@code /proc/self/auxv}: pairs of little-endian 64-bit
 * {@code type, value}, ending at type {@code AT_NULL} (0).
 *
 * <p>Pure parsing, no I/O. Reading stops at {@code AT_NULL} or at the end of the bytes, whichever
 * comes first; a trailing partial pair is ignored.
 */
public final class Auxv {

    private static final long AT_NULL = 0;

    private final long[] types;
    private final long[] values;

    private Auxv(long[] types, long[] values) {
        this.types = types;
        this.values = values;
    }

    /**
     * Parses auxv bytes.
     *
     * @param bytes the contents of an {@code auxv} file (x86-64 layout)
     * @return the vector
     */
    public static Auxv parse(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int max = bytes.length / 16;
        long[] types = new long[max];
        long[] values = new long[max];
        int n = 0;
        while (n < max) {
            long type = buf.getLong(n * 16);
            if (type == AT_NULL) {
                break;
            }
            types[n] = type;
            values[n] = buf.getLong(n * 16 + 8);
            n++;
        }
        return new Auxv(Arrays.copyOf(types, n), Arrays.copyOf(values, n));
    }

    /**
     * The value of the first entry of a type, as {@code getauxval} reports it.
     *
     * @param type the entry type, e.g. {@code AT_SYSINFO_EHDR} (33)
     * @return the value, or empty if the vector has no such entry ({@code AT_NULL} never has one)
     */
    public OptionalLong value(long type) {
        for (int i = 0; i < types.length; i++) {
            if (types[i] == type) {
                return OptionalLong.of(values[i]);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The number of entries before {@code AT_NULL}.
     *
     * @return the count
     */
    public int size() {
        return types.length;
    }
}
