package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fastclock.Report;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.tests.child.StackEdge;
import dev.fastclock.tests.child.Truth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A first call at the stack's edge (issue "Linux provider, second design": a {@code StackOverflowError} inside
 * planning used to leave {@code epochMicros()} throwing {@code NoClassDefFoundError} for the life of the JVM). In a
 * child JVM ({@link StackEdge}) a thread recurses until it overflows and makes FastClock's first calls at every
 * frame on the way back up, so the overflow strikes at every depth of selection and planning; then, at normal
 * depth, every method must answer right, on its usual route (an overflow must leave a method able to plan again,
 * never failed for good or parked on the JDK), and nothing may have thrown anything but the overflow itself.
 */
class StackEdgeTest {

    @ParameterizedTest(name = "stack {0} KiB, provider chosen {1}")
    @CsvSource({
            "256, lazy",
            "256, select",
            "1024, select",
    })
    void firstCallsAtTheStackEdgeLeaveEveryMethodWorking(int stackKb, String mode) {
        ChildJvm.Result r = ChildJvm.onClassPath(StackEdge.class)
                .jvmArgs("--enable-native-access=ALL-UNNAMED")
                .args(Integer.toString(stackKb), mode)
                .run().assertSuccess();
        String all = r.stdout() + r.stderr();
        assertFalse(all.contains("NoClassDefFoundError"), () -> "a class was left unusable\n" + r);
        assertFalse(all.contains("ExceptionInInitializerError"), () -> "a class initializer failed\n" + r);
        assertEquals("0", r.value("edge.unexpected"), () -> "a call at the edge threw something other than StackOverflowError\n" + r);
        assertFalse(r.stdout().contains("after.failure="), () -> "a method failed at normal depth after the edge\n" + r);
        assertTrue(Integer.parseInt(r.value("edge.overflows")) > 0,
                () -> "no first call overflowed: the test did not reach the edge\n" + r);
        for (Method m : Truth.METHODS) {
            r.value("edge.first." + m.apiName()); // each method of the catalogue answered at the edge, eventually
        }
        assertEquals("ok", r.value("bounds"), r::toString);
        assertEquals("linux-x64", r.value("provider"), () -> "an overflow during selection must not park FastClock on jdk\n" + r);

        Report report = r.report();
        Routing.assertRoutes(Routing.defaults(Machine.rseqRegistered()), report.methods(), r);
        for (MethodRoute m : report.methods()) {
            assertTrue(m.passedOver().stream().noneMatch(p -> p.reason().contains("StackOverflowError")),
                    () -> "a route was passed over for good because of a stack overflow: " + m + "\n" + r);
        }
    }
}
