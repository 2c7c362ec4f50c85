package dev.fastclock.internal;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.SystemClockBackend;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The chosen backend, selected at the first call of FastClock or CpuLocator, outside any class
 * initializer and any lock.
 *
 * <p>The backend sits behind a {@link MutableCallSite}: until a selection is published its target
 * selects; after, its target is the chosen backend as a constant, which the JIT inlines into each
 * caller as it would a {@code static final} (measured equal in fastclock-bench). What this buys over
 * a holder class: a call that comes back while selection is under way (a logger that stamps its
 * records with FastClock, on this thread or another) gets the JDK's answer instead of a deadlock or a
 * half-initialized class, and a selection cut short by a {@link StackOverflowError} or an
 * {@link OutOfMemoryError} simply runs again at the next call instead of failing for good.
 * The selection's own messages are logged after it is published.
 */
public final class Active {

    private static final FastClockBackend JDK = new SystemClockBackend();
    private static final MutableCallSite SITE = new MutableCallSite(MethodType.methodType(FastClockBackend.class));
    private static final MethodHandle CURRENT = SITE.dynamicInvoker();
    /** Held while one thread selects; a re-entrant or racing call answers from the JDK meanwhile. */
    private static final AtomicBoolean SELECTING = new AtomicBoolean();
    private static volatile Selection selection;

    static {
        try {
            SITE.setTarget(MethodHandles.lookup().findStatic(Active.class, "select", MethodType.methodType(FastClockBackend.class)));
        } catch (ReflectiveOperationException e) {
            throw new LinkageError("Active.select", e); // a build error, never a runtime condition
        }
    }

    private Active() {
    }

    /**
     * The backend every static call goes to: the chosen one, or the JDK's while a selection is under way.
     *
     * @return the backend
     */
    public static FastClockBackend backend() {
        try {
            return (FastClockBackend) CURRENT.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t); // select() throws nothing checked
        }
    }

    /**
     * The published selection, selecting now if none is yet; null only while another thread (or this
     * one, re-entering) is selecting.
     *
     * @return the selection, or null
     */
    public static Selection selection() {
        backend();
        return selection;
    }

    /** The call site's first target: selects once, publishes, then logs. Never throws. */
    private static FastClockBackend select() {
        Selection s = selection;
        if (s != null) {
            return s.backend(); // published; this thread had not yet seen the new target
        }
        if (!SELECTING.compareAndSet(false, true)) {
            return JDK;
        }
        try {
            s = Selection.fromServiceLoader();
            selection = s;
            SITE.setTarget(MethodHandles.constant(FastClockBackend.class, s.backend()));
            MutableCallSite.syncAll(new MutableCallSite[] {SITE});
        } catch (Throwable t) {
            // A stack overflow or out of memory mid-way: nothing is published, the next call selects again.
            selection = null;
            return JDK;
        } finally {
            SELECTING.set(false);
        }
        Logs.flush(s.deferredLogs());
        return s.backend();
    }
}
