/*
 * The native declarations FastClock mirrors in Java, and only those:
 * fastclock-linux-x64/src/main/java/dev/fastclock/linux/x64/bindings/fastclock_h.java.
 *
 * Two uses:
 *   - `./mvnw -Pjextract generate-sources -pl fastclock-linux-x64` runs jextract on this file
 *     (into target/generated-sources/jextract, not compiled) so the hand-kept bindings can be
 *     diffed against what jextract generates;
 *   - NativeLayoutTest compiles a program that includes this file and checks every size, offset
 *     and constant of fastclock_h.java against the C compiler's.
 * Keep it in step with fastclock_h.java: add a declaration here when adding one there.
 */
#ifndef FASTCLOCK_H
#define FASTCLOCK_H

/* getcpu and sched_getcpu are GNU extensions in glibc's <sched.h>. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <elf.h>       /* Elf64_Ehdr, Elf64_Phdr, Elf64_Dyn, Elf64_Sym, Elf64_Verdef, Elf64_Verdaux; EI_*, ELF*, EM_*, ET_*, PT_*, DT_*, SHN_*, STB_*, STT_*, STV_*, VER_* */
#include <time.h>      /* struct timespec, clock_gettime, clock_getres, time */
#include <sys/time.h>  /* struct timeval, gettimeofday */
#include <sys/auxv.h>  /* getauxval; AT_* come from <elf.h> */
#include <sys/mman.h>  /* mmap, mprotect, munmap, PROT_*, MAP_* */
#include <sched.h>     /* getcpu, sched_getcpu */
#include <sys/timex.h> /* struct timex, adjtimex, TIME_*, STA_* */

/* Versym bits: binutils' names, absent from glibc's <elf.h>. */
#ifndef VERSYM_HIDDEN
#define VERSYM_HIDDEN 0x8000
#endif
#ifndef VERSYM_VERSION
#define VERSYM_VERSION 0x7fff
#endif

/*
 * Mirrored structs:   struct timespec, struct timeval, struct timex, Elf64_Ehdr, Elf64_Phdr,
 *                     Elf64_Dyn, Elf64_Sym, Elf64_Verdef, Elf64_Verdaux.
 * Mirrored functions: getauxval, mmap, mprotect, munmap, clock_gettime, clock_getres,
 *                     gettimeofday, time, getcpu, sched_getcpu, adjtimex (read only: modes 0). The vDSO's __vdso_* functions
 *                     have the same signatures as these, except __vdso_getcpu, which takes a
 *                     third, unused argument (struct getcpu_cache *).
 * Call shape:         fastclock_h.long6$SHAPE, long f(long, long, long, long, long, long): not a
 *                     function but the one prototype through which the set-up functions
 *                     (getauxval, mmap, mprotect, __errno_location) are called; valid under the
 *                     SysV x86-64 ABI for functions of up to six integer-class parameters.
 */

#endif /* FASTCLOCK_H */
