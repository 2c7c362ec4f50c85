package dev.fastclock.tests;

import dev.fastclock.spi.SystemClockBackend;

/** The pure-Java backend: -1 and -1, and says so with isSupported() false. */
class SystemClockBackendCpuSourceTest extends CpuSourceContract { SystemClockBackendCpuSourceTest() { super(() -> new BackendSource(new SystemClockBackend()), false); } }
