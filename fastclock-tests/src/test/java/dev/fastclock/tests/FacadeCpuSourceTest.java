package dev.fastclock.tests;

import dev.fastclock.CpuLocator;

/** CpuLocator's active backend, as the application gets it: the Linux provider here, so it must know the CPU. */
class FacadeCpuSourceTest extends CpuSourceContract { FacadeCpuSourceTest() { super(CpuLocator::source, true); } }
