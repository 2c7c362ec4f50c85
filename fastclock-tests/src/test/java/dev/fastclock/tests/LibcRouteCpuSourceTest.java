package dev.fastclock.tests;

import dev.fastclock.linux.x64.Route;

/** The libc route: sched_getcpu (rseq-backed on glibc 2.35+). */
class LibcRouteCpuSourceTest extends CpuSourceContract { LibcRouteCpuSourceTest() { super(() -> Routes.source(Route.LIBC), true); } }
