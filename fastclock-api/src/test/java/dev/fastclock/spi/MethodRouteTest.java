package dev.fastclock.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link MethodRoute}: an immutable value that refuses nulls. */
class MethodRouteTest {

    @Test
    void passedOverIsCopiedAndImmutable() {
        List<MethodRoute.PassedOver> passed = new ArrayList<>(List.of(new MethodRoute.PassedOver("vdso", "no symbol")));
        MethodRoute r = new MethodRoute("nanos", "syscall", "clock_gettime(CLOCK_MONOTONIC)", passed);
        passed.clear();
        assertEquals(List.of(new MethodRoute.PassedOver("vdso", "no symbol")), r.passedOver(), "a copy, not a view");
        assertThrows(UnsupportedOperationException.class, () -> r.passedOver().clear());
        assertEquals(new MethodRoute("nanos", "syscall", "clock_gettime(CLOCK_MONOTONIC)",
                List.of(new MethodRoute.PassedOver("vdso", "no symbol"))), r, "a value: equal by its components");
    }

    @Test
    void nullsAreRefused() {
        List<MethodRoute.PassedOver> none = List.of();
        assertThrows(NullPointerException.class, () -> new MethodRoute(null, "r", "d", none));
        assertThrows(NullPointerException.class, () -> new MethodRoute("m", null, "d", none));
        assertThrows(NullPointerException.class, () -> new MethodRoute("m", "r", null, none));
        assertThrows(NullPointerException.class, () -> new MethodRoute("m", "r", "d", null));
        List<MethodRoute.PassedOver> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> new MethodRoute("m", "r", "d", withNull));
        assertThrows(NullPointerException.class, () -> new MethodRoute.PassedOver(null, "why"));
        assertThrows(NullPointerException.class, () -> new MethodRoute.PassedOver("r", null));
    }
}
