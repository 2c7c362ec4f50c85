package dev.fastclock.spi;

/**
 * What a provider's {@link FastClockProvider#create()} throws for an expected condition that keeps it
 * from working here (native access denied, a platform it does not serve): FastClock then reports the
 * provider as not available and logs the message as one line, with no stack trace. Any other exception
 * is a failure, logged with its trace.
 */
public class UnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * The condition, one line, saying what to do about it if anything can be done.
     *
     * @param message the reason
     */
    public UnavailableException(String message) {
        super(message, null, false, false);
    }
}
