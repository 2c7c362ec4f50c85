package dev.fastclock.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fastclock.FastClock;
import dev.fastclock.Report;
import dev.fastclock.spi.Method;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * The catalogue as the built API jar wires it (issue 17's "a method added to the API but not to the provider compiles,
 * runs, is answered silently ... and is missing from report()"), seen as a user's JVM sees it: every planned method has
 * its holder class ({@code FastClock$NanosReader}: what lets the hot path fold the reader; a missing one leaves the
 * method on the slow path for good, which the report would note), the API's compile-time ordinals match the catalogue,
 * and this JVM's report lists every planned method with no holder left unfolded.
 */
class CatalogueWiringTest {

    @Test
    void everyPlannedMethodHasItsHolderClass() throws Exception {
        for (Method m : Method.values()) {
            if (!m.planned()) {
                continue;
            }
            String holder = "dev.fastclock." + m.owner().simpleName() + "$" + Character.toUpperCase(m.apiName().charAt(0))
                    + m.apiName().substring(1) + "Reader";
            Class<?> c = Class.forName(holder, false, FastClock.class.getClassLoader());
            Field r = c.getDeclaredField("R");
            assertTrue(Modifier.isStatic(r.getModifiers()) && Modifier.isFinal(r.getModifiers()), () -> holder + ".R is not static final");
        }
    }

    @Test
    void theApisOrdinalConstantsAreTheCatalogues() throws Exception {
        int checked = 0;
        for (Method m : Method.values()) {
            Class<?> owner = Class.forName("dev.fastclock." + m.owner().simpleName());
            Field f;
            try {
                f = owner.getDeclaredField(m.name());
            } catch (NoSuchFieldException e) {
                continue; // not every row needs a constant (the conversions go through TICKS')
            }
            f.setAccessible(true);
            assertEquals(m.ordinal(), f.getInt(null), () -> owner.getSimpleName() + "." + m.name() + " is not the catalogue's ordinal");
            checked++;
        }
        assertTrue(checked >= Method.values().length - 2, "the API keeps a constant for each planned method: " + checked);
    }

    @Test
    void thisJvmsReportListsEveryPlannedMethodAndFoldsEveryHolder() {
        Report report = FastClock.report();
        assertEquals(Routing.METHODS, report.methods().stream().map(r -> r.method()).toList(), report::toString);
        assertFalse(report.notes().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).contains("slow path")), report::toString);
        // read(Method) answers every row of the catalogue
        for (Method m : Method.values()) {
            FastClock.read(m);
        }
    }
}
