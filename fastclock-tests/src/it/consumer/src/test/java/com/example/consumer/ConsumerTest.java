package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fastclock.ClockStatus;
import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;
import dev.fastclock.Report;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import java.util.Arrays;
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

    @Test
    void theNewClocksAndTheReportAsData() {
        long before = System.nanoTime();
        long boot = FastClock.bootNanos();
        assertTrue(boot >= before, "bootNanos() " + boot + " below System.nanoTime() " + before);

        long t0 = FastClock.ticks();
        long t1 = FastClock.ticks();
        assertTrue(t1 >= t0 && FastClock.ticksToNanos(t1 - t0) >= 0, "ticks() went back");

        Report report = FastClock.report();
        assertEquals("linux-x64", report.provider(), report::toString);
        MethodRoute cpu = report.method("cpu").orElseThrow();
        assertTrue(!cpu.route().equals("jdk"), () -> "cpu() should be served natively: " + cpu);
        assertTrue(FastClock.describe().startsWith("FastClock provider: linux-x64"), FastClock.describe());
    }

    @Test
    void everyMethodOfTheCatalogueIsInTheReportAndAnswers() {
        Report report = FastClock.report();
        for (Method m : Method.values()) {
            FastClock.read(m); // answers, never throws
            if (m.planned()) {
                assertTrue(report.method(m.apiName()).isPresent(), () -> m.apiName() + " is missing from the report:\n" + report);
            }
        }
        assertEquals(Arrays.stream(Method.values()).filter(Method::planned).count(), report.methods().size(), report::toString);
        // The wall clock's status, from the kernel (issue 20): a state the kernel has, never the JDK's "unknown".
        ClockStatus status = FastClock.clockStatus();
        assertTrue(status.known(), status::toString);
        assertTrue(status.state() >= ClockStatus.TIME_OK && status.state() <= ClockStatus.TIME_ERROR, status::toString);
    }
}
