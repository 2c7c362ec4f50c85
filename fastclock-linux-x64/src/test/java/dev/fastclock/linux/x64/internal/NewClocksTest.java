package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import dev.fastclock.spi.Method;
import dev.fastclock.spi.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The rows added with the second design: {@code bootNanos}, {@code rawNanos} and {@code taiNanos} on
 * the vDSO and libc, each inside a bracket of the kernel's own answer (a real system call, not the
 * vDSO); {@code ticks} on the time-stamp counter; and {@code node} from the kernel's CPU-to-node
 * table, which must agree with {@code getcpu}.
 */
class NewClocksTest {

    /** Each new clock row and its clock id. */
    enum Clock {
        BOOT(Method.BOOT_NANOS, ClockId.BOOTTIME),
        RAW(Method.RAW_NANOS, ClockId.MONOTONIC_RAW),
        TAI(Method.TAI_NANOS, ClockId.TAI);

        final Method method;
        final ClockId id;

        Clock(Method method, ClockId id) {
            this.method = method;
            this.id = id;
        }

        LongSupplier of(Facade b) {
            return switch (this) {
                case BOOT -> b::bootNanos;
                case RAW -> b::rawNanos;
                case TAI -> b::taiNanos;
            };
        }
    }

    @ParameterizedTest
    @EnumSource(value = RouteId.class, names = {"VDSO", "LIBC"})
    void theNewClocksAreTheKernelsOwn(RouteId route) {
        Facade b = new Facade(LinuxBackend.eager(Failsafe.live(), Optional.of(route)));
        for (Clock clock : Clock.values()) {
            Plan c = b.plan(clock.method);
            assertEquals(route, b.route(clock.method), clock.method.apiName());
            assertEquals(List.of(), c.route().passedOver(), clock.method.apiName());
            assertEquals(clock.id.linuxId(), b.call(clock.method).arg(), clock.method.apiName() + " asks for " + clock.id);
            assertEquals(clock.id.linuxId(), clock.method.clock().linuxId(), "the catalogue's clock is the API's");
            LongSupplier read = clock.of(b);
            for (int i = 0; i < 2_000; i++) {
                long a = Kernel.clockGettime(clock.id.linuxId());
                long v = read.getAsLong();
                long z = Kernel.clockGettime(clock.id.linuxId());
                if (v < a || v > z) {
                    Failsafe.between(a, v, z, "round " + i + ": " + route.id() + " " + clock.method.apiName()
                            + " between two system calls clock_gettime(" + clock.id + ")");
                }
            }
        }
    }

    @Test
    void byDefaultTheNewClocksAreOnTheVdso() {
        Facade b = new Facade(LinuxBackend.lazy(Failsafe.live(), Optional.empty()));
        for (Clock clock : Clock.values()) {
            long a = Kernel.clockGettime(clock.id.linuxId());
            long v = clock.of(b).getAsLong(); // the first read plans it
            long z = Kernel.clockGettime(clock.id.linuxId());
            // The first reading is already the kernel clock's, read on the planned route.
            Failsafe.between(a, v, z, clock.method.apiName() + "'s first call");
            assertEquals(RouteId.VDSO, b.route(clock.method), clock.method.apiName());
        }
    }

    @Test
    void ticksOnTheForcedTscCountUp() {
        Facade b = new Facade(LinuxBackend.eager(Failsafe.live(), Optional.of(RouteId.TSC)));
        assertEquals(RouteId.TSC, b.route(Method.TICKS));
        assertEquals(List.of(), b.plan(Method.TICKS).route().passedOver());
        long last = b.ticks();
        long distinct = 0;
        for (int i = 0; i < 100_000; i++) {
            long t = b.ticks();
            assertTrue(t >= last, "ticks() went back: " + last + " then " + t);
            distinct += t > last ? 1 : 0;
            last = t;
        }
        assertTrue(distinct > 50_000, "the counter moves between most reads: " + distinct + " of 100000");
    }

    @Test
    void nodeFromTheLibcTableIsGetcpusNode() {
        int[] table = Routes.nodeTable(LinuxEnvironment.LIVE_FILES);
        assumeTrue(table != null, "this kernel publishes no CPU-to-node table under /sys/devices/system/node");
        Facade b = new Facade(LinuxBackend.eager(Failsafe.live(), Optional.of(RouteId.LIBC)));
        assertEquals(RouteId.LIBC, b.route(Method.NODE));
        Call c = b.call(Method.NODE);
        assertEquals(Call.NODE_OF_CPU, c.post(), "node from sched_getcpu and the table: " + b.plan(Method.NODE).route().detail());
        assertEquals(Call.NODE_OF_PACKED, c.fallback().post(), "a CPU the table does not know asks getcpu");

        int compared = 0;
        for (int i = 0; i < 20_000; i++) {
            int[] before = Kernel.getcpu();
            int node = b.node();
            int[] after = Kernel.getcpu();
            if (before[0] == after[0]) {
                // Not moved (or moved and back): the node is that CPU's, which is what getcpu says.
                assertEquals(before[1], node, "node() on cpu " + before[0]);
                assertEquals(before[1], table[before[0]], "the table's node of cpu " + before[0]);
                compared++;
            }
        }
        assertTrue(compared > 10_000, "rounds without a migration: " + compared);
        if (Rseq.read().registered()) {
            Facade byDefault = new Facade(LinuxBackend.eager(Failsafe.live(), Optional.empty()));
            assertEquals(RouteId.LIBC, byDefault.route(Method.NODE), "with rseq, node() by default comes from libc");
            assertEquals(Call.NODE_OF_CPU, byDefault.call(Method.NODE).post(), "and from the table");
        }
    }
}
