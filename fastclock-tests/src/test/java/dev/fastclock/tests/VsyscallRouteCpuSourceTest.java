package dev.fastclock.tests;

import dev.fastclock.linux.x64.Route;

/** The vsyscall route: getcpu through the trapping page. */
class VsyscallRouteCpuSourceTest extends CpuSourceContract { VsyscallRouteCpuSourceTest() { super(() -> Routes.source(Route.VSYSCALL), true); } }
