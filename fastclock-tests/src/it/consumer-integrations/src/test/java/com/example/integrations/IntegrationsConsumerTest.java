package com.example.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fastclock.FastClock;
import dev.fastclock.integrations.Log4jClock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.util.ClockFactory;
import org.junit.jupiter.api.Test;

/** The README's integrations section followed to the letter: one dependency, and the fast provider is there. */
class IntegrationsConsumerTest {

    @Test
    void theIntegrationsAloneBringTheLinuxProvider() {
        assertEquals("linux-x64", FastClock.providerName(), FastClock.describe());
    }

    @Test
    void log4jStampsWithFastClock() {
        LogManager.getLogger(IntegrationsConsumerTest.class).info("an event");
        assertTrue(ClockFactory.getClock() instanceof Log4jClock, () -> "Log4j2's clock: " + ClockFactory.getClock());
    }
}
