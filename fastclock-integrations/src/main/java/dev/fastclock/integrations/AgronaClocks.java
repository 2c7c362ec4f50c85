package dev.fastclock.integrations;

import dev.fastclock.FastClock;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.EpochMicroClock;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

/**
 * Agrona's clock interfaces over FastClock, for Aeron and other Agrona-based code that takes its clocks
 * as arguments: {@code ctx.epochClock(AgronaClocks.epochClock())}, and so on. Each method returns the
 * same stateless instance every time; each call on it reads FastClock.
 */
public final class AgronaClocks {

    private static final EpochClock EPOCH = new Epoch();
    private static final EpochNanoClock EPOCH_NANO = new EpochNano();
    private static final EpochMicroClock EPOCH_MICRO = new EpochMicro();
    private static final NanoClock NANO = new Nano();

    private AgronaClocks() {
    }

    /**
     * Milliseconds since the Unix epoch, from {@link FastClock#epochMillis()}: in place of Agrona's
     * {@code SystemEpochClock}.
     *
     * @return the clock
     */
    public static EpochClock epochClock() {
        return EPOCH;
    }

    /**
     * Nanoseconds since the Unix epoch, from {@link FastClock#epochNanos()}: in place of Agrona's
     * {@code SystemEpochNanoClock} or {@code OffsetEpochNanoClock}.
     *
     * @return the clock
     */
    public static EpochNanoClock epochNanoClock() {
        return EPOCH_NANO;
    }

    /**
     * Microseconds since the Unix epoch, from {@link FastClock#epochMicros()}: in place of Agrona's
     * {@code SystemEpochMicroClock}.
     *
     * @return the clock
     */
    public static EpochMicroClock epochMicroClock() {
        return EPOCH_MICRO;
    }

    /**
     * Monotonic nanoseconds from {@link FastClock#nanos()}: in place of Agrona's {@code SystemNanoClock}.
     * It keeps the origin of {@link System#nanoTime()}, because Agrona-based code may compare the two.
     *
     * @return the clock
     */
    public static NanoClock nanoClock() {
        return NANO;
    }

    private static final class Epoch implements EpochClock {
        @Override
        public long time() {
            return FastClock.epochMillis();
        }

        @Override
        public String toString() {
            return "AgronaClocks.epochClock()[FastClock.epochMillis()]";
        }
    }

    private static final class EpochNano implements EpochNanoClock {
        @Override
        public long nanoTime() {
            return FastClock.epochNanos();
        }

        @Override
        public String toString() {
            return "AgronaClocks.epochNanoClock()[FastClock.epochNanos()]";
        }
    }

    private static final class EpochMicro implements EpochMicroClock {
        @Override
        public long microTime() {
            return FastClock.epochMicros();
        }

        @Override
        public String toString() {
            return "AgronaClocks.epochMicroClock()[FastClock.epochMicros()]";
        }
    }

    private static final class Nano implements NanoClock {
        @Override
        public long nanoTime() {
            return FastClock.nanos();
        }

        @Override
        public String toString() {
            return "AgronaClocks.nanoClock()[FastClock.nanos()]";
        }
    }
}
