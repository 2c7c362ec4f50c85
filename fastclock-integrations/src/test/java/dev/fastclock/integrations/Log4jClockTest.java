package dev.fastclock.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fastclock.SettableClock;

import java.time.Instant;
import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.time.MutableInstant;
import org.apache.logging.log4j.core.util.ClockFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real Log4j2 logger and file appender with {@code -Dlog4j2.clock=...Log4jClock}: each line carries FastClock's time to the nanosecond. */
class Log4jClockTest {

    private static Log4jLines log;

    @BeforeAll
    static void configure() {
        log = Log4jLines.configure(Log4jClock.class);
    }

    @AfterAll
    static void shutdown() {
        Log4jLines.shutdown();
    }

    @Test
    void everyLineCarriesTheSettableClocksTimeToTheNanosecond() {
        SettableClock clock = Settable.clock();
        clock.setEpoch(Instant.parse("2031-05-04T03:02:01.123456789Z"));
        Logger logger = LogManager.getLogger("orders");

        logger.info("first");
        clock.advance(1_111);
        logger.info("second");
        clock.setEpoch(Instant.parse("2031-05-04T03:02:59.999999999Z")).advance(2);
        logger.warn("third");

        assertEquals(List.of(
                        "2031-05-04T03:02:01.123456789 INFO  orders - first",
                        "2031-05-04T03:02:01.123457900 INFO  orders - second",
                        "2031-05-04T03:03:00.000000001 WARN  orders - third"),
                log.lines());
        assertEquals(Log4jClock.class, ClockFactory.getClock().getClass(), "Log4j2 took the clock from -Dlog4j2.clock");
    }

    @Test
    void initAndCurrentTimeMillisReadFastClockAtEveryCall() {
        SettableClock clock = Settable.clock();
        Log4jClock log4jClock = new Log4jClock();
        MutableInstant instant = new MutableInstant();
        clock.setEpochNanos(1_000_000_123L);
        log4jClock.init(instant);
        assertEquals(1, instant.getEpochSecond());
        assertEquals(123, instant.getNanoOfSecond());
        assertEquals(1_000, log4jClock.currentTimeMillis());

        // Before 1970 the second is floored and the nanosecond stays in [0, 1e9), as java.time.Instant has it.
        clock.setEpochNanos(-1L);
        log4jClock.init(instant);
        assertEquals(-1, instant.getEpochSecond());
        assertEquals(999_999_999, instant.getNanoOfSecond());
        assertEquals(-1, log4jClock.currentTimeMillis());
    }
}
