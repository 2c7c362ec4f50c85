package dev.fastclock.internal;

import dev.fastclock.ClockId;
import dev.fastclock.internal.Selection.Outcome;
import dev.fastclock.settable.SettableBackend;
import dev.fastclock.spi.FastClockBackend;
import dev.fastclock.spi.FastClockProvider;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Reader;
import dev.fastclock.spi.StatusReader;
import dev.fastclock.spi.SystemClockBackend;
import dev.fastclock.spi.TickReader;
import dev.fastclock.spi.UnavailableException;
import dev.fastclock.testproviders.FixedBackendProvider;
import dev.fastclock.testproviders.ThrowingProvider;
import dev.fastclock.testproviders.ThrowingProvider.Phase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The selection rules of {@link Selection#select(Iterator, String)}, driven with real provider
 * classes (src/test/java/dev/fastclock/testproviders), read through the selection's data: its
 * outcomes, problems and deferred log messages. No FastClock static method is called here, and
 * selection logs nothing itself.
 */
class SelectionTest {

    private static final int MIN = Integer.MIN_VALUE;

    private static Iterator<FastClockProvider> providers(FastClockProvider... providers) {
        return List.of(providers).iterator();
    }

    private static Outcome outcome(String name, int priority, String outcome) {
        return new Outcome(name, priority, outcome);
    }

    private static void assertContains(String haystack, String needle) {
        assertTrue(haystack.contains(needle), () -> "expected to find\n  <" + needle + ">\nin\n" + haystack);
    }

    /**
     * Every call on the readers of every plan of {@code b}, each of which must throw for the backend of a
     * failed forced selection. The plans are made first, in catalogue order, as FastClock makes them.
     */
    private static List<Executable> everyCall(FastClockBackend b) {
        List<Executable> calls = new ArrayList<>();
        for (Method m : Method.values()) {
            if (!m.planned()) {
                continue;
            }
            Reader r = b.plan(m).reader();
            calls.add(() -> r.read(0));
            if (r instanceof TickReader t) {
                calls.add(() -> t.toNanos(1));
                calls.add(t::perSecond);
            }
            if (r instanceof StatusReader st) {
                calls.add(st::timex);
            }
        }
        for (ClockId id : ClockId.values()) {
            Reader r = b.plan(Method.RESOLUTION).reader();
            calls.add(() -> r.read(id.linuxId()));
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
            assertNull(s.forced());
            assertSame(high.created(), s.backend());
            assertEquals(1, high.creations());
            // create() only for the chosen one; the rest are not even probed.
            assertEquals(0, mid.probes());
            assertEquals(0, mid.creations());
            assertEquals(0, low.probes());
            assertEquals(0, low.creations());
            // Listed highest priority first, each with what became of it.
            assertEquals(List.of(
                    outcome("high", 200, "chosen"),
                    outcome("mid", 100, "not tried: high was chosen first"),
                    outcome("low", 10, "not tried: high was chosen first"),
                    outcome("jdk", MIN, "not tried: high was chosen first")), s.outcomes());
            assertEquals(List.of(), s.problems());
            assertEquals(List.of(), s.messages(), "a clean selection has nothing to log");
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
            assertEquals(List.of("b", "a", "jdk"), s.outcomes().stream().map(Outcome::name).toList());
        }

        @Test
        void providerTiedWithJdkAtMinValueStillBeatsIt() {
            // jdk is appended after the found providers and ties keep order.
            FixedBackendProvider bottom = FixedBackendProvider.available("bottom", MIN);
            Selection s = Selection.select(providers(bottom), null);
            assertEquals("bottom", s.providerName());
            assertSame(bottom.created(), s.backend());
            assertEquals(List.of(outcome("bottom", MIN, "chosen"), outcome("jdk", MIN, "not tried: bottom was chosen first")),
                    s.outcomes());
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
            assertEquals(List.of(
                    outcome("native", 200, "not available: no vDSO on this test OS"),
                    outcome("fallback", 100, "chosen"),
                    outcome("jdk", MIN, "not tried: fallback was chosen first")), s.outcomes());
            assertEquals(List.of(), s.messages(), "an unavailable provider is not worth a log line");
        }

        @Test
        void noneAvailableFallsBackToJdk() {
            FixedBackendProvider a = FixedBackendProvider.unavailable("a", 300, "reason-a");
            FixedBackendProvider b = FixedBackendProvider.unavailable("b", 200, "reason-b");

            Selection s = Selection.select(providers(a, b), null);

            assertEquals("jdk", s.providerName());
            assertInstanceOf(SystemClockBackend.class, s.backend());
            assertEquals(List.of(
                    outcome("a", 300, "not available: reason-a"),
                    outcome("b", 200, "not available: reason-b"),
                    outcome("jdk", MIN, "chosen")), s.outcomes());
        }

        @Test
        void noProvidersAtAllGivesJdk() {
            Selection s = Selection.select(providers(), null);
            assertEquals("jdk", s.providerName());
            assertInstanceOf(SystemClockBackend.class, s.backend());
            assertEquals(List.of(outcome("jdk", MIN, "chosen")), s.outcomes());
            assertEquals(List.of(), s.problems());
            assertEquals(hintWhereTheLinuxProviderWouldWork(), s.notes());
        }

        /** The note (and INFO line) where only jdk serves on a JVM that could use fastclock-linux-x64; none elsewhere. */
        private static List<String> hintWhereTheLinuxProviderWouldWork() {
            boolean could = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("linux")
                    && List.of("amd64", "x86_64").contains(System.getProperty("os.arch")) && Runtime.version().feature() >= 22;
            return could ? List.of("only the jdk provider is present, on a Linux x86-64 JVM " + Runtime.version().feature()
                    + " that could use the native routes: add the dependency dev.fastclock:fastclock-linux-x64") : List.of();
        }

        @Test
        void onlyJdkServingWhereTheLinuxProviderWouldWorkIsANoteAndOneInfoLine() {
            Selection s = Selection.select(providers(), null);
            List<String> hint = hintWhereTheLinuxProviderWouldWork();
            assertEquals(hint, s.notes());
            assertEquals(hint.stream().map(h -> new Message(Level.INFO, "FastClock: " + h, null)).toList(), s.messages());
        }

        @Test
        void theSettableProviderBesideJdkIsStillOnlyJdk() {
            // fastclock-api always registers settable, which serves only when forced: an application with the
            // API alone still has only jdk serving, and should still hear of the Linux provider.
            Selection s = Selection.select(providers(new dev.fastclock.settable.SettableClockProvider()), null);
            assertEquals("jdk", s.providerName());
            assertEquals(hintWhereTheLinuxProviderWouldWork(), s.notes());
        }

        @Test
        void noHintWhenAnotherProviderIsThereButUnavailable() {
            Selection s = Selection.select(providers(FixedBackendProvider.unavailable("native", 100, "not here")), null);
            assertEquals("jdk", s.providerName());
            assertEquals(List.of(), s.notes(), "a provider is there: it said why it cannot serve");
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
            assertNull(s.forced());
            assertEquals("chosen", s.outcomes().get(0).outcome());
        }

        @Test
        void theDataIsImmutable() {
            Selection s = Selection.select(providers(FixedBackendProvider.available("a", 1)), null);
            assertThrows(UnsupportedOperationException.class, () -> s.outcomes().clear());
            assertThrows(UnsupportedOperationException.class, () -> s.problems().add("x"));
            assertThrows(UnsupportedOperationException.class, () -> s.messages().clear());
        }
    }

    @Nested
    class MisbehavingProviders {

        @ParameterizedTest
        @EnumSource(Phase.class)
        void providerThrowingInAnyPhaseIsSkippedReportedLoggedOnceAndTheNextWins(Phase phase) {
            RuntimeException boom = new IllegalStateException("boom-in-" + phase);
            ThrowingProvider bad = new ThrowingProvider(phase, "bad", 300, boom);
            FixedBackendProvider good = FixedBackendProvider.available("good", 100);

            Selection s = Selection.select(providers(bad, good), null);

            assertEquals("good", s.providerName());
            assertSame(good.created(), s.backend());
            assertEquals(1, s.messages().size(), () -> "one log line: " + s.messages());
            Message log = s.messages().get(0);
            assertEquals(Level.WARNING, log.level());
            assertSame(boom, log.thrown(), "the cause is logged with its stack trace");
            switch (phase) {
                case NAME, PRIORITY -> {
                    String problem = ThrowingProvider.class.getName() + " failed to give its name or priority: " + boom;
                    assertEquals(List.of(problem), s.problems());
                    assertEquals("FastClock: " + problem, log.text());
                    assertEquals(List.of("good", "jdk"), s.outcomes().stream().map(Outcome::name).toList(),
                            "a provider without a name is not listed as considered");
                }
                case UNAVAILABLE_REASON, CREATE -> {
                    assertEquals(List.of(), s.problems());
                    assertEquals(outcome("bad", 300, "failed: " + boom), s.outcomes().get(0));
                    assertEquals("FastClock: provider bad failed, skipped", log.text());
                }
            }
            assertEquals(outcome("good", 100, "chosen"), s.outcomes().get(s.outcomes().size() - 2));
        }

        @Test
        void unavailableAtCreateIsOneLineWithoutStackTraceAndTheNextWins() {
            // What the Linux provider throws under --illegal-native-access=deny: an expected condition.
            UnavailableException denied = new UnavailableException("native access is denied (--illegal-native-access=deny)");
            ThrowingProvider bad = new ThrowingProvider(Phase.CREATE, "native", 300, denied);
            FixedBackendProvider good = FixedBackendProvider.available("good", 100);

            Selection s = Selection.select(providers(bad, good), null);

            assertEquals("good", s.providerName());
            assertEquals(outcome("native", 300, "not available: " + denied.getMessage()), s.outcomes().get(0));
            assertEquals(List.of(), s.problems());
            assertEquals(List.of(new Message(Level.WARNING, "FastClock: provider native is not available: " + denied.getMessage(), null)),
                    s.messages(), "one line, no stack trace");
            assertEquals(0, denied.getStackTrace().length, "UnavailableException has no stack trace to print");
        }

        @Test
        void providerNamesAreComparedIgnoringCase() {
            FixedBackendProvider first = FixedBackendProvider.available("Dup", 10);
            FixedBackendProvider second = FixedBackendProvider.available("dUP", 900);
            FixedBackendProvider impostor = FixedBackendProvider.available("JDK", 1000);

            Selection s = Selection.select(providers(first, second, impostor), null);

            assertSame(first.created(), s.backend());
            assertEquals(0, second.creations());
            assertEquals(0, impostor.creations());
            assertEquals(List.of(
                    FixedBackendProvider.class.getName() + " reuses the name 'dUP' of an earlier provider: skipped",
                    FixedBackendProvider.class.getName() + " uses the reserved name 'jdk': skipped"), s.problems());
        }

        @Test
        void linkageErrorWhileProbingIsSkippedLikeAnyFailure() {
            // What a native provider does when a class it needs is missing.
            NoClassDefFoundError missing = new NoClassDefFoundError("java/lang/foreign/Nope");
            ThrowingProvider bad = new ThrowingProvider(Phase.UNAVAILABLE_REASON, "native", 300, missing);
            FixedBackendProvider good = FixedBackendProvider.available("good", 100);

            Selection s = Selection.select(providers(bad, good), null);

            assertEquals("good", s.providerName());
            assertEquals(outcome("native", 300, "failed: " + missing), s.outcomes().get(0));
            assertSame(missing, s.messages().get(0).thrown());
        }

        @Test
        void createReturningNullIsSkippedAndReported() {
            FixedBackendProvider nully = FixedBackendProvider.createsNull("nully", 300);
            FixedBackendProvider good = FixedBackendProvider.available("good", 100);

            Selection s = Selection.select(providers(nully, good), null);

            assertEquals("good", s.providerName());
            assertSame(good.created(), s.backend());
            assertEquals(1, nully.creations());
            assertEquals(outcome("nully", 300, "failed: java.lang.IllegalStateException: "
                    + FixedBackendProvider.class.getName() + ".create() returned null"), s.outcomes().get(0));
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
            assertEquals(2, s.problems().size(), s.problems()::toString);
            assertEquals(List.of("c", "d", "e", "jdk"), s.outcomes().stream().map(Outcome::name).toList());
            assertEquals(outcome("jdk", MIN, "chosen"), s.outcomes().get(3));
            assertEquals(5, s.messages().size(), "one line per failure: " + s.messages());
        }

        @ParameterizedTest
        @EnumSource(value = Phase.class, names = {"UNAVAILABLE_REASON", "CREATE"})
        void fatalVirtualMachineErrorIsNotSwallowed(Phase phase) {
            OutOfMemoryError oom = new OutOfMemoryError("simulated by the test");
            ThrowingProvider bad = new ThrowingProvider(phase, "bad", 300, oom);

            OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class,
                    () -> Selection.select(providers(bad, FixedBackendProvider.available("good", 1)), null));
            assertSame(oom, thrown);
        }

        @ParameterizedTest
        @EnumSource(value = Phase.class, names = {"NAME", "PRIORITY"})
        void stackOverflowWhileLoadingIsNotSwallowed(Phase phase) {
            StackOverflowError soe = new StackOverflowError("simulated by the test");
            ThrowingProvider bad = new ThrowingProvider(phase, "bad", 300, soe);

            assertSame(soe, assertThrows(StackOverflowError.class, () -> Selection.select(providers(bad), null)));
        }

        @Test
        void stackOverflowFromTheIteratorIsNotSwallowed() {
            StackOverflowError soe = new StackOverflowError("simulated by the test");
            Iterator<FastClockProvider> it = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    throw soe;
                }

                @Override
                public FastClockProvider next() {
                    throw new NoSuchElementException();
                }
            };
            assertSame(soe, assertThrows(StackOverflowError.class, () -> Selection.select(it, null)));
        }

        @Test
        void reservedNameJdkIsSkippedAndReported() {
            FixedBackendProvider impostor = FixedBackendProvider.available("jdk", 1000);

            Selection s = Selection.select(providers(impostor), null);

            assertEquals("jdk", s.providerName());
            assertInstanceOf(SystemClockBackend.class, s.backend());
            assertEquals(0, impostor.probes());
            assertEquals(0, impostor.creations());
            String problem = FixedBackendProvider.class.getName() + " uses the reserved name 'jdk': skipped";
            assertEquals(List.of(problem), s.problems());
            assertEquals(List.of(new Message(Level.WARNING, "FastClock: " + problem, null)), s.messages());
            assertEquals(List.of(outcome("jdk", MIN, "chosen")), s.outcomes());
        }

        @Test
        void reservedNameJdkCannotBeForcedToTheImpostor() {
            FixedBackendProvider impostor = FixedBackendProvider.available("jdk", 1000);
            Selection s = Selection.select(providers(impostor), "jdk");
            assertInstanceOf(SystemClockBackend.class, s.backend());
            assertEquals(0, impostor.creations());
            assertEquals(List.of(outcome("jdk", MIN, "chosen (forced)")), s.outcomes());
        }

        @Test
        void duplicateNameIsSkippedAndReportedAndTheFirstKept() {
            FixedBackendProvider first = FixedBackendProvider.available("dup", 10);
            FixedBackendProvider second = FixedBackendProvider.available("dup", 900);

            Selection s = Selection.select(providers(first, second), null);

            assertEquals("dup", s.providerName());
            assertSame(first.created(), s.backend(), "the later provider reusing a name is dropped, even at higher priority");
            assertEquals(0, second.creations());
            assertEquals(List.of(FixedBackendProvider.class.getName() + " reuses the name 'dup' of an earlier provider: skipped"),
                    s.problems());
            assertEquals(List.of(outcome("dup", 10, "chosen"), outcome("jdk", MIN, "not tried: dup was chosen first")),
                    s.outcomes());
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "  "})
        void providerWithoutNameIsSkippedAndReported(String name) {
            FixedBackendProvider nameless = new FixedBackendProvider(name, 900, null, FixedBackendProvider::settable);
            FixedBackendProvider good = FixedBackendProvider.available("good", 1);

            Selection s = Selection.select(providers(nameless, good), null);

            assertEquals("good", s.providerName());
            assertEquals(0, nameless.creations());
            assertEquals(List.of(FixedBackendProvider.class.getName() + " has no name: skipped"), s.problems());
        }
    }

    @Nested
    class BrokenIterators {

        /** An iterator that throws {@code failure} for its first {@code failures} calls. */
        static final class FlakyIterator implements Iterator<FastClockProvider> {
            private final Iterator<FastClockProvider> delegate;
            private int failuresLeft;
            private final boolean failInNext;
            private final Error failure;
            int calls;

            FlakyIterator(int failures, boolean failInNext, Error failure, FastClockProvider... providers) {
                this.delegate = List.of(providers).iterator();
                this.failuresLeft = failures;
                this.failInNext = failInNext;
                this.failure = failure;
            }

            FlakyIterator(int failures, boolean failInNext, FastClockProvider... providers) {
                this(failures, failInNext, null, providers);
            }

            private Error fail(String where) {
                return failure != null ? failure : new ServiceConfigurationError("broken entry, " + where + " #" + calls);
            }

            @Override
            public boolean hasNext() {
                calls++;
                if (!failInNext && failuresLeft > 0) {
                    failuresLeft--;
                    throw fail("hasNext");
                }
                return failInNext && failuresLeft > 0 || delegate.hasNext();
            }

            @Override
            public FastClockProvider next() {
                if (failInNext && failuresLeft > 0) {
                    failuresLeft--;
                    throw fail("next");
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
            assertEquals(3, s.problems().size(), s.problems()::toString);
            for (String p : s.problems()) {
                assertTrue(p.startsWith("a provider failed to load: " + ServiceConfigurationError.class.getName()
                        + ": broken entry"), p);
            }
            assertEquals(3, s.messages().size());
            for (Message d : s.messages()) {
                assertEquals(Level.WARNING, d.level());
                assertInstanceOf(ServiceConfigurationError.class, d.thrown());
            }
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
            assertTrue(it.calls < 100_000, "but not forever: " + it.calls);
            assertEquals(it.calls, s.problems().size());
            assertEquals("a provider failed to load: java.util.ServiceConfigurationError: forever broken", s.problems().get(0));
        }

        /** What the JDK throws on Java 17-21 for the Linux provider, compiled for Java 22. */
        private static UnsupportedClassVersionError tooNew() {
            return new UnsupportedClassVersionError("dev/fastclock/linux/x64/LinuxX64Provider has been compiled by a more"
                    + " recent version of the Java Runtime (class file version 66.0), this version of the Java Runtime"
                    + " only recognizes class file versions up to 61.0");
        }

        @ParameterizedTest
        @ValueSource(booleans = {false, true})
        void providerForANewerJavaIsOneLineWithoutStackTrace(boolean wrapped) {
            Error failure = wrapped
                    ? new ServiceConfigurationError("dev.fastclock.spi.FastClockProvider: Provider"
                            + " dev.fastclock.linux.x64.LinuxX64Provider could not be loaded", tooNew())
                    : tooNew();
            FixedBackendProvider good = FixedBackendProvider.available("good", 1);

            Selection s = Selection.select(new FlakyIterator(1, true, failure, good), null);

            assertEquals("good", s.providerName(), "the providers after it are still found");
            assertEquals(1, s.problems().size(), s.problems()::toString);
            String line = s.problems().get(0);
            assertTrue(line.startsWith("dev.fastclock.linux.x64.LinuxX64Provider needs Java 22 or newer (this JVM is Java "
                    + Runtime.version().feature() + "): "), line);
            assertEquals(List.of(new Message(Level.WARNING, "FastClock: " + line, null)), s.messages(),
                    "expected on an old JVM: INFO, one line, no stack trace");
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
            assertEquals("low", s.forced());
            assertSame(low.created(), s.backend());
            assertEquals(0, high.probes());
            assertEquals(0, high.creations());
            assertEquals(List.of(
                    outcome("high", 200, "not tried: low was forced"),
                    outcome("low", 1, "chosen (forced)"),
                    outcome("jdk", MIN, "not tried: low was forced")), s.outcomes());
            assertEquals(List.of(), s.messages());
        }

        @ParameterizedTest
        @ValueSource(strings = {"LOW", "Low", " lOw "})
        void forcedNamesAreMatchedIgnoringCase(String forced) {
            FixedBackendProvider high = FixedBackendProvider.available("high", 200);
            FixedBackendProvider low = FixedBackendProvider.available("low", 1);

            Selection s = Selection.select(providers(high, low), forced);

            assertEquals("low", s.providerName(), "the provider's own name");
            assertEquals(forced.trim(), s.forced(), "the forced name as given");
            assertSame(low.created(), s.backend());
            assertEquals(0, high.creations());
            assertEquals(outcome("low", 1, "chosen (forced)"), s.outcomes().get(1));
        }

        @ParameterizedTest
        @ValueSource(strings = {"JDK", "Jdk"})
        void forcedJdkIsMatchedIgnoringCase(String forced) {
            Selection s = Selection.select(providers(FixedBackendProvider.available("high", 200)), forced);
            assertEquals("jdk", s.providerName());
            assertInstanceOf(SystemClockBackend.class, s.backend());
        }

        @Test
        void forcedNameIsTrimmed() {
            FixedBackendProvider low = FixedBackendProvider.available("low", 1);
            Selection s = Selection.select(providers(FixedBackendProvider.available("high", 200), low), "  low ");
            assertEquals("low", s.providerName());
            assertEquals("low", s.forced());
            assertSame(low.created(), s.backend());
        }

        @Test
        void forcedJdkBeatsAvailableProviders() {
            FixedBackendProvider high = FixedBackendProvider.available("high", 200);

            Selection s = Selection.select(providers(high), "jdk");

            assertEquals("jdk", s.providerName());
            assertEquals("jdk", s.forced());
            assertInstanceOf(SystemClockBackend.class, s.backend());
            assertEquals(0, high.creations());
            assertEquals(List.of(outcome("high", 200, "not tried: jdk was forced"), outcome("jdk", MIN, "chosen (forced)")),
                    s.outcomes());
        }

        @Test
        void forcedNameNotFoundFailsEveryCallNamingItAndTheProvidersFound() {
            FixedBackendProvider high = FixedBackendProvider.available("high", 200);
            FixedBackendProvider low = FixedBackendProvider.unavailable("low", 1, "not here");

            Selection s = Selection.select(providers(low, high), "linux-x64");

            assertEquals("none", s.providerName());
            assertEquals("linux-x64", s.forced());
            assertEquals(0, high.creations(), "a forced selection never falls back");
            String expected = "-Dfastclock.provider=linux-x64 names no provider (names are matched ignoring case); the providers found here: high, low, jdk"
                    + "";
            for (Executable call : everyCall(s.backend())) {
                IllegalStateException e = assertThrows(IllegalStateException.class, call);
                assertEquals(expected, e.getMessage());
                assertNull(e.getCause());
            }
            assertEquals(List.of(expected), s.problems());
            assertEquals(List.of(
                    outcome("high", 200, "not tried: linux-x64 was forced"),
                    outcome("low", 1, "not tried: linux-x64 was forced"),
                    outcome("jdk", MIN, "not tried: linux-x64 was forced")), s.outcomes());
            assertEquals(List.of(), s.messages(), "the failing backend's first plan says it, once the choice is made");
            assertEquals(List.of("every method throws IllegalStateException: " + expected),
                    assertDoesNotThrow(s.backend()::notes));
        }

        @Test
        void theFailingBackendsFirstPlanCarriesTheOneLine() {
            Selection s = Selection.select(providers(FixedBackendProvider.available("low", 1)), "nosuch");
            String expected = "-Dfastclock.provider=nosuch names no provider (names are matched ignoring case); the providers found here: low, jdk";
            List<String> warnings = new ArrayList<>();
            for (Method m : Method.values()) {
                if (m.planned()) {
                    var plan = s.backend().plan(m);
                    assertEquals(new MethodRoute(m.apiName(), "none", "throws IllegalStateException: " + expected, List.of()), plan.route());
                    if (plan.warning() != null) {
                        warnings.add(plan.warning());
                    }
                }
            }
            assertEquals(List.of(expected + "; every call throws IllegalStateException"), warnings, "one line, for the first plan only");
        }

        @Test
        void forcedButUnavailableFailsWithTheProvidersReason() {
            FixedBackendProvider forced = FixedBackendProvider.unavailable("native", 100, "kernel has no vDSO symbol __vdso_getcpu");

            Selection s = Selection.select(providers(forced), "native");

            assertEquals("none", s.providerName());
            assertEquals(0, forced.creations());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.backend().plan(Method.NANOS).reader().read(0));
            String expected = "forced provider 'native' cannot work here: kernel has no vDSO symbol __vdso_getcpu"
                    + "; the providers found here: native, jdk";
            assertEquals(expected, e.getMessage());
            assertEquals(List.of(expected), s.problems());
            assertEquals(List.of(outcome("native", 100, "failed: " + expected), outcome("jdk", MIN, "not tried: native was forced")),
                    s.outcomes());
        }

        @ParameterizedTest
        @EnumSource(value = Phase.class, names = {"UNAVAILABLE_REASON", "CREATE"})
        void forcedProviderThatThrowsFailsEveryCallWithTheCause(Phase phase) {
            RuntimeException boom = new UnsupportedOperationException("cannot map the vDSO");
            ThrowingProvider forced = new ThrowingProvider(phase, "native", 100, boom);

            Selection s = Selection.select(providers(forced, FixedBackendProvider.available("other", 1)), "native");

            assertEquals("none", s.providerName());
            String expected = "forced provider 'native' failed to start: " + boom + "; the providers found here: native, other, jdk";
            assertNull(s.backend().plan(Method.NANOS).warning(), "unexpected: the selection logs it, with its trace, not the plan");
            for (Executable call : everyCall(s.backend())) {
                IllegalStateException e = assertThrows(IllegalStateException.class, call);
                assertEquals(expected, e.getMessage());
                assertSame(boom, e.getCause());
            }
            assertEquals(List.of(expected), s.problems());
            assertEquals(1, s.messages().size(), s.messages()::toString);
            assertEquals("FastClock: " + expected + "; every call throws IllegalStateException", s.messages().get(0).text());
            assertSame(boom, s.messages().get(0).thrown(), "an unexpected failure is logged with its stack trace");
        }

        @Test
        void forcedProviderThatIsUnavailableAtCreateFailsWithItsOneLine() {
            ThrowingProvider forced = new ThrowingProvider(Phase.CREATE, "native", 100,
                    new UnavailableException("native access is denied: add --enable-native-access=ALL-UNNAMED"));

            Selection s = Selection.select(providers(forced), "native");

            String expected = "forced provider 'native' cannot work here: native access is denied: add --enable-native-access=ALL-UNNAMED"
                    + "; the providers found here: native, jdk";
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.backend().plan(Method.CPU).reader().read(0));
            assertEquals(expected, e.getMessage());
            assertNull(e.getCause(), "an expected condition: no cause to trace");
            assertEquals(List.of(expected), s.problems());
        }

        @Test
        void forcedProviderWhoseCreateReturnsNullFails() {
            Selection s = Selection.select(providers(FixedBackendProvider.createsNull("nully", 5)), "nully");

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.backend().plan(Method.EPOCH_MILLIS).reader().read(0));
            assertContains(e.getMessage(), "forced provider 'nully' failed to start");
            assertContains(e.getMessage(), "create() returned null");
            assertInstanceOf(IllegalStateException.class, e.getCause());
        }

        @Test
        void forcedVirtualMachineErrorIsNotSwallowed() {
            StackOverflowError soe = new StackOverflowError("simulated by the test");
            ThrowingProvider forced = new ThrowingProvider(Phase.CREATE, "native", 100, soe);
            assertSame(soe, assertThrows(StackOverflowError.class, () -> Selection.select(providers(forced), "native")));
        }

        @Test
        void forcedSelectionStillReportsLoadFailures() {
            FixedBackendProvider low = FixedBackendProvider.available("low", 1);
            Selection s = Selection.select(providers(
                    new ThrowingProvider(Phase.NAME, "x", 1, new IllegalStateException("name-broke")),
                    FixedBackendProvider.available("jdk", 5),
                    low), "low");

            assertSame(low.created(), s.backend());
            assertEquals(2, s.problems().size(), s.problems()::toString);
            assertContains(s.problems().get(0), "name-broke");
            assertContains(s.problems().get(1), "uses the reserved name 'jdk'");
        }

        @Test
        void failedBackendIsTheOnlyThingThatThrows() {
            Selection s = Selection.select(providers(), "missing");
            assertAll(everyCall(s.backend()).stream().map(call -> () -> assertThrows(IllegalStateException.class, call)));
            assertContains(s.backend().notes().get(0), "names no provider");
            assertDoesNotThrow(s.backend()::toString);
        }
    }

    @Nested
    class Backends {

        @Test
        void availableProvidersBackendIsTheOneItBuilt() {
            FixedBackendProvider p = FixedBackendProvider.available("set", 5);
            Selection s = Selection.select(providers(p), null);
            assertInstanceOf(SettableBackend.class, s.backend());
            assertSame(p.created(), s.backend());
        }

        @Test
        void failingIsAnSpiFactoryForAThrowingBackend() {
            RuntimeException cause = new IllegalArgumentException("why");
            FastClockBackend b = FastClockBackend.failing("message", cause);
            for (Executable call : everyCall(b)) {
                IllegalStateException e = assertThrows(IllegalStateException.class, call);
                assertEquals("message", e.getMessage());
                assertSame(cause, e.getCause());
            }
            assertEquals(List.of("every method throws IllegalStateException: message"), b.notes());
        }
    }
}
