package dev.fastclock.tests;

import dev.fastclock.FastClock;

/** The static facade's active backend, as the application gets it. */
class FacadeTimeSourceTest extends TimeSourceContract { FacadeTimeSourceTest() { super(FastClock::source); } }
