package dev.fastclock.tests;

import dev.fastclock.linux.x64.Route;

/** The jdk route of the Linux provider. */
class JdkRouteTimeSourceTest extends TimeSourceContract { JdkRouteTimeSourceTest() { super(() -> Routes.source(Route.JDK)); } }
