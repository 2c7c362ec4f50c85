package dev.fastclock.tests;

import dev.fastclock.linux.x64.Route;

/** The vsyscall route: gettimeofday and time through the trapping page (the other methods keep their default route). */
class VsyscallRouteTimeSourceTest extends TimeSourceContract { VsyscallRouteTimeSourceTest() { super(() -> Routes.source(Route.VSYSCALL)); } }
