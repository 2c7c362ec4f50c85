package dev.fastclock.tests;

import dev.fastclock.linux.x64.Route;

/** The tsc route: ticks from rdtsc (forced, so even where the kernel does not trust the TSC); the other methods keep their default route. */
class TscRouteTimeSourceTest extends TimeSourceContract { TscRouteTimeSourceTest() { super(() -> Routes.source(Route.TSC)); } }
