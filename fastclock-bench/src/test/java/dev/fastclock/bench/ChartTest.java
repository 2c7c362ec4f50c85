package dev.fastclock.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.fastclock.bench.SvgTestSupport.byClass;
import static dev.fastclock.bench.SvgTestSupport.parse;
import static dev.fastclock.bench.SvgTestSupport.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** chart.svg from a small recorded JMH run: well-formed, a group per method, each bar where it belongs. */
class ChartTest {

    /** The FastClockBench methods of the sample (default route), in the catalogue's order. */
    private static final List<String> SAMPLE_METHODS = List.of("nanos", "coarseNanos", "epochNanos", "epochSeconds",
            "ticks", "ticksElapsed", "ticksPerSecond", "cpu", "node", "clockStatus");

    private static Element chart(Path jmh) throws Exception {
        String svg = Report.read(jmh, sample("floor.txt")).chart("test");
        return parse(svg).getDocumentElement();
    }

    /** data-series of each bar in each method's group. */
    private static Map<String, List<String>> series(Element root) {
        return byClass(root, "g", "method").stream().collect(Collectors.toMap(g -> g.getAttribute("data-method"),
                g -> byClass(g, "rect", "bar").stream().map(r -> r.getAttribute("data-series")).toList(),
                (a, b) -> {
                    throw new AssertionError("two groups for one method");
                },
                java.util.LinkedHashMap::new));
    }

    @Test
    void oneGroupPerMethodWithItsBaselineAndFloor() throws Exception {
        Map<String, List<String>> groups = series(chart(sample("jmh.json")));
        assertEquals(SAMPLE_METHODS, List.copyOf(groups.keySet()));
        List<String> all = List.of(Chart.FASTCLOCK, Chart.BASELINE, Chart.FLOOR);
        for (String m : SAMPLE_METHODS) {
            // ticksPerSecond has neither a baseline nor a C call behind it, clockStatus no baseline
            List<String> want = switch (m) {
                case "ticksPerSecond" -> List.of(Chart.FASTCLOCK);
                case "clockStatus" -> List.of(Chart.FASTCLOCK, Chart.FLOOR);
                default -> all;
            };
            assertEquals(want, groups.get(m), m);
        }
    }

    @Test
    void aMethodTheReportDoesNotKnowGetsAGroup(@TempDir Path dir) throws Exception {
        // as when a method is added to FastClockBench and not to the catalogue: the chart shows it anyway, last
        Path renamed = dir.resolve("jmh.json");
        Files.writeString(renamed, Files.readString(sample("jmh.json"))
                .replace("FastClockBench.node\"", "FastClockBench.someNewRead\""));
        Map<String, List<String>> groups = series(chart(renamed));
        List<String> want = new ArrayList<>(SAMPLE_METHODS);
        want.remove("node");
        want.add("someNewRead");
        assertEquals(want, List.copyOf(groups.keySet()));
        assertEquals(List.of(Chart.FASTCLOCK), groups.get("someNewRead"));
    }

    @Test
    void anExtraRowGetsAGroupAfterTheCatalogue() throws Exception {
        BenchTable.Row extra = new BenchTable.Row(null, "BaselineBench.instantNowNanos", null, "Instant.now() as nanos",
                new BenchTable.Baseline("BaselineBench.nanoTime", "System.nanoTime()"), 2.0, null, "vdso.clock_gettime.REALTIME");
        String svg = Report.read(sample("jmh.json"), sample("floor.txt"), List.of(extra)).chart("test");
        Map<String, List<String>> groups = series(parse(svg).getDocumentElement());
        List<String> want = new ArrayList<>(SAMPLE_METHODS);
        want.add("BaselineBench.instantNowNanos");
        assertEquals(want, List.copyOf(groups.keySet()));
        assertEquals(List.of(Chart.FASTCLOCK, Chart.BASELINE, Chart.FLOOR), groups.get("BaselineBench.instantNowNanos"));
    }

    @Test
    void barsGrowWithTheirValue() throws Exception {
        Element root = chart(sample("jmh.json"));
        List<Element> bars = byClass(root, "rect", "bar");
        assertEquals(3 * SAMPLE_METHODS.size() - 2 - 1, bars.size());
        // on a monotone axis, ordering by value and ordering by length agree
        for (Element a : bars) {
            for (Element b : bars) {
                double va = Double.parseDouble(a.getAttribute("data-ns"));
                double vb = Double.parseDouble(b.getAttribute("data-ns"));
                double wa = Double.parseDouble(a.getAttribute("width"));
                double wb = Double.parseDouble(b.getAttribute("width"));
                if (va < vb) {
                    assertTrue(wa <= wb, va + " ns drawn longer than " + vb + " ns");
                }
            }
        }
    }

    @Test
    void callsAreNamedAsUsersWriteThem() {
        assertEquals("FastClock.nanos()", Report.callOf("nanos"));
        assertEquals("CpuLocator.cpu()", Report.callOf("cpu"));
        assertEquals("FastClock.resolutionNanos(…)", Report.callOf("resolutionNanos"));
        assertEquals("FastClockBench.someNewRead", Report.callOf("someNewRead"));
    }

    @Test
    void logScaleTicksAreRoundAndCoverTheRange() {
        Svg.Scale s = Svg.Scale.log(2.7, 148, 0, 100);
        assertEquals(2, s.min());
        assertEquals(200, s.max());
        assertEquals(List.of(2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0), s.ticks());
        assertEquals(0, s.at(2), 1e-9);
        assertEquals(100, s.at(200), 1e-9);
        assertEquals(50, s.at(20), 1e-9);
        assertEquals(0, s.at(0.5), 1e-9, "below the axis is clipped to it");
    }

    @Test
    void svgTextIsEscaped() throws Exception {
        String svg = Chart.render("a < b & \"c\"", "x > y", List.of(new Chart.Group("m<1>", "Call<&>()",
                List.of(new Chart.Bar(Chart.FASTCLOCK, "Call<&>()", 3, Double.NaN)))));
        Element root = parse(svg).getDocumentElement();
        assertEquals("m<1>", byClass(root, "g", "method").getFirst().getAttribute("data-method"));
    }
}
