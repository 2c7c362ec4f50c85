/*
 * An adjtimex(2) stand-in for ClockStatusTest, called through the production downcall (StatusCall.libc):
 * it keeps a copy of the struct timex it was given (FastClock must pass a zeroed one: modes = 0, a read
 * that never changes the clock), then fills the fields FastClock reads with recognisable values, by
 * name, as the kernel would, and returns the state.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/timex.h>

static unsigned char given[sizeof(struct timex)];
static int calls;

int fake_adjtimex(struct timex *t) {
    memcpy(given, t, sizeof *t);
    calls++;
    t->status = STA_PLL | STA_INS | STA_NANO;
    t->offset = -123456789L;
    t->freq = 5L * 65536 + 32768; /* 5.5 ppm */
    t->maxerror = 4321;
    t->esterror = 98;
    t->tai = 37;
    t->constant = 7;
    t->tick = 10000;
    return TIME_INS;
}

const unsigned char *fake_adjtimex_given(void) {
    return given;
}

int fake_adjtimex_calls(void) {
    return calls;
}

unsigned long fake_adjtimex_size(void) {
    return sizeof(struct timex);
}
