package dev.fastclock.bench;

import dev.fastclock.spi.Method;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.fastclock.bench.SvgTestSupport.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** results.md's tables from the small recorded JMH run and floor output: one row per catalogue method, in its order. */
class ReportTest {

    /** The catalogue's rows of the bench table, in the catalogue's order. */
    private static final List<BenchTable.Row> CATALOGUE = BenchTable.rows(List.of());

    /** The index of {@code m}'s row in the tables. */
    private static int at(Method m) {
        for (int i = 0; i < CATALOGUE.size(); i++) {
            if (CATALOGUE.get(i).method() == m) {
                return i;
            }
        }
        throw new AssertionError(m + " has no bench row");
    }

    /** The rows of the Markdown table under the heading that starts with {@code heading}, as cells. */
    private static List<List<String>> table(String md, String heading) {
        List<List<String>> rows = new ArrayList<>();
        boolean in = false;
        int seen = 0;
        for (String line : md.split("\n")) {
            if (line.startsWith("## ")) {
                in = line.startsWith(heading);
                seen = 0;
            } else if (in && line.startsWith("|")) {
                if (seen++ >= 2) { // the header and the rule
                    rows.add(Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::strip).toList());
                }
            }
        }
        assertTrue(!rows.isEmpty(), "no table under " + heading + " in\n" + md);
        return rows;
    }

    private static String tables(List<BenchTable.Row> extra) throws Exception {
        return Report.read(sample("jmh.json"), sample("floor.txt"), extra).tables();
    }

    @Test
    void targetsHaveARowPerCatalogueMethodInItsOrder() throws Exception {
        // the table's rows against the bench table; the bench table against the catalogue is CatalogueWiringTest's
        List<List<String>> rows = table(tables(List.of()), "## Targets");
        List<String> want = new ArrayList<>();
        for (BenchTable.Row t : CATALOGUE) {
            want.add(t.call() + (t.route().equals(Routes.DEFAULT) ? "" : " (" + t.route() + " route)"));
        }
        assertEquals(want, rows.subList(0, want.size()).stream().map(r -> r.get(0)).toList());
        assertEquals(want.size() + 1, rows.size(), "the rows, then the 0 B/op line");

        List<String> ticks = rows.get(at(Method.TICKS));
        assertEquals("FastClock.ticks() (tsc route)", ticks.get(0));
        assertEquals("System.nanoTime()", ticks.get(2));
        assertEquals("≤ 0.85", ticks.get(5));
        assertTrue(ticks.get(8).endsWith("<sub>cpu.rdtsc_ordered</sub>"), ticks.toString());
        assertTrue(rows.get(at(Method.TICKS_TO_NANOS)).get(8).endsWith("<sub>cpu.rdtsc_ordered</sub>"));

        List<String> status = rows.get(at(Method.CLOCK_STATUS));
        assertEquals("FastClock.clockStatus()", status.get(0));
        assertEquals("—", status.get(2), "no baseline");
        assertTrue(status.get(7).contains("(by design: a new ClockStatus per call)"), status.toString());
        assertTrue(status.get(8).endsWith("<sub>libc.adjtimex</sub>"), status.toString());

        List<String> zero = rows.getLast();
        assertEquals("every method above but clockStatus (allocating by design)", zero.get(0));
        assertEquals("0 B/op", zero.get(5));
        assertTrue(zero.get(6).startsWith("met ("), zero.toString());
    }

    @Test
    void everyCatalogueMethodHasARowOnEveryRoute() throws Exception {
        List<List<String>> rows = table(tables(List.of()), "## Every method");
        List<String> want = CATALOGUE.stream().map(BenchTable.Row::jmh).toList();
        assertEquals(want, rows.stream().map(r -> r.get(0)).toList());
        // floor columns: vdso / libc / vsyscall, from the catalogue's clock or the method's own call
        List<String> nanos = rows.get(at(Method.NANOS));
        String[] floor = nanos.getLast().split(" / ");
        assertEquals(3, floor.length);
        assertTrue(!floor[0].equals("—") && !floor[1].equals("—") && floor[2].equals("—"), nanos.getLast());
        assertEquals("— / — / —", rows.get(at(Method.TICKS_PER_SECOND)).getLast());
    }

    @Test
    void theFloorTableSaysWhichMethodsEachCallIsBehind() throws Exception {
        List<List<String>> rows = table(tables(List.of()), "## C floor");
        assertEquals("ticks, ticksToNanos", behind(rows, "cpu.rdtsc_ordered"));
        assertEquals("clockStatus", behind(rows, "libc.adjtimex"));
        assertEquals("epochNanos, epochMillis", behind(rows, "vdso.clock_gettime.REALTIME"));
        assertEquals("cpu, node", behind(rows, "libc.sched_getcpu"));
        assertEquals("for scale", behind(rows, "cpu.rdtsc"));
    }

    private static String behind(List<List<String>> rows, String key) {
        return rows.stream().filter(r -> r.get(0).equals(key)).findFirst().orElseThrow(() -> new AssertionError(key)).get(3);
    }

    @Test
    void extraRowsFollowTheCatalogueInTheTargets() throws Exception {
        BenchTable.Row extra = new BenchTable.Row(null, "BaselineBench.instantNowNanos", null, "Instant.now() as nanos",
                new BenchTable.Baseline("BaselineBench.nanoTime", "System.nanoTime()"), 2.0, null, BenchTable.NONE);
        List<List<String>> rows = table(tables(List.of(extra)), "## Targets");
        List<String> row = rows.get(CATALOGUE.size());
        assertEquals("Instant.now() as nanos", row.get(0));
        assertEquals("System.nanoTime()", row.get(2));
        assertEquals("≤ 2.00", row.get(5));
        assertTrue(row.get(6).equals("met") || row.get(6).equals("**not met**"), row.toString());
        assertEquals("—", row.get(8));
    }
}
