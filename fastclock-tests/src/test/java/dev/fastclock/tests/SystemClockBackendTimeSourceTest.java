package dev.fastclock.tests;

import dev.fastclock.spi.SystemClockBackend;

/** The pure-Java backend of the jdk provider. */
class SystemClockBackendTimeSourceTest extends TimeSourceContract { SystemClockBackendTimeSourceTest() { super(() -> new BackendSource(new SystemClockBackend())); } }
