package dev.fastclock.internal;

import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.Reader;
import dev.fastclock.spi.StatusReader;
import dev.fastclock.spi.TickReader;

import java.util.ArrayList;
import java.util.List;

/**
 * The one mechanism behind every first call: choose once, publish, answer meanwhile.
 *
 * <p>Each method of the catalogue ({@link Method}) is planned once, at its first call: the provider is
 * chosen (at the first of all), the chosen backend plans the method, and the plan is published. The API
 * method then reads the plan's {@link Reader} from a holder class of its own ({@code FastClock$NanosReader},
 * a {@code static final} field) once the method's bit in {@link #ready} is set: the JIT folds the
 * reader to a constant and inlines it, so after the first call the hot path is one load and one
 * predicted branch in front of the reader itself. No method handles, no call sites.
 *
 * <p>What a reader of the first call must hold:
 * <ol>
 *   <li><b>One claim.</b> All choosing in the process (selection and every plan) happens under one
 *       claim, held by one thread at a time, taken and released with plain field writes under this
 *       class's monitor (held for the claim only, never while choosing). The thread holding it never
 *       waits for anything, so no wait can turn into a deadlock.</li>
 *   <li><b>Meanwhile.</b> A call that comes back on the choosing thread (a provider's or a logger's
 *       code calling FastClock while the choice is made) gets the catalogue's JDK answer for that call,
 *       and the report counts it: the one stand-in. A call from another thread waits for the claim to be
 *       released, however long that takes, and reads the published plan: until the provider is chosen
 *       no stand-in could be known to be in its units (a settable clock is not {@code System.nanoTime()},
 *       a coarse clock read finely could go back by a tick), and no wait can expire into a different
 *       answer. The price: a provider whose choice waits for another thread that calls FastClock would
 *       wait forever; FastClock's own providers never wait for anything.</li>
 *   <li><b>Failure.</b> A {@link VirtualMachineError} while choosing records nothing and propagates (the
 *       next call chooses again); any other failure of a backend's plan publishes the JDK's answer for
 *       good, with the reason in the report. That is the whole policy, here and nowhere else.</li>
 *   <li><b>The stack's edge.</b> Before it takes the claim a first call proves it has the stack for a
 *       whole choice ({@link #probe}); where it has not, it throws {@link StackOverflowError} having
 *       touched nothing, so no class initializer (ours or the JDK's) can be cut short by the edge and
 *       left unusable.</li>
 *   <li><b>Messages.</b> Collected while choosing and logged after the claim is released, on a daemon
 *       thread ({@link Logs}); kept for the report.</li>
 * </ol>
 *
 * <p>This class has no class initializer: every field below starts at its default value.
 */
public final class Active {

    /** The route name the report shows for a method answered through the catalogue's fallback. */
    public static final String SPI_DEFAULT_ROUTE = "spi-default";

    /** Method i's plan is published: {@code plans[i]} is set. Written only by the claim's owner. */
    private static volatile long published;
    /** Method i's holder class is initialized: the hot path may read it. Written only by the claim's owner. */
    private static volatile long ready;
    /** The thread holding the claim, or null. */
    private static volatile Thread owner;

    // Written only by the claim's owner; read by others after a bit of published (a volatile write after them).
    private static Plan[] plans;
    private static Selection selection;
    private static int[] standIns;
    /** Every message of every choice, in order, for the report; replaced, never changed. */
    private static volatile List<Message> said;
    /** The messages of the choice under way, logged once its claim is released. */
    private static List<Message> pending;
    /** Methods whose holder could not be initialized: they stay on the slow path, and the report says why. */
    private static volatile List<String> unfolded;

    private Active() {
    }

    // ---- the hot path's side ----

    /**
     * Whether the method with {@code bit} ({@code 1L << ordinal}) may be read from its holder.
     *
     * @param bit the method's bit
     * @return true once its holder is initialized
     */
    public static boolean ready(long bit) {
        return (ready & bit) != 0;
    }

    /**
     * For the holder classes' initializers: the published reader of method {@code ordinal}. Never
     * called before that method is published (only the publishing thread initializes a holder).
     *
     * @param ordinal the method's ordinal
     * @return its reader
     */
    public static Reader reader(int ordinal) {
        return plans[ordinal].reader();
    }

    /**
     * {@link #reader(int)} for {@link Method#TICKS}, which is always a {@link TickReader}.
     *
     * @return the ticks' reader
     */
    public static TickReader tickReader() {
        return (TickReader) plans[Method.TICKS.ordinal()].reader();
    }

    /**
     * The slow path of method {@code ordinal}: its published reader's answer, planning it first if no
     * one has; or, only for this call, the JDK's answer (see the class comment).
     *
     * @param ordinal the method's ordinal
     * @param arg     its argument, or 0
     * @return the answer
     */
    public static long read(int ordinal, long arg) {
        return resolve(ordinal).read(arg);
    }

    /**
     * The slow path of {@code ticksToNanos} and {@code ticksPerSecond}: the ticks' reader, planning it if
     * need be, or the JDK's (nanoseconds) while the choice is under way on this thread.
     *
     * @return the reader
     */
    public static TickReader ticks() {
        return (TickReader) resolve(Method.TICKS.ordinal());
    }

    /**
     * The slow path of {@code clockStatus()}: its reader, planning it if need be, or the JDK's (unknown)
     * while the choice is under way on this thread.
     *
     * @return the reader
     */
    public static StatusReader statusReader() {
        return (StatusReader) resolve(Method.CLOCK_STATUS.ordinal());
    }

    // ---- choosing ----

    /**
     * The published reader of method {@code ordinal}, planning it if no one has, after waiting for
     * another thread's choice; the JDK's answer only for a call back from inside this thread's choice.
     */
    private static Reader resolve(int ordinal) {
        long bit = 1L << ordinal;
        if ((published & bit) != 0) {
            return plans[ordinal].reader();
        }
        Thread me = Thread.currentThread();
        if (owner == me) {
            return standIn(ordinal); // a call back from inside this thread's choice
        }
        probe(PROBE_FRAMES);
        Method m = Method.values()[ordinal];
        boolean interrupted = false;
        try {
            while ((published & bit) == 0) {
                Thread o = owner;
                if (o == null) {
                    if (claim(me)) {
                        List<Message> toLog = null;
                        boolean chosen = false;
                        try {
                            choose(m);
                            chosen = true;
                        } finally {
                            // Released by plain writes in this frame, which no stack overflow can stop (a call could).
                            // A choice cut short keeps what it said for the next one to log.
                            if (chosen) {
                                toLog = pending;
                                pending = null;
                            }
                            owner = null;
                        }
                        wakeWaiters();
                        if (toLog != null && !toLog.isEmpty()) {
                            Logs.deliver(toLog);
                        }
                    }
                } else {
                    interrupted |= awaitRelease(o);
                }
            }
        } finally {
            if (interrupted) {
                me.interrupt();
            }
        }
        return plans[ordinal].reader();
    }

    /** The JDK's answer for a call made inside this thread's own choice, counted for the report. */
    private static Reader standIn(int ordinal) {
        if (standIns != null) {
            standIns[ordinal]++; // only the owner gets here, and only the owner writes it
        }
        return Method.values()[ordinal].jdk();
    }

    private static boolean claim(Thread me) {
        synchronized (Active.class) {
            if (owner != null) {
                return false;
            }
            owner = me;
            return true;
        }
    }

    /** After the claim is released: wakes the threads waiting for it (who also look again every few ms). */
    private static void wakeWaiters() {
        synchronized (Active.class) {
            Active.class.notifyAll();
        }
    }

    /** Waits while {@code o} holds the claim; true if interrupted meanwhile (the flag is restored by the caller). */
    private static boolean awaitRelease(Thread o) {
        boolean interrupted = false;
        synchronized (Active.class) {
            while (owner == o) {
                try {
                    Active.class.wait(10);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        return interrupted;
    }

    /** Under the claim: chooses the provider if need be, plans {@code m} and publishes it. */
    private static void choose(Method m) {
        if ((published & (1L << m.ordinal())) != 0) {
            return; // planned while this thread waited for the claim
        }
        if (plans == null) {
            plans = new Plan[Method.values().length];
            standIns = new int[plans.length];
        }
        if (pending == null) {
            pending = new ArrayList<>();
        }
        if (selection == null) {
            Selection s = Selection.fromServiceLoader(); // a VirtualMachineError propagates: nothing recorded
            selection = s;
            say(s.messages());
        }
        plan(m);
    }

    /** Plans and publishes {@code m} (and what its answer rests on: its fallback, the CPU for isSupported). */
    private static Plan plan(Method m) {
        if ((published & (1L << m.ordinal())) != 0) {
            return plans[m.ordinal()];
        }
        FastClockBackend backend = selection.backend();
        Plan p;
        try {
            p = backend.plan(m);
            if (p != null && m == Method.TICKS && !(p.reader() instanceof TickReader)) {
                throw new IllegalStateException(backend.getClass().getName() + " planned ticks with a reader that cannot convert them (not a TickReader)");
            }
            if (p != null && m == Method.CLOCK_STATUS && !(p.reader() instanceof StatusReader)) {
                throw new IllegalStateException(backend.getClass().getName() + " planned clockStatus with a reader that is not a StatusReader");
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            p = Plan.jdk(m, List.of(new MethodRoute.PassedOver(selection.providerName(), "planning failed: " + t)));
            say(List.of(new Message(System.Logger.Level.WARNING, "FastClock: planning " + m.apiName() + " failed, the JDK answers it", t)));
        }
        if (p == null) {
            p = fallback(m);
        } else if (p.warning() != null) {
            say(List.of(new Message(System.Logger.Level.WARNING, "FastClock: " + p.warning(), null)));
        }
        publish(m, p);
        return p;
    }

    /** The plan of a method the backend does not serve: the catalogue's fallback, else the JDK's answer. */
    private static Plan fallback(Method m) {
        String provider = selection.providerName();
        if (m == Method.IS_SUPPORTED) {
            boolean known = !plan(Method.CPU).isJdk() && !plan(Method.NODE).isJdk();
            return new Plan(new Constant(known ? 1 : 0), new MethodRoute(m.apiName(), SPI_DEFAULT_ROUTE,
                    "not served by " + provider + ": true where its cpu and node are not the JDK's", List.of()), null);
        }
        Method f = m.fallback();
        if (f == null) {
            return Plan.jdk(m, List.of(new MethodRoute.PassedOver(provider, "does not serve " + m.apiName())));
        }
        Plan base = plan(f);
        Reader r = m == Method.TICKS ? new NanosAsTicks(base.reader()) : base.reader();
        return new Plan(r, new MethodRoute(m.apiName(), SPI_DEFAULT_ROUTE, "not served by " + provider + ": its " + f.apiName()
                + " answers (" + base.route().route() + ": " + base.route().detail() + ")", List.of()), null);
    }

    /** Publishes {@code p}, then initializes the method's holder so the hot path can fold it. */
    private static void publish(Method m, Plan p) {
        long bit = 1L << m.ordinal();
        plans[m.ordinal()] = p;
        published |= bit;
        // This thread has just chosen, deeper than here: its holder's initializer cannot meet the stack's edge.
        String holder = "dev.fastclock." + m.owner().simpleName() + "$" + Character.toUpperCase(m.apiName().charAt(0)) + m.apiName().substring(1)
                + "Reader";
        try {
            Class.forName(holder, true, Active.class.getClassLoader());
            ready |= bit;
        } catch (VirtualMachineError | LinkageError | ReflectiveOperationException e) {
            List<String> u = new ArrayList<>(unfolded == null ? List.of() : unfolded);
            u.add(m.qualifiedName() + " is answered through the slow path: its holder " + holder + " could not be initialized: " + e);
            unfolded = List.copyOf(u);
        }
    }

    private static void say(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        pending.addAll(messages);
        List<Message> all = new ArrayList<>(said == null ? List.of() : said);
        all.addAll(messages);
        said = List.copyOf(all);
    }

    // ---- the stack's edge ----

    /**
     * Frames of {@link #probe}: about 150 KiB of interpreted frames and 60 KiB of compiled ones, against
     * about 45 KiB that the deepest choice measured needs (provider selection through the ServiceLoader,
     * then the Linux provider opening the vDSO and building its first downcalls, interpreted).
     */
    private static final int PROBE_FRAMES = 600;

    /**
     * Recurses {@code frames} deep and back: a {@link StackOverflowError} here, before anything is
     * touched, is the whole effect of a first call at the stack's edge. The locals are volatile reads
     * used after the call, so even a compiled frame keeps them on the stack.
     */
    private static long probe(int frames) {
        if (frames <= 0) {
            return 0;
        }
        long a = published;
        long b = ready;
        long c = published;
        long d = ready;
        long e = published;
        long f = ready;
        long g = published;
        long h = ready;
        return probe(frames - 1) + (a ^ b ^ c ^ d ^ e ^ f ^ g ^ h);
    }

    // ---- the report's side ----

    /**
     * What {@code FastClock.report()} shows, planning every method not yet planned first. Null while
     * the choice is under way on this very thread (a report asked for from inside it).
     *
     * @return the snapshot, or null
     */
    public static Snapshot snapshot() {
        if (owner == Thread.currentThread()) {
            return null;
        }
        for (Method m : Method.values()) {
            if (m.planned()) {
                resolve(m.ordinal());
            }
        }
        Selection s = selection;
        List<MethodRoute> routes = new ArrayList<>();
        List<String> notes = new ArrayList<>(s.notes());
        for (Method m : Method.values()) {
            if (!m.planned()) {
                continue;
            }
            routes.add(plans[m.ordinal()].route());
            int n = standIns[m.ordinal()];
            if (n > 0) {
                notes.add(m.apiName() + ": " + n + " call(s) made from inside the choice on the choosing thread (a provider's or a logger's"
                        + " code calling back) were answered by the JDK (" + m.jdkDetail() + "), which may not be the clock or the units"
                        + " of the published route");
            }
        }
        if (unfolded != null) {
            notes.addAll(unfolded);
        }
        return new Snapshot(s, routes, notes, said == null ? List.of() : said);
    }

    /**
     * The name of the chosen provider, choosing it if need be; {@code jdk} while the choice is under way
     * on this very thread.
     *
     * @return the name
     */
    public static String providerName() {
        if (owner == Thread.currentThread()) {
            return "jdk"; // asked from inside this thread's choice
        }
        resolve(Method.NANOS.ordinal()); // choosing needs a method to plan: the cheapest
        Selection s = selection;
        return s == null ? "jdk" : s.providerName();
    }

    /**
     * What the report is made of.
     *
     * @param selection the provider's selection
     * @param routes    every planned method's route, in catalogue order
     * @param notes     the selection's notes and the first-call machinery's own
     * @param messages  every start-up message so far
     */
    public record Snapshot(Selection selection, List<MethodRoute> routes, List<String> notes, List<Message> messages) {
    }

    /** A reader with a fixed answer. @param value the answer */
    private record Constant(long value) implements Reader {
        @Override
        public long read(long arg) {
            return value;
        }
    }

    /** Ticks that are a provider's nanoseconds: the fallback of a provider that does not serve ticks. @param nanos its nanos */
    private record NanosAsTicks(Reader nanos) implements TickReader {
        @Override
        public long read(long arg) {
            return nanos.read(arg);
        }

        @Override
        public long toNanos(long ticks) {
            return ticks;
        }

        @Override
        public long perSecond() {
            return 1_000_000_000L;
        }
    }
}
