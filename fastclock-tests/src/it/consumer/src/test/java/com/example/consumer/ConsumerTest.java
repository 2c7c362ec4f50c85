package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;
import org.junit.jupiter.api.Test;

/** What a user writes first: read the clock and the CPU, and see the fast provider is the one in use. */
class ConsumerTest {

    @Test
    void nanosAndCpuComeFromTheLinuxProvider() {
        long before = System.nanoTime();
        long nanos = FastClock.nanos();
        long after = System.nanoTime();
        assertTrue(before <= nanos && nanos <= after,
                "FastClock.nanos() " + nanos + " outside System.nanoTime() [" + before + ", " + after + "]");

        int cpu = CpuLocator.cpu();
        int cpus = Runtime.getRuntime().availableProcessors();
        assertTrue(cpu >= 0 && cpu < cpus, "CpuLocator.cpu() " + cpu + " outside [0, " + cpus + ")");

        assertEquals("linux-x64", FastClock.providerName(), FastClock.describe());
    }
}
