/*
 * clock-status: prints the kernel's NTP state of CLOCK_REALTIME, read with adjtimex(2) and modes = 0 (a read that
 * changes nothing), so the tests have a truth for FastClock.clockStatus() that shares no code with it.
 *
 *   clock-status PREFIX
 *
 * prints PREFIX.state=, PREFIX.status=, PREFIX.maxerror=, PREFIX.esterror=, PREFIX.tai=, PREFIX.offset=,
 * PREFIX.freq= (one per line) and exits 0; on a failed call it prints PREFIX.errno= and exits 1. Compiled by the
 * tests with gcc at test time.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/timex.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s PREFIX\n", argv[0]);
        return 2;
    }
    struct timex t;
    memset(&t, 0, sizeof t); /* modes = 0: read only */
    int state = adjtimex(&t);
    if (state < 0) {
        printf("%s.errno=%d\n", argv[1], errno);
        return 1;
    }
    printf("%s.state=%d\n", argv[1], state);
    printf("%s.status=%d\n", argv[1], t.status);
    printf("%s.maxerror=%ld\n", argv[1], t.maxerror);
    printf("%s.esterror=%ld\n", argv[1], t.esterror);
    printf("%s.tai=%d\n", argv[1], t.tai);
    printf("%s.offset=%ld\n", argv[1], t.offset);
    printf("%s.freq=%ld\n", argv[1], t.freq);
    return 0;
}
