package dev.fastclock.linux.x64.internal;

import dev.fastclock.spi.Method;
import dev.fastclock.spi.Plan;
import dev.fastclock.spi.Timex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A first call can never break a method. The policy is FastClock's, in one place
 * ({@code dev.fastclock.internal.Active}): a {@link VirtualMachineError} while planning (a stack
 * overflow at the stack's edge, out of memory) records nothing and reaches the caller, and the next
 * call plans again; any other failure publishes the JDK's answer for good, with the reason in the
 * report and one warning. This module's part: the planner swallows nothing and remembers nothing
 * half-made (a route whose opening threw is opened again), and a first call that throws a
 * {@code VirtualMachineError} is not taken for the route's fault. The policy itself is checked here
 * end to end, through FastClock in child JVMs, with this module's planner on injected failures
 * ({@link SeamProvider}).
 */
class PlanningFailureTest {

    /** Reads the live vDSO, but first throws what {@code failure} gives, {@code times} times. */
    static final class FlakyImages implements LinuxEnvironment.ImageReader {
        final AtomicInteger reads = new AtomicInteger();
        private final Supplier<Throwable> failure;
        private final int times;

        FlakyImages(Supplier<Throwable> failure, int times) {
            this.failure = failure;
            this.times = times;
        }

        @Override
        public MemorySegment read(long base, long size) {
            int n = reads.incrementAndGet();
            if (n <= times) {
                Throwable t = failure.get();
                if (t instanceof RuntimeException r) {
                    throw r;
                }
                throw (Error) t;
            }
            return Natives.at(base, size);
        }
    }

    private static Supplier<Throwable> failure(String kind) {
        return switch (kind) {
            case "StackOverflowError" -> () -> new StackOverflowError("injected (test)");
            case "OutOfMemoryError" -> () -> new OutOfMemoryError("injected (test)");
            case "IllegalStateException" -> () -> new IllegalStateException("injected (test)");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"StackOverflowError", "OutOfMemoryError", "IllegalStateException"})
    void theBackendSwallowsNoFailureAndTheNextPlanOpensTheRouteAgain(String kind) {
        FlakyImages images = new FlakyImages(failure(kind), 1);
        Planner p = new Planner(Failsafe.live().withImages(images), Optional.empty());

        Throwable thrown = assertThrows(Throwable.class, () -> p.plan(Method.COARSE_NANOS));
        assertEquals(kind, thrown.getClass().getSimpleName(), "the failure reaches FastClock, which applies its policy");
        assertEquals(1, images.reads.get(), "the vdso was opened, and the " + kind + " thrown");
        assertNull(p.planned(Method.COARSE_NANOS), "nothing recorded: the planner made no plan of it");

        Plan c = p.plan(Method.COARSE_NANOS);
        assertNotNull(c, "the next request planned it");
        assertEquals(RouteId.VDSO, Failsafe.routeId(c), "and found the vdso as if nothing had happened");
        assertEquals(List.of(), c.route().passedOver());
        assertEquals(2, images.reads.get(), "the route was opened again, not remembered half-open");

        // The same through the backend, and every other method plans normally too.
        LinuxBackend b = LinuxBackend.lazy(Failsafe.live().withImages(new FlakyImages(failure(kind), 1)), Optional.empty());
        assertEquals(kind, assertThrows(Throwable.class, () -> b.plan(Method.EPOCH_NANOS)).getClass().getSimpleName());
        assertEquals(RouteId.VDSO, Failsafe.routeId(b.plan(Method.EPOCH_NANOS)));
        Failsafe.assertPlansConsistent(b);
        Failsafe.assertSane(b, true, 20);
    }

    @Test
    void aStackOverflowInTheNodeTableLeavesNodeUnplannedToo() {
        AtomicInteger lists = new AtomicInteger();
        LinuxEnvironment.Files flaky = new LinuxEnvironment.Files() {
            @Override
            public Optional<String> read(String path) {
                return LinuxEnvironment.LIVE_FILES.read(path);
            }

            @Override
            public List<String> list(String dir) {
                if (lists.incrementAndGet() == 1) {
                    throw new StackOverflowError("injected (test)");
                }
                return LinuxEnvironment.LIVE_FILES.list(dir);
            }
        };
        Planner p = new Planner(Failsafe.live().withFiles(flaky), Optional.empty());

        assertThrows(StackOverflowError.class, () -> p.plan(Method.NODE));
        assertNull(p.planned(Method.NODE));
        Plan c = p.plan(Method.NODE);
        assertNotNull(c);
        assertEquals(Failsafe.usualFirst(Method.NODE, Rseq.read()), Failsafe.routeId(c));
        assertEquals(List.of(), c.route().passedOver());
        assertEquals(2, lists.get(), "the table was read again");
        Failsafe.assertNode((int) c.reader().read(0), "node() once planned");
    }

    /** A call whose handle throws {@code t}, like a downcall made at the stack's edge. */
    private static Call throwing(Row m, Throwable t) {
        MethodHandle h = MethodHandles.insertArguments(MethodHandles.throwException(long.class, t.getClass()), 0, t);
        return new Call(MethodHandles.dropArguments(h, 0, long.class, long.class), m.ways.getFirst().arg(), 0,
                m == Row.NODE ? Call.NODE_OF_PACKED : m.ways.getFirst().post(), m.method.jdk(), null, null);
    }

    /** A clock status whose call throws {@code t}. */
    private static StatusCall throwingStatus(Throwable t) {
        return new StatusCall(timex -> {
            if (t instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) t;
        });
    }

    @Test
    void aVirtualMachineErrorInAFirstCallIsNoReasonToPassTheRouteOver() {
        // The sanity rule makes the first call: a stack overflow there is the stack's edge, not the
        // route's fault, and must reach FastClock (which then leaves the method unplanned), not
        // become "its first call threw" and pass a good route over for good.
        for (Row m : Row.values()) {
            if (m == Row.CLOCK_STATUS) {
                assertThrows(StackOverflowError.class, () -> Row.checkStatus(throwingStatus(new StackOverflowError("injected (test)"))));
                assertThrows(OutOfMemoryError.class, () -> Row.checkStatus(throwingStatus(new OutOfMemoryError("injected (test)"))));
                continue;
            }
            Call soe = throwing(m, new StackOverflowError("injected (test)"));
            assertThrows(StackOverflowError.class, () -> m.check(soe), m.apiName());
            Call oome = throwing(m, new OutOfMemoryError("injected (test)"));
            assertThrows(OutOfMemoryError.class, () -> m.check(oome), m.apiName());
        }
    }

    @Test
    void aRouteWhoseFirstCallThrowsIsPassedOverWithTheReason() {
        for (Row m : Row.values()) {
            Optional<String> why = m == Row.CLOCK_STATUS
                    ? Row.checkStatus(throwingStatus(new IllegalStateException("injected (test)")))
                    : m.check(throwing(m, new IllegalStateException("injected (test)")));
            assertEquals(Optional.of("its first call threw java.lang.IllegalStateException: injected (test)"), why, m.apiName());
        }
        // and a clock status whose first call fails, or gives a negative error, is not taken
        assertEquals(Optional.of("its first call failed"), Row.checkStatus(new StatusCall(t -> -1)));
        assertEquals(Optional.of("its first call failed"), Row.checkStatus(new StatusCall(t -> 6)), "no state 6");
        assertTrue(Row.checkStatus(new StatusCall(t -> {
            t.set(java.lang.foreign.ValueLayout.JAVA_LONG, dev.fastclock.linux.x64.bindings.fastclock_h.timex.maxerror$OFFSET, -5L);
            return 0;
        })).orElseThrow().contains("maxerror -5"));
        assertSame(Timex.UNKNOWN, new StatusCall(t -> -1).timex());
    }

    // ---- FastClock's policy, end to end in child JVMs ----

    @Test
    void anyOtherFailurePublishesTheJdkForGoodWithTheReason() throws Exception {
        Map<String, String> v = ChildJvm.values(ChildJvm.runWithSeam(SeamMains.PlanningFails.class));
        assertEquals("seam", v.get("provider"), v.toString());
        assertEquals("true", v.get("coarseNanos.inBracket"), "the first call was answered, by the JDK: " + v);
        assertEquals("jdk", v.get("route.coarseNanos"), v.toString());
        assertEquals("seam: planning failed: java.lang.IllegalStateException: injected (test)", v.get("passedOver.coarseNanos"),
                "the report gives the reason: " + v);
        assertEquals(v.get("reads.after1"), v.get("reads.after100"), "for good: later calls plan nothing again " + v);
        assertTrue(ChildJvm.lines(v, "message").stream().anyMatch(m -> m.startsWith("WARNING FastClock: planning coarseNanos failed")),
                "one warning: " + v);
        assertEquals(String.valueOf(Failsafe.usualFirst(Method.EPOCH_MILLIS, Rseq.read()).id()), v.get("route.epochMillis"),
                "a method that needs no vdso is untouched by it " + v);
    }

    @Test
    void aStackOverflowReachesTheCallerAndTheNextCallPlansAgain() throws Exception {
        Map<String, String> v = ChildJvm.values(ChildJvm.runWithSeam(SeamMains.PlanningOverflows.class));
        assertEquals("java.lang.StackOverflowError: injected (test)", v.get("first"), "the first call's caller got it " + v);
        assertEquals("true", v.get("second.inBracket"), v.toString());
        assertEquals("vdso", v.get("route.coarseNanos"), "the second call planned the vdso, as if nothing had happened " + v);
        assertEquals("", v.get("passedOver.coarseNanos"), v.toString());
        assertEquals("2", v.get("reads"), "the route was opened again " + v);
    }

    @Test
    void aCallBackFromInsideThePlanGetsTheJdkForThatCall() throws Exception {
        Map<String, String> v = ChildJvm.values(ChildJvm.runWithSeam(SeamMains.PlanningReenters.class));
        assertEquals("true", v.get("inner.coarseNanos.inBracket"), "the re-entrant coarseNanos() " + v);
        assertEquals("true", v.get("inner.bootNanos.nanoTime"), "the re-entrant bootNanos() is the JDK's (System.nanoTime()) " + v);
        assertEquals("vdso", v.get("route.coarseNanos"), "the outer call planned it " + v);
        assertEquals("vdso", v.get("route.bootNanos"), "and bootNanos is planned at a later call " + v);
        assertTrue(ChildJvm.lines(v, "note").stream().anyMatch(n -> n.startsWith("bootNanos: 1 call(s) made from inside the choice")),
                "the report counts each stand-in: " + v);
        assertTrue(ChildJvm.lines(v, "note").stream().anyMatch(n -> n.startsWith("coarseNanos: 1 call(s) made from inside the choice")),
                "the same-clock ones too: " + v);
    }

    @Test
    void anotherThreadWaitsForThePlanAndGetsThePublishedRoute() throws Exception {
        Map<String, String> v = ChildJvm.values(ChildJvm.runWithSeam(SeamMains.PlanningHeld.class));
        assertEquals("true", v.get("other.epochNanos.waited"), "a call racing the plan waits for it, exact clock or not " + v);
        assertEquals("true", v.get("other.epochNanos.afterRelease"), "and is answered once it is published " + v);
        assertEquals("vdso", v.get("route.epochNanos"), v.toString());
    }
}
