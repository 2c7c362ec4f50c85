package dev.fastclock.spi;

/**
 * How a backend answers one method: the object FastClock calls on every call, once that method's plan
 * is published. FastClock holds it in a {@code static final} field, so the JIT sees its exact class and
 * its final fields as constants and inlines {@link #read(long)} into the caller: keep it small,
 * allocation-free and branch-light, and make it a record (or a class with final fields) whose state is
 * fixed when it is built. It must be thread-safe.
 */
public interface Reader {

    /**
     * The method's answer.
     *
     * @param arg the argument of a method that takes one (the Linux clock id for
     *            {@link Method#RESOLUTION}); 0 for the others, which ignore it
     * @return the answer, in the method's {@linkplain Method#unit() unit}; for {@link Method#IS_SUPPORTED}
     *         1 for true and 0 for false
     */
    long read(long arg);
}
