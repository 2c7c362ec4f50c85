package dev.fastclock.linux.x64.internal;

import dev.fastclock.linux.x64.bindings.fastclock_h;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the provider reads from the process to find its routes: the vDSO's base address, the text of
 * {@code /proc/self/maps}, and the vDSO's bytes. {@link #live()} reads the real ones; tests replace a
 * part with {@code with...} to give the production code inputs this machine cannot produce (no
 * vDSO, a {@code vsyscall=none} maps file, a damaged image). Nothing else differs between the two.
 *
 * @param vdsoBase       {@code AT_SYSINFO_EHDR}, or empty where the kernel gave none
 * @param vdsoBaseSource where {@code vdsoBase} came from, or why it is empty
 * @param maps           the text of {@code /proc/self/maps}, or empty where it cannot be read
 * @param mapsSource     where {@code maps} came from, or why it is empty
 * @param images         reads the image bytes at a proven mapping
 * @param files          reads the other files the provider consults ({@code /proc/cpuinfo}, the
 *                       clocksource and NUMA node files under {@code /sys})
 * @param adjtimex       makes the {@code adjtimex(2)} call of {@code clockStatus()}, or null for the
 *                       real one (libc's, at the address the libc route proved)
 */
public record LinuxEnvironment(OptionalLong vdsoBase, String vdsoBaseSource, Optional<String> maps, String mapsSource,
                               ImageReader images, Files files, Adjtimex adjtimex) {

    /** Reads text files and lists directories; empty where they cannot be read. */
    public interface Files {
        /**
         * @param path an absolute path
         * @return its text, or empty where it cannot be read
         */
        Optional<String> read(String path);

        /**
         * @param dir an absolute path
         * @return the names of its entries, empty where it cannot be listed
         */
        java.util.List<String> list(String dir);
    }

    /** The real file system; a class, not a lambda, to spare start-up a lambda bootstrap. */
    public static final Files LIVE_FILES = new Files() {
        @Override
        public Optional<String> read(String path) {
            try {
                // Latin-1 decodes any bytes: a stray non-UTF-8 byte (a CPU model name) must not hide a file.
                return Optional.of(new String(java.nio.file.Files.readAllBytes(Path.of(path)), java.nio.charset.StandardCharsets.ISO_8859_1));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public java.util.List<String> list(String dir) {
            java.util.List<String> names = new java.util.ArrayList<>();
            try (java.nio.file.DirectoryStream<Path> s = java.nio.file.Files.newDirectoryStream(Path.of(dir))) {
                for (Path p : s) {
                    names.add(p.getFileName().toString());
                }
            } catch (IOException | RuntimeException e) {
                return java.util.List.of();
            }
            java.util.Collections.sort(names);
            return names;
        }
    };

    /**
     * The {@code adjtimex(2)} call: fills a {@code struct timex} ({@code fastclock_h.timex}, all zero on
     * entry, so {@code modes} is 0 and nothing is changed) and returns the clock state, or -1 on failure.
     * Tests give any {@code struct timex} through it.
     */
    @FunctionalInterface
    public interface Adjtimex {
        /**
         * @param timex a zeroed {@code struct timex} of {@code fastclock_h.timex.SIZE} bytes, to fill
         * @return the clock state ({@code TIME_OK} to {@code TIME_ERROR}), or -1 on failure
         */
        int call(MemorySegment timex);
    }

    /** Reads {@code size} bytes of vDSO image at {@code base}, a range proven mapped. */
    @FunctionalInterface
    public interface ImageReader {
        /**
         * @param base the image's address
         * @param size its proven size
         * @return a segment of exactly the image to parse
         */
        MemorySegment read(long base, long size);
    }

    /** The process's own memory; a class, not a lambda, to spare start-up a lambda bootstrap. */
    private static final ImageReader LIVE_MEMORY = new ImageReader() {
        @Override
        public MemorySegment read(long base, long size) {
            return Natives.at(base, size);
        }
    };

    public LinuxEnvironment {
        Objects.requireNonNull(vdsoBase);
        Objects.requireNonNull(vdsoBaseSource);
        Objects.requireNonNull(maps);
        Objects.requireNonNull(mapsSource);
        Objects.requireNonNull(images);
        Objects.requireNonNull(files);
    }

    /** The environment without an {@code adjtimex} seam: the real call. */
    public LinuxEnvironment(OptionalLong vdsoBase, String vdsoBaseSource, Optional<String> maps, String mapsSource,
                            ImageReader images, Files files) {
        this(vdsoBase, vdsoBaseSource, maps, mapsSource, images, files, null);
    }

    /** The process's own: {@code getauxval}, else {@code /proc/self/auxv}; {@code /proc/self/maps}; memory. */
    public static LinuxEnvironment live() {
        OptionalLong base = OptionalLong.empty();
        String source;
        String getauxvalProblem;
        try {
            Optional<MemorySegment> getauxval = Natives.libc("getauxval");
            long v = getauxval.isPresent() ? Natives.call(getauxval.get(), fastclock_h.AT_SYSINFO_EHDR).value() : 0;
            getauxvalProblem = getauxval.isEmpty() ? "libc has no getauxval" : v == 0 ? "getauxval(AT_SYSINFO_EHDR) is 0" : null;
            if (v != 0) {
                base = OptionalLong.of(v);
            }
        } catch (IllegalCallerException e) {
            throw e; // native access denied: the provider reports it as a whole
        } catch (RuntimeException e) {
            getauxvalProblem = "getauxval failed: " + e;
        }
        if (base.isPresent()) {
            source = "getauxval(AT_SYSINFO_EHDR)";
        } else {
            try {
                OptionalLong fromFile = Auxv.parse(java.nio.file.Files.readAllBytes(Path.of("/proc/self/auxv"))).value(fastclock_h.AT_SYSINFO_EHDR);
                base = fromFile.isPresent() && fromFile.getAsLong() != 0 ? fromFile : OptionalLong.empty();
                source = base.isPresent()
                        ? "/proc/self/auxv (" + getauxvalProblem + ")"
                        : "no AT_SYSINFO_EHDR: " + getauxvalProblem + ", and /proc/self/auxv has none (a vdso=0 kernel or a sandbox)";
            } catch (IOException | RuntimeException e) {
                source = "no AT_SYSINFO_EHDR: " + getauxvalProblem + ", and /proc/self/auxv cannot be read: " + e;
            }
        }
        Optional<String> maps;
        String mapsSource;
        try {
            maps = Optional.of(java.nio.file.Files.readString(Path.of("/proc/self/maps")));
            mapsSource = "/proc/self/maps";
        } catch (IOException | RuntimeException e) {
            maps = Optional.empty();
            mapsSource = "/proc/self/maps cannot be read: " + e;
        }
        return new LinuxEnvironment(base, source, maps, mapsSource, LIVE_MEMORY, LIVE_FILES);
    }

    /** This environment with another vDSO base (empty: none), described by {@code source}. */
    public LinuxEnvironment withVdsoBase(OptionalLong base, String source) {
        return new LinuxEnvironment(base, source, maps, mapsSource, images, files, adjtimex);
    }

    /** This environment with another maps text (empty: unreadable), described by {@code source}. */
    public LinuxEnvironment withMaps(Optional<String> text, String source) {
        return new LinuxEnvironment(vdsoBase, vdsoBaseSource, text, source, images, files, adjtimex);
    }

    /**
     * This environment with other image bytes to parse. Calls still go to the real mapping at the
     * offsets the given image resolves, so use a changed copy of the live image.
     */
    public LinuxEnvironment withImages(ImageReader reader) {
        return new LinuxEnvironment(vdsoBase, vdsoBaseSource, maps, mapsSource, reader, files, adjtimex);
    }

    /**
     * This environment with other files (the CPU flags, clocksources, NUMA nodes) to read.
     *
     * @param other the files
     * @return the changed environment
     */
    public LinuxEnvironment withFiles(Files other) {
        return new LinuxEnvironment(vdsoBase, vdsoBaseSource, maps, mapsSource, images, other, adjtimex);
    }

    /**
     * This environment with another {@code adjtimex(2)} call: any {@code struct timex} a test wants.
     *
     * @param call the call
     * @return the changed environment
     */
    public LinuxEnvironment withAdjtimex(Adjtimex call) {
        return new LinuxEnvironment(vdsoBase, vdsoBaseSource, maps, mapsSource, images, files, call);
    }
}
