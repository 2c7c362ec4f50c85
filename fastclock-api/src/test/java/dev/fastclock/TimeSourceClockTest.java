package dev.fastclock;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TimeSourceClock} over a {@link SettableClock} (no FastClock static method is called here). */
class TimeSourceClockTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void millisReadsTheSourcesEpochMillis() {
        SettableClock source = new SettableClock(0, 1_234_567_890_123L);
        TimeSourceClock clock = TimeSourceClock.of(source);
        assertEquals(1_234_567L, clock.millis());
        source.setEpochNanos(9_999_999_999L);
        assertEquals(9_999L, clock.millis(), "reads the source on every call");
    }

    @Test
    void instantReadsTheSourcesEpochNanosToTheNanosecond() {
        SettableClock source = new SettableClock();
        TimeSourceClock clock = TimeSourceClock.of(source);
        Instant when = Instant.parse("2025-06-30T23:59:59.987654321Z");
        source.setEpoch(when);
        assertEquals(when, clock.instant());
        source.advance(1);
        assertEquals(when.plusNanos(1), clock.instant());
    }

    @Test
    void instantsBefore1970ConvertCorrectly() {
        SettableClock source = new SettableClock();
        TimeSourceClock clock = TimeSourceClock.of(source);

        source.setEpochNanos(-1);
        assertEquals(Instant.parse("1969-12-31T23:59:59.999999999Z"), clock.instant());
        assertEquals(-1, clock.millis());

        source.setEpochNanos(-1_000_000_000L);
        assertEquals(Instant.ofEpochSecond(-1), clock.instant());

        source.setEpochNanos(-1_500_000_000L);
        assertEquals(Instant.parse("1969-12-31T23:59:58.5Z"), clock.instant());
        assertEquals(-1_500L, clock.millis());

        source.setEpochNanos(Long.MIN_VALUE);
        assertEquals(Instant.parse("1677-09-21T00:12:43.145224192Z"), clock.instant());
    }

    @Test
    void ofIsUtcAndWithZoneKeepsTheSource() {
        SettableClock source = new SettableClock(0, 1_000_000_000L);
        TimeSourceClock utc = TimeSourceClock.of(source);
        assertEquals(ZoneOffset.UTC, utc.getZone());

        TimeSourceClock tokyo = utc.withZone(TOKYO);
        assertEquals(TOKYO, tokyo.getZone());
        assertEquals(ZoneOffset.UTC, utc.getZone(), "withZone does not change the original");
        assertEquals(utc.instant(), tokyo.instant());
        source.advance(5);
        assertEquals(utc.instant(), tokyo.instant(), "both read the same source");
        assertEquals(ZonedDateTime.parse("1970-01-01T09:00:01.000000005+09:00[Asia/Tokyo]"), ZonedDateTime.now(tokyo));
        assertEquals(LocalDateTime.parse("1970-01-01T00:00:01.000000005"), LocalDateTime.now(utc));

        assertSame(utc, utc.withZone(ZoneOffset.UTC), "same zone, same clock");
        assertEquals(tokyo, TimeSourceClock.of(source, TOKYO));
    }

    @Test
    void equalsAndHashCodeFollowSourceAndZone() {
        SettableClock a = new SettableClock();
        SettableClock b = new SettableClock();
        Clock aUtc = TimeSourceClock.of(a);

        assertEquals(aUtc, TimeSourceClock.of(a));
        assertEquals(aUtc.hashCode(), TimeSourceClock.of(a).hashCode());
        assertEquals(aUtc, TimeSourceClock.of(a, ZoneOffset.UTC));
        assertNotEquals(aUtc, TimeSourceClock.of(a, TOKYO));
        assertNotEquals(aUtc, TimeSourceClock.of(b), "different sources, even with equal readings");
        assertNotEquals(aUtc, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        assertNotEquals(aUtc, null);
    }

    @Test
    void nullsAreRejected() {
        assertThrows(NullPointerException.class, () -> TimeSourceClock.of(null));
        assertThrows(NullPointerException.class, () -> TimeSourceClock.of(new SettableClock(), null));
    }

    @Test
    void toStringNamesSourceAndZone() {
        SettableClock source = new SettableClock();
        String s = TimeSourceClock.of(source, TOKYO).toString();
        assertTrue(s.contains(source.toString()) && s.contains("Asia/Tokyo"), s);
    }
}
