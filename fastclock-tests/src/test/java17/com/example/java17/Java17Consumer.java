package com.example.java17;

import dev.fastclock.ClockId;
import dev.fastclock.ClockStatus;
import dev.fastclock.CpuLocator;
import dev.fastclock.FastClock;
import dev.fastclock.SettableClock;
import dev.fastclock.spi.Method;

import java.time.Clock;
import java.time.Instant;

/**
 * An application written for Java 17 that uses FastClock (compiled with {@code --release 17} at test time, on the
 * class path or as module {@code com.example.app}), printing {@code key=value} lines that the tests read.
 *
 * <pre>
 * values     the provider, every method's value checked against the JDK's clocks around it, every method of the
 *            catalogue read through FastClock.read ("read.nanos=..."), the clock status, describe(); then it waits for
 *            FastClock's log thread, so every start-up message is on stderr
 * settable   with -Dfastclock.provider=settable: the static methods and the java.time view read the settable clock
 * </pre>
 */
public final class Java17Consumer {

    private static final long MILLI = 1_000_000L;

    private Java17Consumer() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "values";
        switch (mode) {
            case "values":
                values();
                break;
            case "settable":
                settable();
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.println("probe=done");
    }

    private static void values() {
        System.out.println("java.specification.version=" + System.getProperty("java.specification.version"));
        System.out.println("provider=" + FastClock.providerName());
        System.out.println("api.module=" + moduleName(FastClock.class));
        System.out.println("consumer.module=" + moduleName(Java17Consumer.class));

        long a = System.nanoTime();
        long nanos = FastClock.nanos();
        long coarseNanos = FastClock.coarseNanos();
        long c = System.nanoTime();
        within("nanos", nanos, a, c);
        // a coarse clock trails by up to a timer tick: a second of room proves it is the right clock, not its tick
        within("coarseNanos", coarseNanos, a - 1_000 * MILLI, c);

        long before = epochNanos(Instant.now());
        long epochNanos = FastClock.epochNanos();
        long epochMicros = FastClock.epochMicros();
        long epochMillis = FastClock.epochMillis();
        long coarseEpochMillis = FastClock.coarseEpochMillis();
        long epochSeconds = FastClock.epochSeconds();
        Instant viewInstant = FastClock.systemUTC().instant();
        long viewMillis = FastClock.systemUTC().millis();
        long after = epochNanos(Instant.now());
        // one millisecond of room either side: the JDK's clocks differ in their rounding, never by more
        within("epochNanos", epochNanos, before - MILLI, after + MILLI);
        within("epochMicros", epochMicros * 1_000, before - MILLI, after + MILLI);
        within("epochMillis", epochMillis * MILLI, before - MILLI, after + MILLI);
        within("coarseEpochMillis", coarseEpochMillis * MILLI, before - 1_000 * MILLI, after + MILLI);
        within("epochSeconds", epochSeconds * 1_000 * MILLI, before - 1_000 * MILLI, after);
        within("systemUTC().instant()", epochNanos(viewInstant), before - MILLI, after + MILLI);
        within("systemUTC().millis()", viewMillis * MILLI, before - MILLI, after + MILLI);
        if (FastClock.resolutionNanos(ClockId.MONOTONIC) < 1) {
            throw new AssertionError("resolutionNanos(MONOTONIC) < 1");
        }
        if (!Clock.systemUTC().getZone().equals(FastClock.systemUTC().getZone())) {
            throw new AssertionError("systemUTC() is not in UTC: " + FastClock.systemUTC().getZone());
        }
        System.out.println("cpu=" + CpuLocator.cpu());
        System.out.println("node=" + CpuLocator.node());
        System.out.println("supported=" + CpuLocator.isSupported());
        // Every method of the catalogue answers, through the tools' loop over it.
        for (Method m : Method.values()) {
            System.out.println("read." + m.apiName() + "=" + FastClock.read(m));
        }
        ClockStatus status = FastClock.clockStatus();
        System.out.println("status.known=" + status.known());
        System.out.println("status=" + status);
        System.out.println("values=ok");
        describe();
        awaitLogDelivery();
    }

    /**
     * Waits (up to 10 s) for FastClock's log threads, daemons named {@code fastclock-log}, so its start-up messages
     * are on stderr before the program ends: the tests count them.
     */
    private static void awaitLogDelivery() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("fastclock-log")) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void settable() {
        SettableClock clock = SettableClock.installed();
        Instant set = Instant.parse("2031-05-04T03:02:01.123456789Z");
        clock.setNanos(1_000).setEpoch(set).advance(5);
        equal("nanos", 1_005, FastClock.nanos());
        equal("epochNanos", epochNanos(set) + 5, FastClock.epochNanos());
        equal("epochMillis", set.toEpochMilli(), FastClock.epochMillis());
        Clock view = FastClock.systemUTC();
        if (!view.instant().equals(set.plusNanos(5))) {
            throw new AssertionError("systemUTC().instant() " + view.instant() + ", expected " + set.plusNanos(5));
        }
        equal("systemUTC().millis()", set.toEpochMilli(), view.millis());
        // Issue 20: a test sets the clock status it wants its code to see: a leap second to be inserted.
        clock.setClockStatus(ClockStatus.of(ClockStatus.TIME_INS, ClockStatus.STA_INS, 0, 0.0, 250, 10, 37, 0));
        ClockStatus status = FastClock.clockStatus();
        if (!status.known() || !status.isSynchronized() || status.leap() != ClockStatus.Leap.INSERT_PENDING || status.maxErrorMicros() != 250
                || status.taiOffsetSeconds() != 37 || status.readAtEpochNanos() != epochNanos(set) + 5) {
            throw new AssertionError("FastClock.clockStatus() " + status + " is not the status set on the settable clock");
        }
        System.out.println("provider=" + FastClock.providerName());
        System.out.println("settable=ok");
    }

    private static long epochNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static void within(String what, long v, long low, long high) {
        if (v < low || v > high) {
            throw new AssertionError("FastClock." + what + " " + v + " outside [" + low + ", " + high + "]");
        }
    }

    private static void equal(String what, long expected, long actual) {
        if (expected != actual) {
            throw new AssertionError("FastClock." + what + " " + actual + ", expected " + expected);
        }
    }

    private static String moduleName(Class<?> c) {
        Module m = c.getModule();
        return m.isNamed() ? m.getName() : "unnamed";
    }

    private static void describe() {
        System.out.println("--- describe ---");
        System.out.println(FastClock.describe().strip());
        System.out.println("--- end describe ---");
    }
}
