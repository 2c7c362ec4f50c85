package dev.fastclock.linux.x64.internal;

import dev.fastclock.spi.Method;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The first calibration of the ticks' route: a class of its own so that a first call that never plans ticks
 * never loads what it needs (each class a cold JVM loads costs it a fraction of a millisecond).
 */
final class TscRouteCalibration {

    private TscRouteCalibration() {
    }

    /**
     * A calibrator for the TSC against {@code CLOCK_MONOTONIC_RAW} from the vDSO (else libc), with whole
     * pairs read by one native stub. Classes, not lambdas: start-up pays for each lambda.
     *
     * @param vdso the vDSO route, opened
     * @param libc the libc route, opened
     * @return the calibrator, or why there is none
     */
    static TscCalibrator.Outcome calibrate(Routes.Fns vdso, Routes.Fns libc) {
        Call raw = null;
        for (Routes.Fns route : List.of(vdso, libc)) {
            Routes.Result res = Routes.serve(route, Row.RAW_NANOS, null);
            if (res.served() != null && Row.RAW_NANOS.check(res.served().call()).isEmpty()) {
                raw = res.served().call();
                break;
            }
        }
        if (raw == null) {
            return new TscCalibrator.Outcome(Optional.empty(), "no CLOCK_MONOTONIC_RAW from the vDSO or libc to calibrate against", 0);
        }
        Optional<MethodHandle> tscStub = Stubs.handle(Stubs.Shape.TSC, true);
        if (tscStub.isEmpty()) {
            return new TscCalibrator.Outcome(Optional.empty(), "no stub page for the counter", 0);
        }
        Call counter = new Call(tscStub.get(), 0, 0, Call.TICKS, Method.TICKS.jdk(), null, null, null);
        Call reference = raw;
        TscCalibrator.PairReader pairs = null;
        Optional<MethodHandle> pairStub = Stubs.handle(Stubs.Shape.RAW_PAIR, true);
        if (pairStub.isPresent()) {
            // The whole pair in one native call: the raw clock's proven function, called by the stub.
            MemorySegment buffer = Arena.ofAuto().allocate(24, 8);
            Call pair = new Call(pairStub.get(), buffer.address(), raw.target(), Call.RAW, Method.TICKS.jdk(), null, null, null);
            pairs = new TscCalibrator.PairReader() {
                @Override
                public boolean read(long[] out) {
                    if (pair.raw(pair.arg()) != 0) {
                        return false;
                    }
                    out[0] = buffer.get(ValueLayout.JAVA_LONG, 0);
                    out[1] = buffer.get(ValueLayout.JAVA_LONG, 8);
                    out[2] = buffer.get(ValueLayout.JAVA_LONG, 16);
                    return true;
                }
            };
        }
        LongSupplier count = new LongSupplier() {
            @Override
            public long getAsLong() {
                return counter.raw(0);
            }
        };
        LongSupplier ref = new LongSupplier() {
            @Override
            public long getAsLong() {
                return reference.raw(reference.arg());
            }
        };
        // A second try when an overloaded moment (preempted pairs) spoiled the first, accepting a first
        // bound five times wider, which the recalibrations then narrow within tens of milliseconds. Ticks
        // that cannot be calibrated stay nanoseconds for the process: no reading was handed out before.
        TscCalibrator.Outcome first = TscCalibrator.start(count, ref, pairs);
        if (first.calibrator().isPresent()) {
            return first;
        }
        TscCalibrator.Outcome second = TscCalibrator.start(count, ref, pairs, 5);
        return second.calibrator().isPresent() ? second
                : new TscCalibrator.Outcome(Optional.empty(), first.detail() + "; again: " + second.detail(), first.heldNanos() + second.heldNanos());
    }

}
