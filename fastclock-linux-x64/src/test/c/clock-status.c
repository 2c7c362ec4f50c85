/*
 * The kernel's clock state as a C program reads it: adjtimex(2) with a zeroed struct timex, so
 * modes = 0 and the call only reads (ClockStatusAgainstCTest compares FastClock's reading with this).
 * Prints "name value" lines, and CLOCK_MONOTONIC just before and just after the call, in nanoseconds.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/timex.h>
#include <time.h>

static long long mono(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void) {
    struct timex t;
    memset(&t, 0, sizeof t); /* modes = 0: read only */
    long long before = mono();
    int state = adjtimex(&t);
    long long after = mono();
    printf("state %d\n", state);
    printf("modes %u\n", t.modes);
    printf("status %d\n", t.status);
    printf("offset %ld\n", t.offset);
    printf("freq %ld\n", t.freq);
    printf("maxerror %ld\n", t.maxerror);
    printf("esterror %ld\n", t.esterror);
    printf("tai %d\n", t.tai);
    printf("before %lld\n", before);
    printf("after %lld\n", after);
    return state < 0 ? 1 : 0;
}
