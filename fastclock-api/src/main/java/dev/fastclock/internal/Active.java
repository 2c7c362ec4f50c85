package dev.fastclock.internal;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.SystemClockBackend;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

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

    /** Guards the claim on {@link #selecting}, never held while selecting. */
    private static final Object CLAIM = new Object();
    /**
     * The thread selecting, or null. A call that re-enters on that thread answers from the JDK; a call
     * from another thread waits (yielding, at most a second) for the choice, since the JDK's stand-in
     * would be in other units for ticks and "unknown" for the CPU. The selecting thread takes no lock
     * and logs nothing while it selects, so the wait is bounded by its work. Released with a plain
     * field write, which no stack overflow can stop (a method call could).
     */
    private static volatile Thread selecting;
    private static final MutableCallSite SITE;
    /** The call site's invoker; null only if the initializer itself was cut short (then {@link #backend()} selects directly). */
    private static final MethodHandle CURRENT;
    private static volatile Selection selection;

    // This initializer must not fail: a class whose initializer fails is unusable for the life of the JVM
    // (a first call at the stack's edge). So it builds nothing it does not need, and survives even that.
    static {
        MutableCallSite site = null;
        MethodHandle current = null;
        try {
            site = new MutableCallSite(MethodType.methodType(FastClockBackend.class));
            site.setTarget(MethodHandles.lookup().findStatic(Active.class, "select", MethodType.methodType(FastClockBackend.class)));
            current = site.dynamicInvoker();
        } catch (Throwable t) {
            site = null;
            current = null;
        }
        SITE = site;
        CURRENT = current;
    }

    private Active() {
    }

    /**
     * The backend every static call goes to: the chosen one, or the JDK's while a selection is under way.
     *
     * @return the backend
     */
    public static FastClockBackend backend() {
        MethodHandle h = CURRENT; // a constant: the JIT folds this test away
        if (h == null) {
            Selection s = selection;
            return s != null ? s.backend() : select();
        }
        try {
            return (FastClockBackend) h.invokeExact();
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
        Thread me = Thread.currentThread();
        long deadline = 0;
        while (true) {
            synchronized (CLAIM) {
                if (selecting == null) {
                    selecting = me;
                    break;
                }
            }
            s = selection;
            if (s != null) {
                return s.backend();
            }
            if (selecting == me) {
                return new SystemClockBackend(); // re-entered while selecting: stateless, only meanwhile
            }
            if (deadline == 0) {
                deadline = System.nanoTime() + 1_000_000_000L;
            } else if (System.nanoTime() - deadline > 0) {
                return new SystemClockBackend();
            }
            Thread.yield();
        }
        s = selection;
        if (s != null) { // published while this thread waited for the claim
            selecting = null;
            return s.backend();
        }
        try {
            s = Selection.fromServiceLoader();
        } catch (Throwable t) {
            // A stack overflow or out of memory mid-way: nothing is published, the next call selects again.
            selecting = null;
            return new SystemClockBackend();
        }
        selection = s; // published: from here on every call gets the chosen backend, through here if need be
        try {
            if (SITE != null) {
                SITE.setTarget(MethodHandles.constant(FastClockBackend.class, s.backend()));
                MutableCallSite.syncAll(new MutableCallSite[] {SITE});
            }
        } catch (Throwable t) {
            // The JIT's shortcut could not be installed; calls still reach the choice through select().
        } finally {
            selecting = null;
        }
        Logs.flush(s.deferredLogs());
        return s.backend();
    }
}
