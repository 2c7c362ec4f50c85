/*
 * kernel-clocks: prints the kernel's own clocks, read with the clock_gettime SYSTEM CALL itself
 * (syscall(SYS_clock_gettime, ...)), never the vDSO, so the tests have a truth the code under test
 * cannot share a bug with.
 *
 *   kernel-clocks PREFIX
 *
 * prints, one per line, PREFIX.<clock>=<nanoseconds> for realtime, monotonic, monotonic_raw,
 * realtime_coarse, monotonic_coarse, boottime and tai, in that order, and exits 0; on a failed
 * call it prints PREFIX.<clock>.errno=<errno> and exits 1. Compiled by the tests with gcc at test time.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

static const struct {
    const char *name;
    clockid_t id;
} CLOCKS[] = {
    {"realtime", CLOCK_REALTIME},
    {"monotonic", CLOCK_MONOTONIC},
    {"monotonic_raw", CLOCK_MONOTONIC_RAW},
    {"realtime_coarse", CLOCK_REALTIME_COARSE},
    {"monotonic_coarse", CLOCK_MONOTONIC_COARSE},
    {"boottime", CLOCK_BOOTTIME},
    {"tai", CLOCK_TAI},
};

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s PREFIX\n", argv[0]);
        return 2;
    }
    int rc = 0;
    for (unsigned i = 0; i < sizeof CLOCKS / sizeof CLOCKS[0]; i++) {
        struct timespec ts;
        if (syscall(SYS_clock_gettime, CLOCKS[i].id, &ts) != 0) {
            printf("%s.%s.errno=%d\n", argv[1], CLOCKS[i].name, errno);
            rc = 1;
            continue;
        }
        printf("%s.%s=%lld\n", argv[1], CLOCKS[i].name, (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec);
    }
    return rc;
}
