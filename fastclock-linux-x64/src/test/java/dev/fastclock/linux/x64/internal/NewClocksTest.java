package dev.fastclock.linux.x64.internal;

import dev.fastclock.ClockId;
import dev.fastclock.linux.x64.Route;
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

        LongSupplier of(LinuxBackend b) {
            return switch (this) {
                case BOOT -> b::bootNanos;
                case RAW -> b::rawNanos;
                case TAI -> b::taiNanos;
            };
        }
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"VDSO", "LIBC"})
    void theNewClocksAreTheKernelsOwn(Route route) {
        LinuxBackend b = LinuxBackend.eager(Failsafe.live(), Optional.of(route));
        for (Clock clock : Clock.values()) {
            Planner.Choice c = b.choice(clock.method);
            assertEquals(route, c.route(), clock.method.apiName());
            assertEquals(List.of(), c.passedOver(), clock.method.apiName());
            assertEquals(clock.id.linuxId(), c.call().arg(), clock.method.apiName() + " asks for " + clock.id);
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
        LinuxBackend b = LinuxBackend.lazy(Failsafe.live(), Optional.empty());
        for (Clock clock : Clock.values()) {
            long a = Kernel.clockGettime(clock.id.linuxId());
            long v = clock.of(b).getAsLong(); // the first call plans it
            long z = Kernel.clockGettime(clock.id.linuxId());
            // The first call may be the JDK's answer only while planning is under way on another
            // thread; here none is, so it is already the kernel clock.
            Failsafe.between(a, v, z, clock.method.apiName() + "'s first call");
            assertEquals(Route.VDSO, b.planner().choice(clock.method).route(), clock.method.apiName());
        }
    }

    @Test
    void ticksOnTheForcedTscCountUp() {
        LinuxBackend b = LinuxBackend.eager(Failsafe.live(), Optional.of(Route.TSC));
        Planner.Choice c = b.choice(Method.TICKS);
        assertEquals(Route.TSC, c.route());
        assertEquals(List.of(), c.passedOver());
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
        LinuxBackend b = LinuxBackend.eager(Failsafe.live(), Optional.of(Route.LIBC));
        Planner.Choice c = b.choice(Method.NODE);
        assertEquals(Route.LIBC, c.route());
        assertEquals(Call.NODE_OF_CPU, c.call().post(), "node from sched_getcpu and the table: " + c.how());
        assertEquals(Call.NODE_OF_PACKED, c.call().fallback().post(), "a CPU the table does not know asks getcpu");

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
            LinuxBackend byDefault = LinuxBackend.eager(Failsafe.live(), Optional.empty());
            assertEquals(Route.LIBC, byDefault.choice(Method.NODE).route(), "with rseq, node() by default comes from libc");
            assertEquals(Call.NODE_OF_CPU, byDefault.choice(Method.NODE).call().post(), "and from the table");
        }
    }
}
