package dev.fastclock.tests;

import dev.fastclock.linux.x64.Route;

/** The jdk route of the Linux provider: the JDK cannot tell the CPU, so -1. */
class JdkRouteCpuSourceTest extends CpuSourceContract { JdkRouteCpuSourceTest() { super(() -> Routes.source(Route.JDK), false); } }
