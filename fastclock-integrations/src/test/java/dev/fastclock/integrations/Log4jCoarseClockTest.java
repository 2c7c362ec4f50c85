package dev.fastclock.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fastclock.SettableClock;

import java.time.Instant;
import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.util.ClockFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real Log4j2 logger and file appender with {@code -Dlog4j2.clock=...Log4jCoarseClock}: each line carries FastClock's coarse millisecond. */
class Log4jCoarseClockTest {

    private static Log4jLines log;

    @BeforeAll
    static void configure() {
        log = Log4jLines.configure(Log4jCoarseClock.class);
    }

    @AfterAll
    static void shutdown() {
        Log4jLines.shutdown();
    }

    @Test
    void everyLineCarriesTheSettableClocksMillisecond() {
        SettableClock clock = Settable.clock();
        clock.setEpoch(Instant.parse("2031-05-04T03:02:01.123456789Z"));
        Logger logger = LogManager.getLogger("orders");

        logger.info("first");
        clock.advance(2_000_000); // 2 ms
        logger.info("second");

        // Log4j2 asks a non-precise clock for milliseconds only: the nanoseconds below the millisecond are zero.
        assertEquals(List.of(
                        "2031-05-04T03:02:01.123000000 INFO  orders - first",
                        "2031-05-04T03:02:01.125000000 INFO  orders - second"),
                log.lines());
        assertEquals(Log4jCoarseClock.class, ClockFactory.getClock().getClass(), "Log4j2 took the clock from -Dlog4j2.clock");
    }

    @Test
    void currentTimeMillisReadsTheCoarseClockAtEveryCall() {
        SettableClock clock = Settable.clock();
        Log4jCoarseClock coarse = new Log4jCoarseClock();
        clock.setEpochNanos(5_999_999L);
        assertEquals(5, coarse.currentTimeMillis());
        clock.advance(1);
        assertEquals(6, coarse.currentTimeMillis());
    }
}
