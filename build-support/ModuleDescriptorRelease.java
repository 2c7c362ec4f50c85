import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lowers the class-file version of a compiled module-info.class, so that an older JVM can read the module's
 * descriptor even though the module's classes need a newer one.
 *
 * <p>Why: fastclock-linux-x64 is compiled for Java 22 (the FFM API), and a Java 17-21 JVM refuses to start at
 * all when a module path holds a jar whose module-info.class it cannot read. With the descriptor readable, that
 * JVM resolves the module, fails only to load its provider class, and FastClock falls back to the jdk provider,
 * as it does on the class path. A module descriptor holds nothing that a newer version changed.
 *
 * <p>Run by the build with the JDK's source launcher: {@code java ModuleDescriptorRelease.java FILE RELEASE}.
 * Does nothing when the file is already at that version or lower.
 */
public final class ModuleDescriptorRelease {

    private static final int MAGIC = 0xCAFEBABE;
    private static final int ACC_MODULE = 0x8000;
    // Java 9, the first with modules, is class-file version 53; each release after adds one.
    private static final int FIRST_MODULE_RELEASE = 9;
    private static final int FIRST_MODULE_MAJOR = 53;

    private ModuleDescriptorRelease() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: java ModuleDescriptorRelease.java path/to/module-info.class RELEASE");
        }
        Path file = Path.of(args[0]);
        int release = Integer.parseInt(args[1]);
        if (release < FIRST_MODULE_RELEASE) {
            throw new IllegalArgumentException("module descriptors need release 9 or later, not " + release);
        }
        int major = FIRST_MODULE_MAJOR + release - FIRST_MODULE_RELEASE;
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt(0) != MAGIC) {
            throw new IllegalArgumentException(file + " is not a class file");
        }
        if ((accessFlags(b) & ACC_MODULE) == 0) {
            throw new IllegalArgumentException(file + " is not a module descriptor");
        }
        int current = b.getShort(6) & 0xFFFF;
        if (current > major) {
            b.putShort(4, (short) 0);   // minor_version
            b.putShort(6, (short) major);
            Files.write(file, bytes);
            System.out.println("module descriptor " + file + ": class-file version " + current + " -> " + major + " (Java " + release + ")");
        }
    }

    /** The access_flags after the constant pool, whose entries must be walked to find where it ends. */
    private static int accessFlags(ByteBuffer b) {
        int count = b.getShort(8) & 0xFFFF;
        int p = 10;
        for (int i = 1; i < count; i++) {
            int tag = b.get(p) & 0xFF;
            switch (tag) {
                case 1 -> p += 3 + (b.getShort(p + 1) & 0xFFFF);          // Utf8
                case 3, 4, 9, 10, 11, 12, 17, 18 -> p += 5;                // Integer, Float, refs, NameAndType, dynamic
                case 5, 6 -> {                                              // Long, Double: two slots
                    p += 9;
                    i++;
                }
                case 7, 8, 16, 19, 20 -> p += 3;                            // Class, String, MethodType, Module, Package
                case 15 -> p += 4;                                          // MethodHandle
                default -> throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + p);
            }
        }
        return b.getShort(p) & 0xFFFF;
    }
}
