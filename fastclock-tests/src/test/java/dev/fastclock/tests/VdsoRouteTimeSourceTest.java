package dev.fastclock.tests;

import dev.fastclock.linux.x64.Route;

/** The vdso route: the kernel's __vdso_* functions through FFM. */
class VdsoRouteTimeSourceTest extends TimeSourceContract { VdsoRouteTimeSourceTest() { super(() -> Routes.source(Route.VDSO)); } }
