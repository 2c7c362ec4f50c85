/*
 * floor: what each call that FastClock and CpuLocator wrap costs in C on this machine, so the
 * JMH numbers can be read against the floor the kernel and the hardware allow.
 *
 * Built and run by ../../../run.sh (gcc -O2 floor.c -ldl). Prints tab-separated lines that
 * dev.fastclock.bench.Report reads:
 *   meta   <name>  <value>
 *   floor  <key>   <min ns/call>  <median ns/call>     (over ROUNDS rounds of about 10 ms each)
 *   skip   <key>   <reason>
 * Minimum and median, not mean: on a shared 2-core machine the noise only ever adds time.
 * Report maps each catalogue method to its key (BenchTable.floorKey): "<route>.<call>" such as
 * vdso.clock_gettime.MONOTONIC, cpu.rdtsc_ordered for ticks(), libc.adjtimex for clockStatus().
 *
 * The vsyscall page is called only when /proc/self/maps shows it mapped executable: with
 * vsyscall=none it is not mapped and a call would be SIGSEGV. --no-vsyscall skips it anyway.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <gnu/libc-version.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#define ROUNDS 7
#define ROUND_NS 10000000ULL /* a round long enough that the clock reads around it do not matter */

typedef int (*cgt_fn)(clockid_t, struct timespec *);
typedef int (*gtod_fn)(struct timeval *, void *);
typedef time_t (*time_fn)(time_t *);
typedef int (*getcpu_fn)(unsigned *, unsigned *, void *);

/* Resolved at run time: the compiler cannot see through them, like the JVM's downcalls. */
static cgt_fn vdso_cgt, vdso_getres;
static gtod_fn vdso_gtod, vsys_gtod;
static time_fn vdso_time, vsys_time;
static getcpu_fn vdso_getcpu, vsys_getcpu;

static volatile uint64_t sink; /* every result lands here, so no loop is dead code */

static uint64_t mono_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec;
}

/* One loop per probe; `arg` picks the clock id where there is one. */
typedef void (*loop_fn)(long n, int arg);

static void l_vdso_cgt(long n, int id) {
    struct timespec t; uint64_t s = 0;
    for (long i = 0; i < n; i++) { vdso_cgt(id, &t); s += (uint64_t)t.tv_nsec; }
    sink += s;
}
static void l_vdso_getres(long n, int id) {
    struct timespec t; uint64_t s = 0;
    for (long i = 0; i < n; i++) { vdso_getres(id, &t); s += (uint64_t)t.tv_nsec; }
    sink += s;
}
static void l_vdso_gtod(long n, int unused) {
    (void)unused; struct timeval t; uint64_t s = 0;
    for (long i = 0; i < n; i++) { vdso_gtod(&t, NULL); s += (uint64_t)t.tv_usec; }
    sink += s;
}
static void l_vdso_time(long n, int unused) {
    (void)unused; uint64_t s = 0;
    for (long i = 0; i < n; i++) s += (uint64_t)vdso_time(NULL);
    sink += s;
}
static void l_vdso_getcpu(long n, int unused) {
    (void)unused; unsigned c = 0; uint64_t s = 0;
    for (long i = 0; i < n; i++) { vdso_getcpu(&c, NULL, NULL); s += c; }
    sink += s;
}
static void l_libc_cgt(long n, int id) {
    struct timespec t; uint64_t s = 0;
    for (long i = 0; i < n; i++) { clock_gettime(id, &t); s += (uint64_t)t.tv_nsec; }
    sink += s;
}
static void l_libc_gtod(long n, int unused) {
    (void)unused; struct timeval t; uint64_t s = 0;
    for (long i = 0; i < n; i++) { gettimeofday(&t, NULL); s += (uint64_t)t.tv_usec; }
    sink += s;
}
static void l_libc_time(long n, int unused) {
    (void)unused; uint64_t s = 0;
    for (long i = 0; i < n; i++) s += (uint64_t)time(NULL);
    sink += s;
}
static void l_libc_getres(long n, int id) {
    struct timespec t; uint64_t s = 0;
    for (long i = 0; i < n; i++) { clock_getres(id, &t); s += (uint64_t)t.tv_nsec; }
    sink += s;
}
/* What clockStatus() costs the kernel: a zeroed struct timex, modes = 0 (read only), one system call. */
static void l_libc_adjtimex(long n, int unused) {
    (void)unused; struct timex t; uint64_t s = 0;
    for (long i = 0; i < n; i++) { memset(&t, 0, sizeof t); s += (uint64_t)adjtimex(&t) + (uint64_t)t.maxerror; }
    sink += s;
}
static void l_libc_sched_getcpu(long n, int unused) {
    (void)unused; uint64_t s = 0;
    for (long i = 0; i < n; i++) s += (uint64_t)sched_getcpu();
    sink += s;
}
static void l_sys_cgt(long n, int id) {
    struct timespec t; uint64_t s = 0;
    for (long i = 0; i < n; i++) { syscall(SYS_clock_gettime, id, &t); s += (uint64_t)t.tv_nsec; }
    sink += s;
}
static void l_sys_getcpu(long n, int unused) {
    (void)unused; unsigned c = 0; uint64_t s = 0;
    for (long i = 0; i < n; i++) { syscall(SYS_getcpu, &c, NULL, NULL); s += c; }
    sink += s;
}
static void l_vsys_gtod(long n, int unused) {
    (void)unused; struct timeval t; uint64_t s = 0;
    for (long i = 0; i < n; i++) { vsys_gtod(&t, NULL); s += (uint64_t)t.tv_usec; }
    sink += s;
}
static void l_vsys_time(long n, int unused) {
    (void)unused; uint64_t s = 0;
    for (long i = 0; i < n; i++) s += (uint64_t)vsys_time(NULL);
    sink += s;
}
static void l_vsys_getcpu(long n, int unused) {
    (void)unused; unsigned c = 0; uint64_t s = 0;
    for (long i = 0; i < n; i++) { vsys_getcpu(&c, NULL, NULL); s += c; }
    sink += s;
}
static void l_rdtsc(long n, int unused) {
    (void)unused; uint64_t s = 0;
    for (long i = 0; i < n; i++) s += __rdtsc();
    sink += s;
}
/* What ticks() reads: lfence; rdtsc, ordered after every earlier load (Linux's rdtsc_ordered()). */
static void l_rdtsc_ordered(long n, int unused) {
    (void)unused; uint64_t s = 0;
    for (long i = 0; i < n; i++) { _mm_lfence(); s += __rdtsc(); }
    sink += s;
}
static void l_rdtscp(long n, int unused) {
    (void)unused; unsigned aux; uint64_t s = 0;
    for (long i = 0; i < n; i++) s += __rdtscp(&aux);
    sink += s;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Grows n until one round takes ROUND_NS, then times ROUNDS rounds of n calls. */
static void measure(const char *key, loop_fn loop, int arg) {
    long n = 1000;
    for (;;) {
        uint64_t t0 = mono_ns();
        loop(n, arg);
        uint64_t dt = mono_ns() - t0;
        if (dt >= ROUND_NS || n > (1L << 40)) break;
        n = dt < ROUND_NS / 16 ? n * 8 : (long)((double)n * ROUND_NS / (double)dt) + 1;
    }
    double r[ROUNDS];
    for (int k = 0; k < ROUNDS; k++) {
        uint64_t t0 = mono_ns();
        loop(n, arg);
        r[k] = (double)(mono_ns() - t0) / (double)n;
    }
    qsort(r, ROUNDS, sizeof r[0], cmp_double);
    printf("floor\t%s\t%.2f\t%.2f\n", key, r[0], r[ROUNDS / 2]);
    fflush(stdout);
}

/* The perms of the [vsyscall] line of /proc/self/maps ("--xp", "r-xp"), or "" when unmapped. */
static void vsyscall_perms(char out[8]) {
    out[0] = '\0';
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f) return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, "[vsyscall]")) {
            char range[128], perms[8];
            if (sscanf(line, "%127s %7s", range, perms) == 2) snprintf(out, 8, "%s", perms);
            break;
        }
    }
    fclose(f);
}

static void meta_file(const char *name, const char *path) {
    char buf[128] = "unknown";
    FILE *f = fopen(path, "r");
    if (f) {
        if (fgets(buf, sizeof buf, f)) buf[strcspn(buf, "\n")] = '\0';
        fclose(f);
    }
    printf("meta\t%s\t%s\n", name, buf);
}

/* One entry per clock of FastClock's catalogue (dev.fastclock.spi.Method.Clock), named as there:
 * fastclock-bench's CatalogueWiringTest reads this list and fails when a clock is missing. */
static const struct { const char *name; int id; } CLOCKS[] = {
    {"REALTIME", CLOCK_REALTIME},
    {"MONOTONIC", CLOCK_MONOTONIC},
    {"REALTIME_COARSE", CLOCK_REALTIME_COARSE},
    {"MONOTONIC_COARSE", CLOCK_MONOTONIC_COARSE},
    {"BOOTTIME", CLOCK_BOOTTIME},
    {"MONOTONIC_RAW", CLOCK_MONOTONIC_RAW},
    {"TAI", CLOCK_TAI},
};
#define NCLOCKS (int)(sizeof CLOCKS / sizeof CLOCKS[0])

int main(int argc, char **argv) {
    int allow_vsyscall = !(argc > 1 && strcmp(argv[1], "--no-vsyscall") == 0);
    char key[96];

    meta_file("clocksource", "/sys/devices/system/clocksource/clocksource0/current_clocksource");
    meta_file("kernel", "/proc/sys/kernel/osrelease");
    printf("meta\tglibc\t%s\n", gnu_get_libc_version());

    /* The same symbols at the same version the provider resolves (LINUX_2.6). */
    void *vdso = dlopen("linux-vdso.so.1", RTLD_LAZY | RTLD_NOLOAD);
    printf("meta\tvdso\t%s\n", vdso ? "mapped" : "not found");
    if (vdso) {
        vdso_cgt = (cgt_fn)dlvsym(vdso, "__vdso_clock_gettime", "LINUX_2.6");
        vdso_getres = (cgt_fn)dlvsym(vdso, "__vdso_clock_getres", "LINUX_2.6");
        vdso_gtod = (gtod_fn)dlvsym(vdso, "__vdso_gettimeofday", "LINUX_2.6");
        vdso_time = (time_fn)dlvsym(vdso, "__vdso_time", "LINUX_2.6");
        vdso_getcpu = (getcpu_fn)dlvsym(vdso, "__vdso_getcpu", "LINUX_2.6");
    }

    for (int c = 0; c < NCLOCKS; c++) {
        snprintf(key, sizeof key, "vdso.clock_gettime.%s", CLOCKS[c].name);
        if (vdso_cgt) measure(key, l_vdso_cgt, CLOCKS[c].id);
        else printf("skip\t%s\tno __vdso_clock_gettime\n", key);
    }
    if (vdso_getres) measure("vdso.clock_getres.MONOTONIC", l_vdso_getres, CLOCK_MONOTONIC);
    else printf("skip\tvdso.clock_getres.MONOTONIC\tno __vdso_clock_getres\n");
    if (vdso_gtod) measure("vdso.gettimeofday", l_vdso_gtod, 0);
    else printf("skip\tvdso.gettimeofday\tno __vdso_gettimeofday\n");
    if (vdso_time) measure("vdso.time", l_vdso_time, 0);
    else printf("skip\tvdso.time\tno __vdso_time\n");
    if (vdso_getcpu) measure("vdso.getcpu", l_vdso_getcpu, 0);
    else printf("skip\tvdso.getcpu\tno __vdso_getcpu\n");

    /* glibc's own entry points: what the provider's libc route calls. */
    for (int c = 0; c < NCLOCKS; c++) {
        snprintf(key, sizeof key, "libc.clock_gettime.%s", CLOCKS[c].name);
        measure(key, l_libc_cgt, CLOCKS[c].id);
    }
    measure("libc.clock_getres.MONOTONIC", l_libc_getres, CLOCK_MONOTONIC);
    measure("libc.gettimeofday", l_libc_gtod, 0);
    measure("libc.time", l_libc_time, 0);
    measure("libc.sched_getcpu", l_libc_sched_getcpu, 0);
    measure("libc.adjtimex", l_libc_adjtimex, 0);

    /* For scale: the real system calls the vDSO saves, and the TSC instructions it builds on. */
    measure("syscall.clock_gettime.MONOTONIC", l_sys_cgt, CLOCK_MONOTONIC);
    measure("syscall.getcpu", l_sys_getcpu, 0);
    measure("cpu.rdtsc", l_rdtsc, 0);
    measure("cpu.rdtsc_ordered", l_rdtsc_ordered, 0);
    measure("cpu.rdtscp", l_rdtscp, 0);

    char perms[8];
    vsyscall_perms(perms);
    printf("meta\tvsyscall\t%s\n", perms[0] ? perms : "unmapped");
    if (allow_vsyscall && perms[0] && strchr(perms, 'x')) {
        /* Fixed ABI addresses of the legacy page; every call traps into the kernel's emulation. */
        vsys_gtod = (gtod_fn)0xffffffffff600000UL;
        vsys_time = (time_fn)0xffffffffff600400UL;
        vsys_getcpu = (getcpu_fn)0xffffffffff600800UL;
        measure("vsyscall.gettimeofday", l_vsys_gtod, 0);
        measure("vsyscall.time", l_vsys_time, 0);
        measure("vsyscall.getcpu", l_vsys_getcpu, 0);
    } else {
        const char *why = !allow_vsyscall ? "--no-vsyscall" : !perms[0] ? "page not mapped (vsyscall=none)" : "page not executable";
        printf("skip\tvsyscall.gettimeofday\t%s\nskip\tvsyscall.time\t%s\nskip\tvsyscall.getcpu\t%s\n", why, why, why);
    }
    return 0;
}
