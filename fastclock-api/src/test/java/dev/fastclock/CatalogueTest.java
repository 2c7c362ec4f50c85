package dev.fastclock;

import dev.fastclock.internal.Active;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.MethodRoute;
import dev.fastclock.spi.Reader;
import dev.fastclock.spi.StatusReader;
import dev.fastclock.spi.TickReader;
import dev.fastclock.testproviders.LabelBackend;
import dev.fastclock.testproviders.ScriptedProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue ({@link Method}) and the API agree, so that a method added to one and not the other, or
 * wired to another row's plan, fails here (this class's own JVM, whose provider answers each row a value
 * of its own: {@link LabelBackend}):
 * <ul>
 *   <li>the package-private ordinal constants of FastClock and CpuLocator are the rows' ordinals;</li>
 *   <li>every planned row has its holder class ({@code FastClock$NanosReader}...), initialized by the
 *       row's first call and holding the row's published reader; no holder is left over;</li>
 *   <li>the public static readings of FastClock and CpuLocator, and the methods of TimeSource and
 *       CpuSource, are the rows, with the row's parameters and unit;</li>
 *   <li>{@link FastClock#read(Method)}, the static method and the sources answer every row with that row's
 *       own plan.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogueTest {

    private static final Pattern HOLDER_INIT = Pattern.compile("Initializing 'dev/fastclock/(FastClock|CpuLocator)\\$(\\w+Reader)'");

    @BeforeAll
    static void aProviderThatLabelsEveryRow() {
        System.setProperty(ScriptedProvider.ENABLE_PROPERTY, "true");
        ScriptedProvider.onCreate(attempt -> new LabelBackend());
    }

    /** {@code dev.fastclock.FastClock$NanosReader}: the holder of a planned row, as the design names it. */
    static String holderName(Method m) {
        return Catalogue.owner(m).getName() + "$" + Character.toUpperCase(m.apiName().charAt(0)) + m.apiName().substring(1) + "Reader";
    }

    /** What {@link FastClock#read(Method)} answers for {@code m} with the label provider. */
    private static long expected(Method m) {
        return switch (m) {
            case TICKS_TO_NANOS -> LabelBackend.label(Method.TICKS_PER_SECOND) + LabelBackend.label(Method.TICKS_TO_NANOS);
            case RESOLUTION -> LabelBackend.label(m) + ClockId.MONOTONIC.linuxId();
            default -> LabelBackend.label(m);
        };
    }

    @Test
    @Order(1)
    void eachHolderIsInitializedByItsRowsFirstCallAndHoldsItsPublishedReader() throws Exception {
        for (Method m : Method.values()) {
            long bit = 1L << m.plannedAs().ordinal();
            assertEquals(!m.planned(), Active.ready(bit), () -> m + ": ready before its first call (only the tick conversions ride on ticks)");
            assertEquals(expected(m), FastClock.read(m), m + ", first call");
            assertTrue(Active.ready(bit), () -> m + ": its holder was not initialized by its first call");
            assertEquals(expected(m), FastClock.read(m), m + ", through its holder");
        }
        for (Method m : Catalogue.planned()) {
            Class<?> holder = Class.forName(holderName(m), false, FastClock.class.getClassLoader());
            Field r = holder.getDeclaredField("R");
            assertTrue(Modifier.isStatic(r.getModifiers()) && Modifier.isFinal(r.getModifiers()), r::toString);
            Class<?> type = m == Method.TICKS ? TickReader.class : m == Method.CLOCK_STATUS ? StatusReader.class : Reader.class;
            assertEquals(type, r.getType(), r::toString);
            r.setAccessible(true);
            assertSame(Active.reader(m.ordinal()), r.get(null), () -> holderName(m) + " holds another row's reader");
        }
        assertTrue(FastClock.report().notes().stream().noneMatch(n -> n.contains("could not be initialized")), FastClock.report().notes()::toString);
    }

    @Test
    void everyHolderIsAPlannedRows() {
        Set<String> holders = new TreeSet<>();
        for (Class<?> owner : List.of(FastClock.class, CpuLocator.class)) {
            for (Class<?> nested : owner.getDeclaredClasses()) {
                if (nested.getSimpleName().endsWith("Reader")) {
                    holders.add(nested.getName());
                }
            }
        }
        Set<String> expected = new TreeSet<>();
        for (Method m : Catalogue.planned()) {
            expected.add(holderName(m));
        }
        assertEquals(expected, holders);
    }

    @Test
    void theOrdinalConstantsAreTheCatalogues() throws IllegalAccessException {
        Set<Method> seen = new HashSet<>();
        for (Class<?> owner : List.of(FastClock.class, CpuLocator.class)) {
            for (Field f : owner.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (f.getType() != int.class || !Modifier.isStatic(mod) || !Modifier.isFinal(mod)) {
                    continue;
                }
                assertFalse(Modifier.isPublic(mod) || Modifier.isProtected(mod) || Modifier.isPrivate(mod), () -> f + ": package-private");
                Method m = Method.valueOf(f.getName());
                assertSame(owner, Catalogue.owner(m), () -> f + " is not in the row's owner");
                assertEquals(m.ordinal(), f.getInt(null), f::toString);
                seen.add(m);
            }
        }
        for (Method m : Catalogue.planned()) {
            assertTrue(seen.contains(m), () -> Catalogue.owner(m).getSimpleName() + " has no constant " + m.name() + " = " + m.ordinal());
        }
    }

    /** The public static methods of {@code owner} that are readings: primitives or a ClockStatus, but not read(Method). */
    private static List<java.lang.reflect.Method> readings(Class<?> owner) {
        List<java.lang.reflect.Method> found = new ArrayList<>();
        for (java.lang.reflect.Method jm : owner.getDeclaredMethods()) {
            int mod = jm.getModifiers();
            boolean reading = jm.getReturnType().isPrimitive() || jm.getReturnType() == ClockStatus.class;
            boolean read = jm.getParameterCount() == 1 && jm.getParameterTypes()[0] == Method.class;
            if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && reading && !read) {
                found.add(jm);
            }
        }
        return found;
    }

    @Test
    void theApiReadingsAreTheRowsAndTheRowsAreTheApiReadings() {
        Set<String> api = new TreeSet<>();
        for (Class<?> owner : List.of(FastClock.class, CpuLocator.class)) {
            for (java.lang.reflect.Method jm : readings(owner)) {
                Method m;
                try {
                    m = Method.ofApiName(jm.getName());
                } catch (IllegalArgumentException e) {
                    throw new AssertionError(jm + " is not in the catalogue: add its row to dev.fastclock.spi.Method", e);
                }
                assertSame(owner, Catalogue.owner(m), jm::toString);
                assertArrayEquals(Catalogue.parameters(m), jm.getParameterTypes(), jm::toString);
                assertEquals(Catalogue.returnType(m), jm.getReturnType(), () -> jm + " and the row's unit " + m.unit());
                api.add(m.qualifiedName());
            }
        }
        Set<String> rows = new TreeSet<>();
        for (Method m : Method.values()) {
            rows.add(m.qualifiedName());
        }
        assertEquals(rows, api, "every catalogue row is a public static method of its owner, and no more");
    }

    @Test
    void theSourcesHaveEveryRowAndNoMore() throws NoSuchMethodException {
        Set<String> rows = new TreeSet<>();
        for (Method m : Method.values()) {
            java.lang.reflect.Method jm = Catalogue.sourceType(m).getMethod(m.apiName(), Catalogue.parameters(m));
            assertEquals(Catalogue.returnType(m), jm.getReturnType(), jm::toString);
            rows.add(Catalogue.sourceType(m).getSimpleName() + "." + m.apiName());
        }
        Set<String> methods = new TreeSet<>();
        for (Class<?> source : List.of(TimeSource.class, CpuSource.class)) {
            for (java.lang.reflect.Method jm : source.getDeclaredMethods()) {
                if (Modifier.isPublic(jm.getModifiers()) && !Modifier.isStatic(jm.getModifiers())) {
                    methods.add(source.getSimpleName() + "." + jm.getName());
                }
            }
        }
        assertEquals(rows, methods);
    }

    @Test
    void everyRowIsAnsweredByItsOwnPlanThroughEveryEntry() {
        for (Method m : Method.values()) {
            assertEquals(expected(m), FastClock.read(m), () -> "FastClock.read(" + m + ")");
            assertEquals(expected(m), Catalogue.callStatic(m), () -> Catalogue.owner(m).getSimpleName() + "." + m.apiName());
            assertEquals(expected(m), Catalogue.callSource(m), () -> "source()." + m.apiName());
        }
        for (ClockId id : ClockId.values()) {
            assertEquals(LabelBackend.label(Method.RESOLUTION) + id.linuxId(), FastClock.resolutionNanos(id), "the Linux clock id reaches the plan");
        }
        assertEquals(LabelBackend.label(Method.TICKS_TO_NANOS) + 5, FastClock.ticksToNanos(5));
        assertTrue(CpuLocator.isSupported());
        ClockStatus s = FastClock.clockStatus();
        assertEquals(ClockStatus.of(3, 0x2011, -1_234, 3.125, 567, 89, 37, LabelBackend.label(Method.EPOCH_NANOS)), s,
                "the status from the plan's Timex, read at epochNanos()");
    }

    @Test
    void theReportHasEveryPlannedRowOnItsOwnRoute() {
        List<MethodRoute> expected = new ArrayList<>();
        for (Method m : Catalogue.planned()) {
            expected.add(new LabelBackend().plan(m).route());
        }
        assertEquals(expected, FastClock.report().methods());
    }

    @Test
    void theRowsThemselvesAreConsistent() {
        Set<String> names = new HashSet<>();
        for (Method m : Method.values()) {
            assertTrue(names.add(m.apiName()), () -> "two rows named " + m.apiName());
            assertSame(m, Method.ofApiName(m.apiName()));
            assertEquals(Catalogue.owner(m).getSimpleName() + "." + m.apiName(), m.qualifiedName());
            assertNotNull(m.jdk(), m::toString);
            assertFalse(m.description().isBlank(), m::toString);
            assertTrue(m.planned() || m.plannedAs() == Method.TICKS, m::toString);
            Method f = m.fallback();
            if (f != null) {
                assertTrue(f.planned(), () -> m + " falls back on " + f + ", which is not planned");
                assertEquals(m.unit() == Method.Unit.TICKS ? Method.Unit.NANOSECONDS : m.unit(), f.unit(), () -> m + " falls back on another unit");
                if (m.clock() != null) {
                    assertEquals(m.clock().wall(), f.clock().wall(), () -> m + " falls back on a clock of another origin");
                }
            }
        }
        assertTrue(Method.TICKS.jdk() instanceof TickReader);
        assertTrue(Method.CLOCK_STATUS.jdk() instanceof StatusReader);
        assertThrows(IllegalArgumentException.class, () -> Method.ofApiName("noSuchMethod"));
    }

    /** Prints each planned row's first call between markers, with the JVM's class-initialization log on the same stream. */
    public static final class HolderLog {
        public static void main(String[] args) {
            for (Method m : Method.values()) {
                System.out.println("call=" + m.apiName());
                System.out.flush();
                FastClock.read(m);
                System.out.println("done=" + m.apiName());
                System.out.flush();
            }
        }
    }

    @Test
    void inAFreshJvmEachHolderIsInitializedDuringItsRowsFirstCallOnly() {
        ChildJvm.Result r = ChildJvm.main(HolderLog.class).jvmArgs("-Xlog:class+init=info:stdout").run();
        assertEquals(0, r.exitCode(), r::toString);
        List<String> order = new ArrayList<>();
        String current = null;
        for (String line : r.stdout().lines().toList()) {
            if (line.startsWith("call=")) {
                current = line.substring(5);
            } else if (line.startsWith("done=")) {
                current = null;
            } else {
                Matcher h = HOLDER_INIT.matcher(line);
                if (h.find()) {
                    order.add(current + " -> " + h.group(1) + "$" + h.group(2));
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (Method m : Catalogue.planned()) {
            expected.add(m.apiName() + " -> " + holderName(m).substring("dev.fastclock.".length()));
        }
        assertEquals(expected, order, () -> "each holder initialized once, by its own row's first call\n" + r);
    }
}
