package dev.fastclock.bench;

import dev.fastclock.spi.Method;
import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.fastclock.bench.SvgTestSupport.byClass;
import static dev.fastclock.bench.SvgTestSupport.parse;
import static dev.fastclock.bench.SvgTestSupport.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** percentiles.md and jitter.svg from a small recorded jitter log, and the log format round trip. */
class JitterReportTest {

    private static final List<String> SAMPLE_CALLS = List.of("FastClock.nanos()", "FastClock.coarseNanos()",
            "FastClock.epochNanos()", "FastClock.epochMicros()", "FastClock.epochMillis()", "FastClock.coarseEpochMillis()",
            "FastClock.epochSeconds()", "CpuLocator.cpu()", "CpuLocator.node()", "System.nanoTime()",
            "System.currentTimeMillis()", "Instant.now()", "Affinity.getCpu()");

    @Test
    void readsEveryCallOfTheLogWithWhatTheRecorderSaidOfIt() throws Exception {
        List<JitterReport.Series> series = JitterReport.read(sample("jitter.hlog")).series();
        assertEquals(SAMPLE_CALLS, series.stream().map(JitterReport.Series::name).toList());
        JitterReport.Series nanos = series.getFirst();
        assertEquals("System.nanoTime()", nanos.baseline());
        assertEquals(9, nanos.batch());
        assertTrue(nanos.h().getTotalCount() > 1000, "samples: " + nanos.h().getTotalCount());
        assertEquals(List.of("System.nanoTime()", "System.currentTimeMillis()", "Instant.now()", "Affinity.getCpu()"),
                series.stream().filter(JitterReport.Series::isBaseline).map(JitterReport.Series::name).toList());
    }

    @Test
    void plotIsWellFormedWithOneSeriesPerCall() throws Exception {
        Element root = parse(JitterReport.read(sample("jitter.hlog")).svg()).getDocumentElement();
        List<Element> groups = byClass(root, "g", "series");
        assertEquals(SAMPLE_CALLS.size(), groups.size());
        assertEquals(SAMPLE_CALLS.stream().sorted().toList(),
                groups.stream().map(g -> g.getAttribute("data-method")).sorted().toList());
        for (Element g : groups) {
            Element path = (Element) g.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").item(0);
            // a percentile line: many points, x never going back
            String[] pts = path.getAttribute("d").replace("M", "").split(" L");
            assertTrue(pts.length > 10, g.getAttribute("data-method") + ": " + pts.length + " points");
            double last = Double.NEGATIVE_INFINITY;
            for (String p : pts) {
                double x = Double.parseDouble(p.strip().split(" ")[0]);
                assertTrue(x >= last, g.getAttribute("data-method") + ": x goes back at " + p);
                last = x;
            }
        }
    }

    @Test
    void percentilesTableHasARowPerCallInOrder(@TempDir Path dir) throws Exception {
        JitterReport.write(sample("jitter.hlog"), dir);
        List<String> rows = Files.readAllLines(dir.resolve("percentiles.md")).stream().filter(l -> l.startsWith("| `")).toList();
        assertEquals(SAMPLE_CALLS, rows.stream().map(r -> r.substring(3, r.indexOf('`', 3))).toList());
        for (String r : rows) {
            String[] cells = r.split("\\|");
            // p50, p90, p99, p99.9, p99.99, max: never decreasing
            double prev = 0;
            for (int c = 5; c <= 10; c++) {
                double v = Double.parseDouble(cells[c].strip());
                assertTrue(v >= prev, r);
                prev = v;
            }
        }
        parse(Files.readString(dir.resolve("jitter.svg")));
    }

    @Test
    void tagsAndMetadataSurviveTheLogFormat(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("x.hlog");
        try (PrintStream ps = new PrintStream(Files.newOutputStream(log), false, StandardCharsets.UTF_8)) {
            HistogramLogWriter w = new HistogramLogWriter(ps);
            w.outputComment(JitterReport.MARK + " meta machine=a test");
            w.outputComment(JitterReport.MARK + " probe FastClock.x() baseline=System.y() batch=40 overheadNs=20 costNs=5 inlined=false");
            w.outputLogFormatVersion();
            w.outputStartTime(0);
            w.outputLegend();
            // one histogram per call, reused from interval to interval as the recorder does
            DoubleHistogram x = new DoubleHistogram(3);
            DoubleHistogram y = new DoubleHistogram(3);
            for (int interval = 0; interval < 2; interval++) {
                for (int i = 1; i <= 1000; i++) {
                    x.recordValue(3.5);
                    y.recordValue(25 + i / 100.0);
                }
                Jitter.writeInterval(w, x, "FastClock.x()", interval * 1000L, interval * 1000L + 1000);
                Jitter.writeInterval(w, y, "System.y()", interval * 1000L, interval * 1000L + 1000);
            }
        }
        JitterReport r = JitterReport.read(log);
        List<JitterReport.Series> s = r.series();
        assertEquals(List.of("FastClock.x()", "System.y()"), s.stream().map(JitterReport.Series::name).toList());
        assertEquals(2000, s.get(0).h().getTotalCount(), "the two intervals merged");
        assertEquals(3.5, s.get(0).h().getValueAtPercentile(50), 0.01);
        assertEquals(40, s.get(0).batch());
        assertFalse(s.get(0).inlined());
        assertTrue(s.get(1).isBaseline());
        assertTrue(r.markdown().contains("| `FastClock.x()` * | `System.y()` | 40 | 2000 |"), r.markdown());
        assertTrue(r.markdown().contains("- machine: a test"));
        assertEquals(2, byClass(parse(r.svg()).getDocumentElement(), "g", "series").size());
    }

    @Test
    void probesFollowTheCatalogueThenTheBaselines() {
        // the catalogue's wiring (a probe per method, hot reads inlined) is CatalogueWiringTest's; here the order
        List<String> names = Jitter.probes().stream().map(Jitter.Probe::name).toList();
        List<String> catalogue = Arrays.stream(Method.values()).map(Jitter::name).toList();
        assertEquals(catalogue, names.subList(0, catalogue.size()));
        assertEquals(List.of("System.nanoTime()", "System.currentTimeMillis()", "Instant.now()", "Affinity.getCpu()"),
                names.subList(catalogue.size(), names.size()));
        assertEquals("FastClock.nanos()", Jitter.name(Method.NANOS));
        assertEquals("FastClock.ticksToNanos(ticks()-start)", Jitter.name(Method.TICKS_TO_NANOS));
        assertEquals("System.nanoTime()", Jitter.jdkBaseline(Method.BOOT_NANOS));
        assertEquals("Instant.now()", Jitter.jdkBaseline(Method.TAI_NANOS));
        assertEquals("System.currentTimeMillis()", Jitter.jdkBaseline(Method.EPOCH_SECONDS));
        assertNull(Jitter.jdkBaseline(Method.CLOCK_STATUS));
    }

    @Test
    void aMethodWithoutItsOwnLoopIsReadThroughTheCatalogue() {
        // the fallback for a catalogue method without a loop of its own: FastClock.read(Method)
        assertTrue(Jitter.viaRead(Method.TICKS_PER_SECOND).time(100) >= 0);
        assertTrue(Jitter.viaRead(Method.IS_SUPPORTED).time(100) >= 0);
    }

    @Test
    void percentileAxisLabels() {
        assertEquals("0%", JitterReport.percentileLabel(1));
        assertEquals("90%", JitterReport.percentileLabel(10));
        assertEquals("99%", JitterReport.percentileLabel(100));
        assertEquals("99.9%", JitterReport.percentileLabel(1000));
        assertEquals("99.999%", JitterReport.percentileLabel(100_000));
    }

    @Test
    void durations() {
        assertEquals(60_000_000_000L, Jitter.parseDuration("60s"));
        assertEquals(600_000_000_000L, Jitter.parseDuration("10m"));
        assertEquals(90_000_000_000L, Jitter.parseDuration("90"));
        assertEquals(500_000_000L, Jitter.parseDuration("500ms"));
        assertEquals(3_600_000_000_000L, Jitter.parseDuration("1h"));
    }
}
