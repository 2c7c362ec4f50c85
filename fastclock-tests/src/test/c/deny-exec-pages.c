/*
 * deny-exec-pages: runs a command under a seccomp-bpf filter that refuses to make anonymous memory
 * executable, with EACCES, the way an SELinux execmem policy (or any W^X policy) does.
 *
 *   deny-exec-pages COMMAND [ARGS...]   install the filter, then exec COMMAND (the filter stays on)
 *   deny-exec-pages --check             install the filter, then prove it: mprotect(PROT_READ|PROT_EXEC)
 *                                       of an anonymous page must fail with errno 13; prints
 *                                       "check=ok errno=13" and exits 0, else says why and exits 4
 *
 * Refused, with EACCES:
 *   - mprotect and pkey_mprotect asking for PROT_EXEC without PROT_WRITE (making a page that was
 *     written executable: what FastClock does with its stub page);
 *   - mmap of anonymous memory (MAP_ANONYMOUS) asking for PROT_EXEC without PROT_WRITE.
 * Allowed: everything else, in particular file mappings with PROT_EXEC (the dynamic loader mapping
 * libjvm.so and friends) and HotSpot's read-write-execute code cache, so the JVM itself starts and
 * runs its JIT as usual; only a page flipped from writable to executable is refused.
 *
 * Exit codes: 2 usage, 3 seccomp unavailable here (the message names the call), 4 the filter did
 * not act as it should, 127 exec failed. Compiled by the tests with gcc at test time.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

/* The low 32 bits of syscall argument n (x86-64 is little-endian): prot and flags are ints. */
#define ARG_LO(n) ((unsigned) (offsetof(struct seccomp_data, args) + 8 * (n)))
#define DENY BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EACCES & SECCOMP_RET_DATA))
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

static int install(void) {
    struct sock_filter filter[] = {
        /* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        /* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        /* 2 */ ALLOW,
        /* 3 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        /* 4 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mprotect, 3, 0),      /* -> 8 */
        /* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_pkey_mprotect, 2, 0), /* -> 8 */
        /* 6 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mmap, 6, 0),          /* -> 13 */
        /* 7 */ ALLOW,
        /* mprotect(addr, len, prot): deny exec without write */
        /* 8 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)),
        /* 9 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, PROT_EXEC | PROT_WRITE),
        /* 10 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PROT_EXEC, 0, 1),
        /* 11 */ DENY,
        /* 12 */ ALLOW,
        /* mmap(addr, len, prot, flags, fd, off): deny anonymous exec without write */
        /* 13 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(3)),
        /* 14 */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, MAP_ANONYMOUS, 1, 0),
        /* 15 */ ALLOW,
        /* 16 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)),
        /* 17 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, PROT_EXEC | PROT_WRITE),
        /* 18 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PROT_EXEC, 0, 1),
        /* 19 */ DENY,
        /* 20 */ ALLOW,
    };
    struct sock_fprog prog = { .len = (unsigned short) (sizeof filter / sizeof filter[0]), .filter = filter };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        fprintf(stderr, "deny-exec-pages: prctl(PR_SET_NO_NEW_PRIVS) failed: %s\n", strerror(errno));
        return 3;
    }
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
        fprintf(stderr, "deny-exec-pages: prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER) failed: %s\n", strerror(errno));
        return 3;
    }
    return 0;
}

static int check(void) {
    void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        printf("check=failed: a read-write anonymous page cannot be mapped: errno=%d\n", errno);
        return 4;
    }
    int rc = mprotect(page, 4096, PROT_READ | PROT_EXEC);
    int err = errno;
    if (rc == 0 || err != EACCES) {
        printf("check=failed: mprotect(PROT_READ|PROT_EXEC) returned %d, errno=%d, expected -1 and %d\n", rc, rc ? err : 0, EACCES);
        return 4;
    }
    void *rx = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (rx != MAP_FAILED || errno != EACCES) {
        printf("check=failed: an anonymous PROT_READ|PROT_EXEC mmap was not refused with errno %d\n", EACCES);
        return 4;
    }
    printf("check=ok errno=%d\n", err);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s --check | COMMAND [ARGS...]\n", argv[0]);
        return 2;
    }
    int rc = install();
    if (rc != 0) {
        return rc;
    }
    if (strcmp(argv[1], "--check") == 0) {
        return check();
    }
    execvp(argv[1], argv + 1);
    fprintf(stderr, "deny-exec-pages: cannot exec %s: %s\n", argv[1], strerror(errno));
    return 127;
}
