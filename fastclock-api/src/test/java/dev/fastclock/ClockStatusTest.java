package dev.fastclock;

import dev.fastclock.ClockStatus.Leap;
import dev.fastclock.spi.Timex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ClockStatus} as a value: from its fields and from a provider's {@link Timex}, no FastClock static method called. */
class ClockStatusTest {

    private static ClockStatus status(int state, int bits) {
        return ClockStatus.of(state, bits, 0, 0, 10, 5, 0, 0);
    }

    @Test
    void theKernelsConstants() {
        assertEquals(0, ClockStatus.TIME_OK);
        assertEquals(1, ClockStatus.TIME_INS);
        assertEquals(2, ClockStatus.TIME_DEL);
        assertEquals(3, ClockStatus.TIME_OOP);
        assertEquals(4, ClockStatus.TIME_WAIT);
        assertEquals(5, ClockStatus.TIME_ERROR);
        assertEquals(0x10, ClockStatus.STA_INS);
        assertEquals(0x20, ClockStatus.STA_DEL);
        assertEquals(0x40, ClockStatus.STA_UNSYNC);
        assertEquals(0x2000, ClockStatus.STA_NANO);
    }

    @Test
    void ofKeepsEveryField() {
        ClockStatus s = ClockStatus.of(ClockStatus.TIME_OK, 0x2001, -12, 3.125, 1_234, 56, 37, 1_700_000_000_000_000_000L);
        assertTrue(s.known());
        assertTrue(s.isSynchronized());
        assertEquals(ClockStatus.TIME_OK, s.state());
        assertEquals(0x2001, s.statusBits());
        assertEquals(-12, s.offsetNanos());
        assertEquals(3.125, s.frequencyPpm());
        assertEquals(1_234, s.maxErrorMicros());
        assertEquals(56, s.estimatedErrorMicros());
        assertEquals(37, s.taiOffsetSeconds());
        assertEquals(1_700_000_000_000_000_000L, s.readAtEpochNanos());
        assertEquals(Leap.NONE, s.leap());
    }

    @Test
    void ofRefusesWhatTheKernelCannotSay() {
        assertThrows(IllegalArgumentException.class, () -> status(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> status(6, 0));
        assertThrows(IllegalArgumentException.class, () -> ClockStatus.of(0, 0, 0, 0, -1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ClockStatus.of(0, 0, 0, 0, 0, -1, 0, 0));
    }

    @Test
    void unknownSaysNothingAndFailsEveryBound() {
        ClockStatus u = ClockStatus.unknown(99);
        assertFalse(u.known());
        assertFalse(u.isSynchronized());
        assertEquals(Long.MAX_VALUE, u.maxErrorMicros(), "a bound check against an unknown clock fails");
        assertEquals(Long.MAX_VALUE, u.estimatedErrorMicros());
        assertEquals(-1, u.state());
        assertEquals(0, u.statusBits());
        assertEquals(0, u.offsetNanos());
        assertEquals(0.0, u.frequencyPpm());
        assertEquals(0, u.taiOffsetSeconds());
        assertEquals(Leap.NONE, u.leap());
        assertEquals(99, u.readAtEpochNanos());
        assertEquals("unknown (the provider cannot tell the kernel's clock state)", u.toString());
    }

    @ParameterizedTest(name = "state {0}, bits {1}")
    @CsvSource({
            // state, bits, synchronized, leap
            "0, 0,      true,  NONE",
            "1, 0,      true,  INSERT_PENDING",
            "2, 0,      true,  DELETE_PENDING",
            "3, 0,      true,  IN_PROGRESS",
            "4, 0,      true,  JUST_PASSED",
            "5, 0,      false, NONE",
            // not synchronized: the leap comes from the STA_INS / STA_DEL bits
            "5, 0x10,   false, INSERT_PENDING",
            "5, 0x20,   false, DELETE_PENDING",
            "5, 0x50,   false, INSERT_PENDING",
            // STA_UNSYNC alone makes a clock not synchronized, whatever the state
            "0, 0x40,   false, NONE",
            "1, 0x40,   false, INSERT_PENDING",
            "0, 0x2000, true,  NONE",
    })
    void synchronizedAndLeapForEveryState(int state, String bits, boolean sync, Leap leap) {
        ClockStatus s = status(state, Integer.decode(bits));
        assertEquals(sync, s.isSynchronized(), s::toString);
        assertEquals(leap, s.leap(), s::toString);
    }

    @Test
    void everyStateHasALeap() {
        for (int state = ClockStatus.TIME_OK; state <= ClockStatus.TIME_ERROR; state++) {
            assertEquals(state == ClockStatus.TIME_INS ? Leap.INSERT_PENDING : state == ClockStatus.TIME_DEL ? Leap.DELETE_PENDING
                    : state == ClockStatus.TIME_OOP ? Leap.IN_PROGRESS : state == ClockStatus.TIME_WAIT ? Leap.JUST_PASSED : Leap.NONE,
                    status(state, 0).leap());
        }
    }

    @Test
    void toStringIsOneReadableLine() {
        ClockStatus ok = ClockStatus.of(ClockStatus.TIME_OK, 0x2001, -12, 3.125, 1_234, 56, 37, 0);
        assertEquals("synchronized: maxerror 1234 us, esterror 56 us, offset -12 ns, freq 3.125 ppm, tai 37 s, leap none"
                + " (state TIME_OK, status 0x2001)", ok.toString());
        ClockStatus error = ClockStatus.of(ClockStatus.TIME_ERROR, ClockStatus.STA_UNSYNC | ClockStatus.STA_INS, 0, -2.5, 16_000_000,
                16_000_000, 0, 0);
        assertEquals("not synchronized: maxerror 16000000 us (the kernel's worst case), esterror 16000000 us, offset 0 ns, freq -2.5 ppm,"
                + " tai 0 s, leap insert pending (state TIME_ERROR, status 0x50)", error.toString());
        for (int state = 0; state <= 5; state++) {
            String s = status(state, 0).toString();
            assertFalse(s.contains("\n") || s.contains("\r"), s);
        }
    }

    @Test
    void equalsAndHashCodeCoverEveryField() {
        ClockStatus a = ClockStatus.of(1, 0x10, 2, 3.5, 4, 5, 6, 7);
        assertEquals(a, ClockStatus.of(1, 0x10, 2, 3.5, 4, 5, 6, 7));
        assertEquals(a.hashCode(), ClockStatus.of(1, 0x10, 2, 3.5, 4, 5, 6, 7).hashCode());
        assertNotEquals(a, ClockStatus.of(2, 0x10, 2, 3.5, 4, 5, 6, 7));
        assertNotEquals(a, ClockStatus.of(1, 0x11, 2, 3.5, 4, 5, 6, 7));
        assertNotEquals(a, ClockStatus.of(1, 0x10, 3, 3.5, 4, 5, 6, 7));
        assertNotEquals(a, ClockStatus.of(1, 0x10, 2, 3.25, 4, 5, 6, 7));
        assertNotEquals(a, ClockStatus.of(1, 0x10, 2, 3.5, 5, 5, 6, 7));
        assertNotEquals(a, ClockStatus.of(1, 0x10, 2, 3.5, 4, 6, 6, 7));
        assertNotEquals(a, ClockStatus.of(1, 0x10, 2, 3.5, 4, 5, 7, 7));
        assertNotEquals(a, ClockStatus.of(1, 0x10, 2, 3.5, 4, 5, 6, 8));
        assertNotEquals(ClockStatus.unknown(7), ClockStatus.of(0, 0, 0, 0, Long.MAX_VALUE, Long.MAX_VALUE, 0, 7), "known or not");
        assertEquals(ClockStatus.unknown(7), ClockStatus.unknown(7));
        assertNotEquals(a, null);
        assertNotEquals(a, "a");
    }

    @Test
    void fromTheProvidersFieldsTheOffsetIsInNanosecondsWhateverTheBits() {
        ClockStatus nano = ClockStatus.of(new Timex(true, 0, ClockStatus.STA_NANO, -1_500, 65_536 * 3 / 2, 100, 20, 37), 5);
        assertEquals(-1_500, nano.offsetNanos(), "the provider hands the offset on in nanoseconds");
        assertEquals(1.5, nano.frequencyPpm(), "freq is ppm scaled by 2^16");
        assertEquals(100, nano.maxErrorMicros());
        assertEquals(20, nano.estimatedErrorMicros());
        assertEquals(37, nano.taiOffsetSeconds());
        assertEquals(5, nano.readAtEpochNanos());

        ClockStatus micro = ClockStatus.of(new Timex(true, 0, 0, -1_500, -65_536, 100, 20, 0), 5);
        assertEquals(-1_500, micro.offsetNanos(), "without STA_NANO too: converting is the provider's (the kernel's microseconds)");
        assertEquals(0, micro.statusBits(), "the bits as given");
        assertEquals(-1.0, micro.frequencyPpm());
    }

    @Test
    void fromTheKernelsFieldsWhatCannotBeToldIsUnknown() {
        assertEquals(ClockStatus.unknown(5), ClockStatus.of(Timex.UNKNOWN, 5));
        assertEquals(ClockStatus.unknown(5), ClockStatus.of(new Timex(true, 6, 0, 0, 0, 0, 0, 0), 5), "a state past TIME_ERROR");
        assertEquals(ClockStatus.unknown(5), ClockStatus.of(new Timex(true, -1, 0, 0, 0, 0, 0, 0), 5));
        ClockStatus negative = ClockStatus.of(new Timex(true, 0, 0, 0, 0, -3, -4, 0), 5);
        assertEquals(0, negative.maxErrorMicros(), "a negative error from a provider is read as 0, not refused");
        assertEquals(0, negative.estimatedErrorMicros());
    }
}
