package dev.fastclock.tests;

import dev.fastclock.linux.x64.Route;

/** The libc route: clock_gettime, gettimeofday, time from libc through the default lookup. */
class LibcRouteTimeSourceTest extends TimeSourceContract { LibcRouteTimeSourceTest() { super(() -> Routes.source(Route.LIBC)); } }
