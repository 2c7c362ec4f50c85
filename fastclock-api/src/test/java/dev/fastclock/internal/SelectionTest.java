package dev.fastclock.internal;

import dev.fastclock.ClockId;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.SystemClockBackend;
import dev.fastclock.testproviders.FixedBackendProvider;
import dev.fastclock.testproviders.RoutesBackend;
import dev.fastclock.testproviders.ThrowingProvider;
import dev.fastclock.testproviders.ThrowingProvider.Phase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The selection rules of {@link Selection#select(Iterator, String)}, driven with real provider
 * classes (src/test/java/dev/fastclock/testproviders). No FastClock static method is called here.
 */
class SelectionTest {

    private static Iterator<FastClockProvider> providers(FastClockProvider... providers) {
        return List.of(providers).iterator();
    }

    private static String line(String name, int priority, String rest) {
        return "  " + name + " (priority " + priority + "): " + rest;
    }

    private static void assertContains(String haystack, String needle) {
        assertTrue(haystack.contains(needle), () -> "expected to find\n  <" + needle + ">\nin\n" + haystack);
    }

    private static void assertLacks(String haystack, String needle) {
        assertFalse(haystack.contains(needle), () -> "expected NOT to find\n  <" + needle + ">\nin\n" + haystack);
    }

    /** Every call on the backend of a failed forced selection, each of which must throw. */
    private static List<Executable> everyCall(FastClockBackend b) {
        List<Executable> calls = new ArrayList<>(List.of(
                b::nanos, b::coarseNanos, b::epochNanos, b::epochMicros, b::epochMillis,
                b::coarseEpochMillis, b::epochSeconds, b::cpu, b::node, b::isSupported));
        for (ClockId id : ClockId.values()) {
            calls.add(() -> b.resolutionNanos(id));
        }
        return calls;
    }

    @Nested
    class ByPriority {

        @Test
        void highestAvailablePriorityWinsWhateverTheOrder() {
            FixedBackendProvider low = FixedBackendProvider.available("low", 10);
            FixedBackendProvider high = FixedBackendProvider.available("high", 200);
            FixedBackendProvider mid = FixedBackendProvider.available("mid", 100);

            Selection s = Selection.select(providers(low, high, mid), null);

            assertEquals("high", s.providerName());
            assertSame(high.created(), s.backend());
            assertEquals(1, high.creations());
            // create() only for the chosen one; the rest are not even probed.
            assertEquals(0, mid.probes());
            assertEquals(0, mid.creations());
            assertEquals(0, low.probes());
            assertEquals(0, low.creations());
            String report = s.report();
            assertContains(report, "FastClock provider: high\n");
            assertContains(report, line("high", 200, "chosen"));
            assertContains(report, line("mid", 100, "not tried: high was chosen first"));
            assertContains(report, line("low", 10, "not tried: high was chosen first"));
            assertContains(report, line("jdk", Integer.MIN_VALUE, "not tried: high was chosen first"));
            // Listed highest priority first.
            assertTrue(report.indexOf("  high (") < report.indexOf("  mid (")
                    && report.indexOf("  mid (") < report.indexOf("  low (")
                    && report.indexOf("  low (") < report.indexOf("  jdk ("), report);
        }

        @Test
        void tiesKeepIterationOrder() {
            FixedBackendProvider a = FixedBackendProvider.available("a", 50);
            FixedBackendProvider b = FixedBackendProvider.available("b", 50);
            assertEquals("a", Selection.select(providers(a, b), null).providerName());

            FixedBackendProvider a2 = FixedBackendProvider.available("a", 50);
            FixedBackendProvider b2 = FixedBackendProvider.available("b", 50);
            Selection s = Selection.select(providers(b2, a2), null);
            assertEquals("b", s.providerName());
            assertSame(b2.created(), s.backend());
            assertEquals(0, a2.creations());
        }

        @Test
        void providerTiedWithJdkAtMinValueStillBeatsIt() {
            // jdk is appended after the found providers and ties keep order.
            FixedBackendProvider bottom = FixedBackendProvider.available("bottom", Integer.MIN_VALUE);
            Selection s = Selection.select(providers(bottom), null);
            assertEquals("bottom", s.providerName());
            assertSame(bottom.created(), s.backend());
        }

        @Test
        void unavailableHigherPriorityIsSkippedWithItsReasonReported() {
            FixedBackendProvider high = FixedBackendProvider.unavailable("native", 200, "no vDSO on this test OS");
            FixedBackendProvider low = FixedBackendProvider.available("fallback", 100);

            Selection s = Selection.select(providers(high, low), null);

            assertEquals("fallback", s.providerName());
            assertSame(low.created(), s.backend());
            assertEquals(1, high.probes());
            assertEquals(0, high.creations(), "an unavailable provider must never be built");
            assertContains(s.report(), line("native", 200, "not available: no vDSO on this test OS"));
            assertContains(s.report(), line("fallback", 100, "chosen"));
        }

        @Test
        void noneAvailableFallsBackToJdk() {
            FixedBackendProvider a = FixedBackendProvider.unavailable("a", 300, "reason-a");
            FixedBackendProvider b = FixedBackendProvider.unavailable("b", 200, "reason-b");

            Selection s = Selection.select(providers(a, b), null);

            assertEquals("jdk", s.providerName());
            assertInstanceOf(SystemClockBackend.class, s.backend());
            assertContains(s.report(), line("a", 300, "not available: reason-a"));
            assertContains(s.report(), line("b", 200, "not available: reason-b"));
            assertContains(s.report(), line("jdk", Integer.MIN_VALUE, "chosen"));
            assertContains(s.report(), "every method: jdk");
        }

        @Test
        void noProvidersAtAllGivesJdk() {
            Selection s = Selection.select(providers(), null);
            assertEquals("jdk", s.providerName());
            assertInstanceOf(SystemClockBackend.class, s.backend());
            assertContains(s.report(), line("jdk", Integer.MIN_VALUE, "chosen"));
            assertLacks(s.report(), "skipped while loading");
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "   ", "\t"})
        void nullOrBlankForcedNameMeansNotForced(String forced) {
            FixedBackendProvider high = FixedBackendProvider.available("high", 200);
            FixedBackendProvider low = FixedBackendProvider.available("low", 100);

            Selection s = Selection.select(providers(low, high), forced);

            assertEquals("high", s.providerName());
            assertSame(high.created(), s.backend());
            assertLacks(s.report(), "forced");
        }
    }

    @Nested
    class MisbehavingProviders {

        @ParameterizedTest
        @EnumSource(Phase.class)
        void providerThrowingInAnyPhaseIsSkippedReportedAndTheNextWins(Phase phase) {
            RuntimeException boom = new IllegalStateException("boom-in-" + phase);
            ThrowingProvider bad = new ThrowingProvider(phase, "bad", 300, boom);
            FixedBackendProvider good = FixedBackendProvider.available("good", 100);

            Selection s = Selection.select(providers(bad, good), null);

            assertEquals("good", s.providerName());
            assertSame(good.created(), s.backend());
            String report = s.report();
            assertContains(report, boom.toString());
            switch (phase) {
                case NAME, PRIORITY -> {
                    assertContains(report, "skipped while loading:\n");
                    assertContains(report, "  " + ThrowingProvider.class.getName()
                            + " failed to give its name or priority: " + boom);
                    assertLacks(report, "  bad (");
                }
                case UNAVAILABLE_REASON, CREATE -> assertContains(report, line("bad", 300, "failed: " + boom));
            }
            assertContains(report, line("good", 100, "chosen"));
        }

        @Test
        void linkageErrorWhileProbingIsSkippedLikeAnyFailure() {
            // What a native provider does when a class it needs is missing.
            NoClassDefFoundError missing = new NoClassDefFoundError("java/lang/foreign/Nope");
            ThrowingProvider bad = new ThrowingProvider(Phase.UNAVAILABLE_REASON, "native", 300, missing);
            FixedBackendProvider good = FixedBackendProvider.available("good", 100);

            Selection s = Selection.select(providers(bad, good), null);

            assertEquals("good", s.providerName());
            assertContains(s.report(), line("native", 300, "failed: " + missing));
        }

        @Test
        void createReturningNullIsSkippedAndReported() {
            FixedBackendProvider nully = FixedBackendProvider.createsNull("nully", 300);
            FixedBackendProvider good = FixedBackendProvider.available("good", 100);

            Selection s = Selection.select(providers(nully, good), null);

            assertEquals("good", s.providerName());
            assertSame(good.created(), s.backend());
            assertEquals(1, nully.creations());
            assertContains(s.report(), line("nully", 300, "failed: java.lang.IllegalStateException: "
                    + FixedBackendProvider.class.getName() + ".create() returned null"));
        }

        @Test
        void everyProviderFailingStillGivesJdk() {
            Selection s = Selection.select(providers(
                    new ThrowingProvider(Phase.NAME, "a", 4, new IllegalStateException("a")),
                    new ThrowingProvider(Phase.PRIORITY, "b", 3, new IllegalStateException("b")),
                    new ThrowingProvider(Phase.UNAVAILABLE_REASON, "c", 2, new IllegalStateException("c")),
                    new ThrowingProvider(Phase.CREATE, "d", 1, new IllegalStateException("d")),
                    FixedBackendProvider.createsNull("e", 0)), null);

            assertEquals("jdk", s.providerName());
            assertInstanceOf(SystemClockBackend.class, s.backend());
        }

        @Test
        void fatalVirtualMachineErrorIsNotSwallowed() {
            OutOfMemoryError oom = new OutOfMemoryError("simulated by the test");
            ThrowingProvider bad = new ThrowingProvider(Phase.CREATE, "bad", 300, oom);

            OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class,
                    () -> Selection.select(providers(bad, FixedBackendProvider.available("good", 1)), null));
            assertSame(oom, thrown);
        }

        @Test
        void reservedNameJdkIsSkippedAndReported() {
            FixedBackendProvider impostor = FixedBackendProvider.available("jdk", 1000);

            Selection s = Selection.select(providers(impostor), null);

            assertEquals("jdk", s.providerName());
            assertInstanceOf(SystemClockBackend.class, s.backend());
            assertEquals(0, impostor.probes());
            assertEquals(0, impostor.creations());
            assertContains(s.report(), "  " + FixedBackendProvider.class.getName() + " uses the reserved name 'jdk': skipped");
        }

        @Test
        void reservedNameJdkCannotBeForcedToTheImpostor() {
            FixedBackendProvider impostor = FixedBackendProvider.available("jdk", 1000);
            Selection s = Selection.select(providers(impostor), "jdk");
            assertInstanceOf(SystemClockBackend.class, s.backend());
            assertEquals(0, impostor.creations());
        }

        @Test
        void duplicateNameIsSkippedAndReportedAndTheFirstKept() {
            FixedBackendProvider first = FixedBackendProvider.available("dup", 10);
            FixedBackendProvider second = FixedBackendProvider.available("dup", 900);

            Selection s = Selection.select(providers(first, second), null);

            assertEquals("dup", s.providerName());
            assertSame(first.created(), s.backend(), "the later provider reusing a name is dropped, even at higher priority");
            assertEquals(0, second.creations());
            assertContains(s.report(), "  " + FixedBackendProvider.class.getName()
                    + " reuses the name 'dup' of an earlier provider: skipped");
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "  "})
        void providerWithoutNameIsSkippedAndReported(String name) {
            FixedBackendProvider nameless = new FixedBackendProvider(name, 900, null, dev.fastclock.SettableClock::new);
            FixedBackendProvider good = FixedBackendProvider.available("good", 1);

            Selection s = Selection.select(providers(nameless, good), null);

            assertEquals("good", s.providerName());
            assertEquals(0, nameless.creations());
            assertContains(s.report(), "  " + FixedBackendProvider.class.getName() + " has no name: skipped");
        }
    }

    @Nested
    class BrokenIterators {

        /** An iterator that throws {@link ServiceConfigurationError} for its first {@code failures} calls. */
        static final class FlakyIterator implements Iterator<FastClockProvider> {
            private final Iterator<FastClockProvider> delegate;
            private int failuresLeft;
            private final boolean failInNext;
            int calls;

            FlakyIterator(int failures, boolean failInNext, FastClockProvider... providers) {
                this.delegate = List.of(providers).iterator();
                this.failuresLeft = failures;
                this.failInNext = failInNext;
            }

            @Override
            public boolean hasNext() {
                calls++;
                if (!failInNext && failuresLeft > 0) {
                    failuresLeft--;
                    throw new ServiceConfigurationError("broken entry, hasNext #" + calls);
                }
                return failInNext && failuresLeft > 0 || delegate.hasNext();
            }

            @Override
            public FastClockProvider next() {
                if (failInNext && failuresLeft > 0) {
                    failuresLeft--;
                    throw new ServiceConfigurationError("broken entry, next #" + calls);
                }
                return delegate.next();
            }
        }

        @ParameterizedTest
        @ValueSource(booleans = {false, true})
        void iteratorFailuresAreSurvivedAndReported(boolean failInNext) {
            FixedBackendProvider good = FixedBackendProvider.available("good", 100);
            FlakyIterator it = new FlakyIterator(3, failInNext, good);

            Selection s = Selection.select(it, null);

            assertEquals("good", s.providerName(), "the provider after the broken entries must still be found");
            assertSame(good.created(), s.backend());
            String report = s.report();
            assertContains(report, "skipped while loading:\n");
            assertEquals(3, report.lines().filter(l -> l.startsWith("  a provider failed to load: "
                    + ServiceConfigurationError.class.getName() + ": broken entry")).count(), report);
        }

        @Test
        void iteratorThatFailsForeverIsAbandonedAndJdkChosen() {
            class ForeverBroken implements Iterator<FastClockProvider> {
                int calls;

                @Override
                public boolean hasNext() {
                    calls++;
                    throw new ServiceConfigurationError("forever broken");
                }

                @Override
                public FastClockProvider next() {
                    throw new NoSuchElementException();
                }
            }
            ForeverBroken it = new ForeverBroken();

            Selection s = Selection.select(it, null);

            assertEquals("jdk", s.providerName());
            assertInstanceOf(SystemClockBackend.class, s.backend());
            assertTrue(it.calls > 1, "kept trying after the first failure");
            assertContains(s.report(), "a provider failed to load: java.util.ServiceConfigurationError: forever broken");
        }
    }

    @Nested
    class Forced {

        @Test
        void forcedNamePicksItEvenAtLowerPriority() {
            FixedBackendProvider high = FixedBackendProvider.available("high", 200);
            FixedBackendProvider low = FixedBackendProvider.available("low", 1);

            Selection s = Selection.select(providers(high, low), "low");

            assertEquals("low", s.providerName());
            assertSame(low.created(), s.backend());
            assertEquals(0, high.probes());
            assertEquals(0, high.creations());
            assertContains(s.report(), "forced: -Dfastclock.provider=low\n");
            assertContains(s.report(), "providers found: high, low, jdk\n");
        }

        @Test
        void forcedNameIsTrimmed() {
            FixedBackendProvider low = FixedBackendProvider.available("low", 1);
            Selection s = Selection.select(providers(FixedBackendProvider.available("high", 200), low), "  low ");
            assertEquals("low", s.providerName());
            assertSame(low.created(), s.backend());
        }

        @Test
        void forcedJdkBeatsAvailableProviders() {
            FixedBackendProvider high = FixedBackendProvider.available("high", 200);

            Selection s = Selection.select(providers(high), "jdk");

            assertEquals("jdk", s.providerName());
            assertInstanceOf(SystemClockBackend.class, s.backend());
            assertEquals(0, high.creations());
            assertContains(s.report(), "forced: -Dfastclock.provider=jdk\n");
        }

        @Test
        void forcedNameNotFoundFailsEveryCallNamingItAndTheProvidersFound() {
            FixedBackendProvider high = FixedBackendProvider.available("high", 200);
            FixedBackendProvider low = FixedBackendProvider.unavailable("low", 1, "not here");

            Selection s = Selection.select(providers(low, high), "linux-x64");

            assertEquals("none", s.providerName());
            assertEquals(0, high.creations(), "a forced selection never falls back");
            String expected = "-Dfastclock.provider=linux-x64 names no provider; found: high, low, jdk";
            for (Executable call : everyCall(s.backend())) {
                IllegalStateException e = assertThrows(IllegalStateException.class, call);
                assertEquals(expected, e.getMessage());
                assertNull(e.getCause());
            }
            String report = assertDoesNotThrowReport(s);
            assertContains(report, "FastClock provider: none\n");
            assertContains(report, expected);
            assertContains(report, "every method throws IllegalStateException: " + expected);
        }

        @Test
        void forcedButUnavailableFailsWithTheProvidersReason() {
            FixedBackendProvider forced = FixedBackendProvider.unavailable("native", 100, "kernel has no vDSO symbol __vdso_getcpu");

            Selection s = Selection.select(providers(forced), "native");

            assertEquals("none", s.providerName());
            assertEquals(0, forced.creations());
            IllegalStateException e = assertThrows(IllegalStateException.class, s.backend()::nanos);
            assertContains(e.getMessage(), "forced provider 'native' cannot work here");
            assertContains(e.getMessage(), "kernel has no vDSO symbol __vdso_getcpu");
            assertContains(e.getMessage(), "providers found: native, jdk");
            assertContains(s.report(), "kernel has no vDSO symbol __vdso_getcpu");
        }

        @ParameterizedTest
        @EnumSource(value = Phase.class, names = {"UNAVAILABLE_REASON", "CREATE"})
        void forcedProviderThatThrowsFailsEveryCallWithTheCause(Phase phase) {
            RuntimeException boom = new UnsupportedOperationException("cannot map the vDSO");
            ThrowingProvider forced = new ThrowingProvider(phase, "native", 100, boom);

            Selection s = Selection.select(providers(forced, FixedBackendProvider.available("other", 1)), "native");

            assertEquals("none", s.providerName());
            for (Executable call : everyCall(s.backend())) {
                IllegalStateException e = assertThrows(IllegalStateException.class, call);
                assertContains(e.getMessage(), "forced provider 'native' failed to start: " + boom);
                assertSame(boom, e.getCause());
            }
            assertContains(assertDoesNotThrowReport(s), boom.toString());
        }

        @Test
        void forcedProviderWhoseCreateReturnsNullFails() {
            Selection s = Selection.select(providers(FixedBackendProvider.createsNull("nully", 5)), "nully");

            IllegalStateException e = assertThrows(IllegalStateException.class, s.backend()::epochMillis);
            assertContains(e.getMessage(), "forced provider 'nully' failed to start");
            assertContains(e.getMessage(), "create() returned null");
            assertInstanceOf(IllegalStateException.class, e.getCause());
        }

        @Test
        void forcedSelectionStillReportsLoadFailures() {
            FixedBackendProvider low = FixedBackendProvider.available("low", 1);
            Selection s = Selection.select(providers(
                    new ThrowingProvider(Phase.NAME, "x", 1, new IllegalStateException("name-broke")),
                    FixedBackendProvider.available("jdk", 5),
                    low), "low");

            assertSame(low.created(), s.backend());
            assertContains(s.report(), "name-broke");
            assertContains(s.report(), "uses the reserved name 'jdk'");
        }

        private static String assertDoesNotThrowReport(Selection s) {
            return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s::report);
        }
    }

    @Nested
    class Report {

        @Test
        void reportSurvivesDescribeRoutesReturningNull() {
            FixedBackendProvider p = new FixedBackendProvider("odd", 5, null, RoutesBackend::returningNull);
            Selection s = Selection.select(providers(p), null);

            assertEquals("odd", s.providerName());
            String report = org.junit.jupiter.api.Assertions.assertDoesNotThrow(s::report);
            assertContains(report, "FastClock provider: odd\n");
            assertContains(report, "routes:\n  (describeRoutes() returned null)\n");
        }

        @Test
        void reportSurvivesDescribeRoutesThrowing() {
            RuntimeException boom = new IllegalStateException("routes-broke");
            FixedBackendProvider p = new FixedBackendProvider("odd", 5, null, () -> RoutesBackend.throwing(boom));
            Selection s = Selection.select(providers(p), null);

            String report = org.junit.jupiter.api.Assertions.assertDoesNotThrow(s::report);
            assertContains(report, "(describeRoutes() threw " + boom + ")");
        }

        @Test
        void reportIncludesTheChosenBackendsRoutes() {
            Selection s = Selection.select(providers(FixedBackendProvider.available("set", 5)), null);
            assertContains(s.report(), "routes:\n  every method: settable");
        }

        @Test
        void failedBackendIsTheOnlyThingThatThrows() {
            Selection s = Selection.select(providers(), "missing");
            assertAll(everyCall(s.backend()).stream().map(call -> () -> assertThrows(IllegalStateException.class, call)));
            assertContains(s.backend().describeRoutes(), "names no provider");
        }
    }
}
