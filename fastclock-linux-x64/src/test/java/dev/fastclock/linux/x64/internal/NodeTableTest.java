package dev.fastclock.linux.x64.internal;

import dev.fastclock.spi.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's CPU-to-node table ({@code /sys/devices/system/node/node<N>/cpulist}), read through
 * the seam ({@link LinuxEnvironment#withFiles}): the parser on the shapes the kernel writes and on
 * malformed ones (no table rather than a wrong one), and the planner's node on libc using it, with a
 * CPU the table does not know answered by {@code getcpu}.
 */
class NodeTableTest {

    private static final String DIR = "/sys/devices/system/node";

    /**
     * Files with a made-up node directory: {@code cpulists} maps each node entry to its cpulist (null:
     * unreadable); other entries of the directory are listed as the kernel lists them; every other
     * path is the live file system's, unless {@code nodeDir} is false (no directory at all).
     */
    record FakeNodes(Map<String, String> cpulists, boolean nodeDir) implements LinuxEnvironment.Files {
        static FakeNodes of(String... nameAndList) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < nameAndList.length; i += 2) {
                m.put(nameAndList[i], nameAndList[i + 1]);
            }
            return new FakeNodes(m, true);
        }

        @Override
        public Optional<String> read(String path) {
            if (path.startsWith(DIR + "/")) {
                if (!nodeDir) {
                    return Optional.empty();
                }
                String rest = path.substring(DIR.length() + 1);
                int slash = rest.indexOf('/');
                if (slash > 0 && rest.substring(slash).equals("/cpulist")) {
                    return Optional.ofNullable(cpulists.get(rest.substring(0, slash)));
                }
                return Optional.empty();
            }
            return LinuxEnvironment.LIVE_FILES.read(path);
        }

        @Override
        public List<String> list(String dir) {
            if (dir.equals(DIR)) {
                if (!nodeDir) {
                    return List.of();
                }
                List<String> names = new ArrayList<>(List.of("has_cpu", "has_memory", "online", "possible", "power", "uevent"));
                names.addAll(cpulists.keySet());
                return names;
            }
            return LinuxEnvironment.LIVE_FILES.list(dir);
        }
    }

    @Test
    void oneNodeWithARange() {
        assertArrayEquals(new int[] {0, 0}, Routes.nodeTable(FakeNodes.of("node0", "0-1\n")));
    }

    @Test
    void twoNodesInterleaved() {
        assertArrayEquals(new int[] {0, 1, 0, 1}, Routes.nodeTable(FakeNodes.of("node0", "0,2\n", "node1", "1,3\n")));
    }

    @Test
    void rangesListsAndGaps() {
        assertArrayEquals(new int[] {0, 0, 0, -1, -1, 3, 3, 0},
                Routes.nodeTable(FakeNodes.of("node0", "0-2,7\n", "node3", "5-6\n")), "CPUs 3 and 4 are in no node");
        assertArrayEquals(new int[] {1, 1}, Routes.nodeTable(FakeNodes.of("node1", "0-1\n", "node2", "\n")),
                "a node with memory and no CPUs lists nothing");
        assertArrayEquals(new int[] {0, 0}, Routes.nodeTable(FakeNodes.of("node0", "0-1\n", "nodeX", "5\n", "node", "6\n")),
                "only node<N> entries are nodes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-x\n", "x\n", "3-1\n", "-1\n", "0-70000\n", "0--1\n", ",-\n"})
    void aMalformedCpulistGivesNoTable(String cpulist) {
        assertNull(Routes.nodeTable(FakeNodes.of("node0", "0-1\n", "node1", cpulist)), "cpulist \"" + cpulist.strip() + "\"");
    }

    @Test
    void noDirectoryOrAnUnreadableNodeGivesNoTable() {
        assertNull(Routes.nodeTable(new FakeNodes(Map.of(), false)), "no /sys/devices/system/node");
        assertNull(Routes.nodeTable(FakeNodes.of()), "a directory with no node");
        assertNull(Routes.nodeTable(FakeNodes.of("node0", "\n")), "nodes without CPUs");
        Map<String, String> unreadable = new LinkedHashMap<>();
        unreadable.put("node0", "0\n");
        unreadable.put("node1", null);
        assertNull(Routes.nodeTable(new FakeNodes(unreadable, true)), "a node whose cpulist cannot be read");
    }

    @Test
    void theLiveTableCoversEveryCpuOfThisMachine() {
        int[] table = Routes.nodeTable(LinuxEnvironment.LIVE_FILES);
        if (table == null) {
            return; // a kernel without the node directory: nothing to compare
        }
        for (int cpu = 0; cpu < Math.min(table.length, Runtime.getRuntime().availableProcessors()); cpu++) {
            Failsafe.assertNode(table[cpu], "the table's node of cpu " + cpu);
        }
    }

    // ---- through the planner ----

    private static Facade libcWith(LinuxEnvironment.Files files) {
        return new Facade(LinuxBackend.eager(Failsafe.live().withFiles(files), Optional.of(RouteId.LIBC)));
    }

    @Test
    void theTableIsWhatNodeAnswers() {
        // Every CPU of this machine on node 7, which exists nowhere: only the table can say 7.
        Facade b = libcWith(FakeNodes.of("node7", "0-" + (Failsafe.cpuLimit() - 1) + "\n"));
        assertEquals(RouteId.LIBC, b.route(Method.NODE));
        assertEquals(Call.NODE_OF_CPU, b.call(Method.NODE).post());
        for (int i = 0; i < 1_000; i++) {
            assertEquals(7, b.node());
        }
    }

    @Test
    void aCpuTheTableDoesNotKnowAsksGetcpu() {
        // A table that knows only CPU 1000, on node 5: every CPU here falls back to getcpu's real node.
        Facade b = libcWith(FakeNodes.of("node5", "1000\n"));
        assertEquals(Call.NODE_OF_CPU, b.call(Method.NODE).post());
        for (int i = 0; i < 1_000; i++) {
            int node = b.node();
            assertNotEquals(5, node, "a CPU the table does not list is not on node 5");
            Failsafe.assertNode(node, "node() from getcpu");
        }
    }

    @Test
    void withoutATableNodeOnLibcIsGetcpu() {
        for (FakeNodes files : List.of(new FakeNodes(Map.of(), false), FakeNodes.of("node0", "0-x\n"))) {
            Facade b = libcWith(files);
            String how = b.plan(Method.NODE).route().detail();
            assertEquals(RouteId.LIBC, b.route(Method.NODE), "libc's getcpu serves node without a table");
            assertEquals(Call.NODE_OF_PACKED, b.call(Method.NODE).post(), how);
            assertTrue(how.contains("getcpu"), how);
            Failsafe.assertNode(b.node(), "node() from libc's getcpu");
        }
    }

    @Test
    void theCallLooksTheCpuUpAndFallsBackForOneItDoesNotKnow() {
        MethodHandle cpu3 = MethodHandles.dropArguments(MethodHandles.constant(long.class, 3L), 0, long.class, long.class);
        MethodHandle cpu9 = MethodHandles.dropArguments(MethodHandles.constant(long.class, 9L), 0, long.class, long.class);
        MethodHandle failed = MethodHandles.dropArguments(MethodHandles.constant(long.class, 0xffff_ffffL), 0, long.class, long.class);
        MethodHandle packed = MethodHandles.dropArguments(MethodHandles.constant(long.class, 2L << 32 | 9L), 0, long.class, long.class);
        Call getcpu = new Call(packed, 0, 0, Call.NODE_OF_PACKED, Method.NODE.jdk(), null, null);
        int[] table = {0, 0, 0, 4, -1};

        assertEquals(4L, new Call(cpu3, 0, 0, Call.NODE_OF_CPU, Method.NODE.jdk(), table, getcpu).read(0), "cpu 3 is on node 4");
        assertEquals(2L, new Call(cpu9, 0, 0, Call.NODE_OF_CPU, Method.NODE.jdk(), table, getcpu).read(0), "cpu 9: past the table, getcpu");
        assertEquals(2L, new Call(failed, 0, 0, Call.NODE_OF_CPU, Method.NODE.jdk(), table, getcpu).read(0),
                "sched_getcpu failed (-1 in the low half): getcpu");
        int[] hole = {0, 0, 0, -1};
        assertEquals(2L, new Call(cpu3, 0, 0, Call.NODE_OF_CPU, Method.NODE.jdk(), hole, getcpu).read(0), "cpu 3 in no node: getcpu");
    }
}
