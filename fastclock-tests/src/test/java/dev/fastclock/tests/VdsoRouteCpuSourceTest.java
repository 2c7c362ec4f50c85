package dev.fastclock.tests;

import dev.fastclock.linux.x64.Route;

/** The vdso route: __vdso_getcpu. */
class VdsoRouteCpuSourceTest extends CpuSourceContract { VdsoRouteCpuSourceTest() { super(() -> Routes.source(Route.VDSO), true); } }
