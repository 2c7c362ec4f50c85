package dev.fastclock.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.fastclock.SettableClock;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.EpochMicroClock;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.junit.jupiter.api.Test;

/** Each of Agrona's clock interfaces reads FastClock at every call. */
class AgronaClocksTest {

    @Test
    void eachClockReadsFastClockAtEveryCall() {
        SettableClock clock = Settable.clock();
        EpochClock epoch = AgronaClocks.epochClock();
        EpochNanoClock epochNano = AgronaClocks.epochNanoClock();
        EpochMicroClock epochMicro = AgronaClocks.epochMicroClock();
        NanoClock nano = AgronaClocks.nanoClock();

        clock.setNanos(1_000).setEpochNanos(1_700_000_000_123_456_789L);
        assertEquals(1_700_000_000_123L, epoch.time());
        assertEquals(1_700_000_000_123_456_789L, epochNano.nanoTime());
        assertEquals(1_700_000_000_123_456L, epochMicro.microTime());
        assertEquals(1_000, nano.nanoTime());

        clock.advance(1_543_211);
        assertEquals(1_700_000_000_125L, epoch.time());
        assertEquals(1_700_000_000_125_000_000L, epochNano.nanoTime());
        assertEquals(1_700_000_000_125_000L, epochMicro.microTime());
        assertEquals(1_544_211, nano.nanoTime());
    }

    @Test
    void eachMethodReturnsOneSharedInstance() {
        assertSame(AgronaClocks.epochClock(), AgronaClocks.epochClock());
        assertSame(AgronaClocks.epochNanoClock(), AgronaClocks.epochNanoClock());
        assertSame(AgronaClocks.epochMicroClock(), AgronaClocks.epochMicroClock());
        assertSame(AgronaClocks.nanoClock(), AgronaClocks.nanoClock());
    }
}
