package dev.fastclock.testproviders;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.Reader;
import dev.fastclock.spi.StatusReader;
import dev.fastclock.spi.TickReader;
import dev.fastclock.spi.Timex;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK's answers ({@link Method#jdk()}) with every call counted: its readings are real, so they can be
 * bracketed by {@link System#nanoTime()}, and the count proves which calls it served (the JDK's answer
 * that stands in while a choice is under way counts nothing). It plans every method itself.
 */
public final class TallyBackend implements FastClockBackend {

    /** The route name of its plans. */
    public static final String ROUTE = "tally";

    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong plans = new AtomicLong();

    /** A backend with no calls counted yet. */
    public TallyBackend() {
    }

    /** How many reader calls (read, toNanos, perSecond, timex) this backend has served. @return the count */
    public long calls() {
        return calls.get();
    }

    /** How many plans FastClock asked for. @return the count */
    public long plans() {
        return plans.get();
    }

    @Override
    public Plan plan(Method method) {
        plans.incrementAndGet();
        return new Plan(new Counted(method.jdk(), calls), new MethodRoute(method.apiName(), ROUTE, "counted: " + method.jdkDetail(), List.of()),
                null);
    }

    @Override
    public String toString() {
        return "TallyBackend[" + calls + "]";
    }

    /** The JDK's reader, counted; a tick and a status reader too (the JDK's reader is both). */
    private record Counted(Reader jdk, AtomicLong calls) implements TickReader, StatusReader {
        @Override
        public long read(long arg) {
            calls.incrementAndGet();
            return jdk.read(arg);
        }

        @Override
        public long toNanos(long ticks) {
            calls.incrementAndGet();
            return ((TickReader) jdk).toNanos(ticks);
        }

        @Override
        public long perSecond() {
            calls.incrementAndGet();
            return ((TickReader) jdk).perSecond();
        }

        @Override
        public Timex timex() {
            calls.incrementAndGet();
            return ((StatusReader) jdk).timex();
        }
    }
}
