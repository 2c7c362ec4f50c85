package dev.fastclock.linux.x64.bindings;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;

/**
 * Every native declaration this module mirrors, in one place, in the style jextract generates from
 * {@code src/main/c/fastclock.h} (which lists exactly these). The Maven profile {@code jextract}
 * regenerates the equivalent where jextract is on PATH; {@code NativeLayoutTest} compiles a C
 * program with gcc and checks every size and offset here against the C compiler's.
 *
 * <p>Offsets and sizes are literals, as jextract writes them: reading a field costs no layout
 * machinery at start-up; {@code NativeLayoutTest} checks each against its {@code LAYOUT} and gcc.
 *
 * <p>Only layouts, offsets, constants and function descriptors live here: where each function's
 * address comes from (the vDSO, libc, the vsyscall page) is decided by the hand-written code.
 */
@SuppressWarnings({"unused", "checkstyle:TypeName"})
public final class fastclock_h {

    private fastclock_h() {
    }

    // ---- C types (LP64) ----
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    // ---- <sys/auxv.h> ----
    public static final long AT_NULL = 0;
    public static final long AT_SYSINFO_EHDR = 33;

    // ---- <sys/mman.h> ----
    public static final int PROT_NONE = 0;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int PROT_EXEC = 4;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_ANONYMOUS = 0x20;
    /** {@code MAP_FAILED}, {@code (void *) -1}. */
    public static final long MAP_FAILED = -1L;

    // ---- <time.h>, <sys/time.h> ----

    /** {@code struct timespec { time_t tv_sec; long tv_nsec; }}. */
    public static final class timespec {
        public static final GroupLayout LAYOUT = MemoryLayout.structLayout(
                C_LONG.withName("tv_sec"),
                C_LONG.withName("tv_nsec")).withName("timespec");
        /** {@code sizeof(timespec)}. */
        public static final long SIZE = 16;
        public static final long tv_sec$OFFSET = 0;
        public static final long tv_nsec$OFFSET = 8;

        private timespec() {
        }
    }

    /** {@code struct timeval { time_t tv_sec; suseconds_t tv_usec; }}. */
    public static final class timeval {
        public static final GroupLayout LAYOUT = MemoryLayout.structLayout(
                C_LONG.withName("tv_sec"),
                C_LONG.withName("tv_usec")).withName("timeval");
        /** {@code sizeof(timeval)}. */
        public static final long SIZE = 16;
        public static final long tv_sec$OFFSET = 0;
        public static final long tv_usec$OFFSET = 8;

        private timeval() {
        }
    }

    // ---- <sys/timex.h> ----
    public static final int TIME_OK = 0;
    public static final int TIME_INS = 1;
    public static final int TIME_DEL = 2;
    public static final int TIME_OOP = 3;
    public static final int TIME_WAIT = 4;
    public static final int TIME_ERROR = 5;
    public static final int STA_PLL = 0x0001;
    public static final int STA_PPSFREQ = 0x0002;
    public static final int STA_PPSTIME = 0x0004;
    public static final int STA_FLL = 0x0008;
    public static final int STA_INS = 0x0010;
    public static final int STA_DEL = 0x0020;
    public static final int STA_UNSYNC = 0x0040;
    public static final int STA_FREQHOLD = 0x0080;
    public static final int STA_PPSSIGNAL = 0x0100;
    public static final int STA_PPSJITTER = 0x0200;
    public static final int STA_PPSWANDER = 0x0400;
    public static final int STA_PPSERROR = 0x0800;
    public static final int STA_CLOCKERR = 0x1000;
    public static final int STA_NANO = 0x2000;

    /**
     * {@code struct timex}, the NTP kernel interface of {@code adjtimex(2)}: FastClock only reads it, with
     * {@code modes} 0. The trailing padding ({@code int :32;} eleven times in glibc) is one layout.
     */
    public static final class timex {
        public static final GroupLayout LAYOUT = MemoryLayout.structLayout(
                C_INT.withName("modes"),
                MemoryLayout.paddingLayout(4),
                C_LONG.withName("offset"),
                C_LONG.withName("freq"),
                C_LONG.withName("maxerror"),
                C_LONG.withName("esterror"),
                C_INT.withName("status"),
                MemoryLayout.paddingLayout(4),
                C_LONG.withName("constant"),
                C_LONG.withName("precision"),
                C_LONG.withName("tolerance"),
                timeval.LAYOUT.withName("time"),
                C_LONG.withName("tick"),
                C_LONG.withName("ppsfreq"),
                C_LONG.withName("jitter"),
                C_INT.withName("shift"),
                MemoryLayout.paddingLayout(4),
                C_LONG.withName("stabil"),
                C_LONG.withName("jitcnt"),
                C_LONG.withName("calcnt"),
                C_LONG.withName("errcnt"),
                C_LONG.withName("stbcnt"),
                C_INT.withName("tai"),
                MemoryLayout.paddingLayout(44)).withName("timex");
        /** {@code sizeof(struct timex)}. */
        public static final long SIZE = 208;
        public static final long modes$OFFSET = 0;
        public static final long offset$OFFSET = 8;
        public static final long freq$OFFSET = 16;
        public static final long maxerror$OFFSET = 24;
        public static final long esterror$OFFSET = 32;
        public static final long status$OFFSET = 40;
        public static final long constant$OFFSET = 48;
        public static final long precision$OFFSET = 56;
        public static final long tolerance$OFFSET = 64;
        public static final long time$OFFSET = 72;
        public static final long tick$OFFSET = 88;
        public static final long ppsfreq$OFFSET = 96;
        public static final long jitter$OFFSET = 104;
        public static final long shift$OFFSET = 112;
        public static final long stabil$OFFSET = 120;
        public static final long jitcnt$OFFSET = 128;
        public static final long calcnt$OFFSET = 136;
        public static final long errcnt$OFFSET = 144;
        public static final long stbcnt$OFFSET = 152;
        public static final long tai$OFFSET = 160;

        private timex() {
        }
    }

    // ---- <elf.h> ----
    public static final int EI_NIDENT = 16;
    public static final int ELFMAG0 = 0x7f;
    public static final int ELFMAG1 = 'E';
    public static final int ELFMAG2 = 'L';
    public static final int ELFMAG3 = 'F';
    public static final int EI_CLASS = 4;
    public static final int EI_DATA = 5;
    public static final int EI_VERSION = 6;
    public static final int ELFCLASS32 = 1;
    public static final int ELFCLASS64 = 2;
    public static final int ELFDATA2LSB = 1;
    public static final int ELFDATA2MSB = 2;
    public static final int EV_CURRENT = 1;
    public static final int ET_DYN = 3;
    public static final int EM_386 = 3;
    public static final int EM_X86_64 = 62;
    public static final int EM_AARCH64 = 183;
    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final long DT_NULL = 0;
    public static final long DT_HASH = 4;
    public static final long DT_STRTAB = 5;
    public static final long DT_SYMTAB = 6;
    public static final long DT_STRSZ = 10;
    public static final long DT_SYMENT = 11;
    public static final long DT_GNU_HASH = 0x6ffffef5L;
    public static final long DT_VERSYM = 0x6ffffff0L;
    public static final long DT_VERDEF = 0x6ffffffcL;
    public static final long DT_VERDEFNUM = 0x6ffffffdL;
    public static final int SHN_UNDEF = 0;
    public static final int SHN_LORESERVE = 0xff00;
    public static final int SHN_ABS = 0xfff1;
    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;
    public static final int STT_FUNC = 2;
    public static final int STV_DEFAULT = 0;
    public static final int STV_INTERNAL = 1;
    public static final int STV_HIDDEN = 2;
    public static final int STV_PROTECTED = 3;
    public static final int VER_DEF_CURRENT = 1;
    public static final int VER_FLG_BASE = 0x1;
    /** Not in glibc's {@code <elf.h>} (binutils' name): {@code src/main/c/fastclock.h} defines it. */
    public static final int VERSYM_HIDDEN = 0x8000;
    /** Not in glibc's {@code <elf.h>}: the low 15 bits of a versym entry, the version index. */
    public static final int VERSYM_VERSION = 0x7fff;

    /** {@code Elf64_Ehdr}. */
    public static final class Elf64_Ehdr {
        public static final GroupLayout LAYOUT = MemoryLayout.structLayout(
                MemoryLayout.sequenceLayout(EI_NIDENT, ValueLayout.JAVA_BYTE).withName("e_ident"),
                ValueLayout.JAVA_SHORT.withName("e_type"),
                ValueLayout.JAVA_SHORT.withName("e_machine"),
                ValueLayout.JAVA_INT.withName("e_version"),
                ValueLayout.JAVA_LONG.withName("e_entry"),
                ValueLayout.JAVA_LONG.withName("e_phoff"),
                ValueLayout.JAVA_LONG.withName("e_shoff"),
                ValueLayout.JAVA_INT.withName("e_flags"),
                ValueLayout.JAVA_SHORT.withName("e_ehsize"),
                ValueLayout.JAVA_SHORT.withName("e_phentsize"),
                ValueLayout.JAVA_SHORT.withName("e_phnum"),
                ValueLayout.JAVA_SHORT.withName("e_shentsize"),
                ValueLayout.JAVA_SHORT.withName("e_shnum"),
                ValueLayout.JAVA_SHORT.withName("e_shstrndx")).withName("Elf64_Ehdr");
        /** {@code sizeof(Elf64_Ehdr)}. */
        public static final long SIZE = 64;
        public static final long e_ident$OFFSET = 0;
        public static final long e_type$OFFSET = 16;
        public static final long e_machine$OFFSET = 18;
        public static final long e_version$OFFSET = 20;
        public static final long e_entry$OFFSET = 24;
        public static final long e_phoff$OFFSET = 32;
        public static final long e_shoff$OFFSET = 40;
        public static final long e_flags$OFFSET = 48;
        public static final long e_ehsize$OFFSET = 52;
        public static final long e_phentsize$OFFSET = 54;
        public static final long e_phnum$OFFSET = 56;
        public static final long e_shentsize$OFFSET = 58;
        public static final long e_shnum$OFFSET = 60;
        public static final long e_shstrndx$OFFSET = 62;

        private Elf64_Ehdr() {
        }
    }

    /** {@code Elf64_Phdr}. */
    public static final class Elf64_Phdr {
        public static final GroupLayout LAYOUT = MemoryLayout.structLayout(
                ValueLayout.JAVA_INT.withName("p_type"),
                ValueLayout.JAVA_INT.withName("p_flags"),
                ValueLayout.JAVA_LONG.withName("p_offset"),
                ValueLayout.JAVA_LONG.withName("p_vaddr"),
                ValueLayout.JAVA_LONG.withName("p_paddr"),
                ValueLayout.JAVA_LONG.withName("p_filesz"),
                ValueLayout.JAVA_LONG.withName("p_memsz"),
                ValueLayout.JAVA_LONG.withName("p_align")).withName("Elf64_Phdr");
        /** {@code sizeof(Elf64_Phdr)}. */
        public static final long SIZE = 56;
        public static final long p_type$OFFSET = 0;
        public static final long p_flags$OFFSET = 4;
        public static final long p_offset$OFFSET = 8;
        public static final long p_vaddr$OFFSET = 16;
        public static final long p_paddr$OFFSET = 24;
        public static final long p_filesz$OFFSET = 32;
        public static final long p_memsz$OFFSET = 40;
        public static final long p_align$OFFSET = 48;

        private Elf64_Phdr() {
        }
    }

    /** {@code Elf64_Dyn} (the {@code d_un} union as its {@code d_val} member). */
    public static final class Elf64_Dyn {
        public static final GroupLayout LAYOUT = MemoryLayout.structLayout(
                ValueLayout.JAVA_LONG.withName("d_tag"),
                ValueLayout.JAVA_LONG.withName("d_val")).withName("Elf64_Dyn");
        /** {@code sizeof(Elf64_Dyn)}. */
        public static final long SIZE = 16;
        public static final long d_tag$OFFSET = 0;
        public static final long d_val$OFFSET = 8;

        private Elf64_Dyn() {
        }
    }

    /** {@code Elf64_Sym}. */
    public static final class Elf64_Sym {
        public static final GroupLayout LAYOUT = MemoryLayout.structLayout(
                ValueLayout.JAVA_INT.withName("st_name"),
                ValueLayout.JAVA_BYTE.withName("st_info"),
                ValueLayout.JAVA_BYTE.withName("st_other"),
                ValueLayout.JAVA_SHORT.withName("st_shndx"),
                ValueLayout.JAVA_LONG.withName("st_value"),
                ValueLayout.JAVA_LONG.withName("st_size")).withName("Elf64_Sym");
        /** {@code sizeof(Elf64_Sym)}. */
        public static final long SIZE = 24;
        public static final long st_name$OFFSET = 0;
        public static final long st_info$OFFSET = 4;
        public static final long st_other$OFFSET = 5;
        public static final long st_shndx$OFFSET = 6;
        public static final long st_value$OFFSET = 8;
        public static final long st_size$OFFSET = 16;

        private Elf64_Sym() {
        }
    }

    /** {@code Elf64_Verdef}. */
    public static final class Elf64_Verdef {
        public static final GroupLayout LAYOUT = MemoryLayout.structLayout(
                ValueLayout.JAVA_SHORT.withName("vd_version"),
                ValueLayout.JAVA_SHORT.withName("vd_flags"),
                ValueLayout.JAVA_SHORT.withName("vd_ndx"),
                ValueLayout.JAVA_SHORT.withName("vd_cnt"),
                ValueLayout.JAVA_INT.withName("vd_hash"),
                ValueLayout.JAVA_INT.withName("vd_aux"),
                ValueLayout.JAVA_INT.withName("vd_next")).withName("Elf64_Verdef");
        /** {@code sizeof(Elf64_Verdef)}. */
        public static final long SIZE = 20;
        public static final long vd_version$OFFSET = 0;
        public static final long vd_flags$OFFSET = 2;
        public static final long vd_ndx$OFFSET = 4;
        public static final long vd_cnt$OFFSET = 6;
        public static final long vd_hash$OFFSET = 8;
        public static final long vd_aux$OFFSET = 12;
        public static final long vd_next$OFFSET = 16;

        private Elf64_Verdef() {
        }
    }

    /** {@code Elf64_Verdaux}. */
    public static final class Elf64_Verdaux {
        public static final GroupLayout LAYOUT = MemoryLayout.structLayout(
                ValueLayout.JAVA_INT.withName("vda_name"),
                ValueLayout.JAVA_INT.withName("vda_next")).withName("Elf64_Verdaux");
        /** {@code sizeof(Elf64_Verdaux)}. */
        public static final long SIZE = 8;
        public static final long vda_name$OFFSET = 0;
        public static final long vda_next$OFFSET = 4;

        private Elf64_Verdaux() {
        }
    }

    // ---- functions: descriptors only; addresses come from the vDSO, libc or the vsyscall page ----

    /** {@code unsigned long getauxval(unsigned long type)}. */
    public static final FunctionDescriptor getauxval$DESC = FunctionDescriptor.of(C_LONG, C_LONG);
    /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}. */
    public static final FunctionDescriptor mmap$DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_LONG, C_INT, C_INT, C_INT, C_LONG);
    /** {@code int mprotect(void *addr, size_t len, int prot)}. */
    public static final FunctionDescriptor mprotect$DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT);
    /** {@code int munmap(void *addr, size_t length)}. */
    public static final FunctionDescriptor munmap$DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG);
    /** {@code int clock_gettime(clockid_t clk, struct timespec *tp)}; also {@code __vdso_clock_gettime}. */
    public static final FunctionDescriptor clock_gettime$DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
    /** {@code int clock_getres(clockid_t clk, struct timespec *res)}; also {@code __vdso_clock_getres}. */
    public static final FunctionDescriptor clock_getres$DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
    /** {@code int gettimeofday(struct timeval *tv, struct timezone *tz)}; also {@code __vdso_gettimeofday}, vsyscall +0x0. */
    public static final FunctionDescriptor gettimeofday$DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
    /** {@code time_t time(time_t *t)}; also {@code __vdso_time}, vsyscall +0x400. */
    public static final FunctionDescriptor time$DESC = FunctionDescriptor.of(C_LONG, C_POINTER);
    /** {@code int getcpu(unsigned *cpu, unsigned *node, void *cache)}; also {@code __vdso_getcpu}, vsyscall +0x800. */
    public static final FunctionDescriptor getcpu$DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER);
    /** {@code int sched_getcpu(void)}. */
    public static final FunctionDescriptor sched_getcpu$DESC = FunctionDescriptor.of(C_INT);
    /** {@code int adjtimex(struct timex *buf)}. */
    public static final FunctionDescriptor adjtimex$DESC = FunctionDescriptor.of(C_INT, C_POINTER);

    /**
     * One shape for the set-up calls ({@code getauxval}, {@code mmap}, {@code mprotect},
     * {@code __errno_location}): six integer-class arguments, an integer-class result. Under the SysV
     * x86-64 ABI a function reads only the registers of its own parameters and an {@code int} result
     * is the low half of {@code rax}, so each of them can be called through it; one shape means one
     * downcall adapter for the JDK to spin at start-up instead of four (about 10-20 ms each here).
     */
    public static final FunctionDescriptor long6$SHAPE = FunctionDescriptor.of(C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG);
}
