package dev.fastclock.spi;

import java.util.List;

/** Stands in when a forced choice cannot work: every method's reader throws, naming why. */
final class FailedBackend implements FastClockBackend {

    /** The route name the report shows for a method that cannot be served. */
    static final String ROUTE = "none";

    private final String message;
    private final Throwable cause;
    /** Plans are asked for one at a time, so a plain field: the first plan carries the one log line. */
    private boolean said;

    FailedBackend(String message, Throwable cause) {
        this.message = message;
        this.cause = cause;
    }

    @Override
    public Plan plan(Method method) {
        // An expected condition (a bad value, a route not here) is this one line; a failure with a cause was
        // unexpected, and whoever caught it logs it with its stack trace.
        String warning = said || cause != null ? null : message + "; every call throws IllegalStateException";
        said = true;
        return new Plan(new Throwing(message, cause), new MethodRoute(method.apiName(), ROUTE, "throws IllegalStateException: " + message,
                List.of()), warning);
    }

    @Override
    public List<String> notes() {
        return List.of("every method throws IllegalStateException: " + message);
    }

    @Override
    public String toString() {
        return "FailedBackend[" + message + "]";
    }

    /** A reader that throws, for every method (ticks and the clock status included). */
    private record Throwing(String message, Throwable cause) implements TickReader, StatusReader {
        @Override
        public long read(long arg) {
            throw new IllegalStateException(message, cause);
        }

        @Override
        public long toNanos(long ticks) {
            throw new IllegalStateException(message, cause);
        }

        @Override
        public long perSecond() {
            throw new IllegalStateException(message, cause);
        }

        @Override
        public Timex timex() {
            throw new IllegalStateException(message, cause);
        }
    }
}
