package dev.fastclock.linux.x64.internal;

import dev.fastclock.spi.Timex;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What one process cannot vary, planned by the production planner in a fresh JVM: glibc's rseq
 * registration turned off (the cpu and node routes move to the vDSO), and native access denied with
 * the jdk route forced (nothing native is touched, not even for the report).
 */
class ChildJvmPlanTest {

    private static Map<String, String> values(String out) {
        return ChildJvm.values(out);
    }

    @Test
    void withRseqOffCpuAndNodeAreOnTheVdso() throws Exception {
        assumeTrue(Rseq.read().size() >= 0, "this libc exports no __rseq_size: there is no registration to turn off");
        Map<String, String> off = values(ChildJvm.run(ChildMains.CpuPlan.class, Map.of("GLIBC_TUNABLES", "glibc.pthread.rseq=0"),
                "--enable-native-access=ALL-UNNAMED"));
        assertEquals("false", off.get("rseq.registered"), off.toString());
        for (String m : new String[] {"cpu", "node"}) {
            assertEquals("vdso", off.get(m + ".route"), m + " with rseq off: glibc's sched_getcpu would call the vDSO itself " + off);
            assertEquals("0", off.get(m + ".passedOver"), off.toString());
        }
        assertEquals(String.valueOf(Call.NODE_OF_PACKED), off.get("node.post"), "node from the vDSO's getcpu " + off);
        Failsafe.assertNode(Integer.parseInt(off.get("node")), "node() in the child");

        if (Rseq.read().registered()) {
            // The control: the same child with rseq as this process has it.
            Map<String, String> on = values(ChildJvm.run(ChildMains.CpuPlan.class, Map.of(), "--enable-native-access=ALL-UNNAMED"));
            assertEquals("true", on.get("rseq.registered"), on.toString());
            assertEquals("libc", on.get("cpu.route"), on.toString());
            assertEquals("libc", on.get("node.route"), on.toString());
        }
    }

    @Test
    void theForcedJdkRouteNeedsNoNativeAccess() throws Exception {
        Map<String, String> v = values(ChildJvm.run(ChildMains.ForcedJdk.class, Map.of(),
                "--illegal-native-access=deny", "-Dfastclock.route=jdk"));
        assertEquals("false", v.get("nativeAccess"), v.toString());
        for (String name : new String[] {"eager", "backend", "create"}) {
            assertEquals("true", v.get(name + ".sum"), name + " " + v);
            assertEquals("-1", v.get(name + ".cpu"), name + " " + v);
            assertEquals("-1", v.get(name + ".node"), name + " " + v);
            assertEquals("false", v.get(name + ".supported"), name + " " + v);
            assertEquals(String.valueOf(Failsafe.planned().size()), v.get(name + ".routes"), name + " " + v);
            assertEquals(Timex.UNKNOWN.toString(), v.get(name + ".status"), name + ": the JDK cannot tell the clock's state " + v);
            assertEquals("true", v.get(name + ".jdk"), name + " " + v);
            assertEquals("[forced: -Dfastclock.route=jdk]", v.get(name + ".notes"), name + " " + v);
        }
        assertEquals("true", v.get("done"), v.toString());
    }
}
