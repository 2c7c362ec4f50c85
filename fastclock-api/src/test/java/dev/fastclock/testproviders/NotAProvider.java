package dev.fastclock.testproviders;

/** A class named in a services file although it does not implement FastClockProvider. */
public final class NotAProvider {

    /** For ServiceLoader, which must refuse it anyway. */
    public NotAProvider() {
    }
}
