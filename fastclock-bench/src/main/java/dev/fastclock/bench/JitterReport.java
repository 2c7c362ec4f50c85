package dev.fastclock.bench;

import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.DoubleHistogramIterationValue;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a jitter log ({@link Jitter}'s HdrHistogram log, one tag per call) into {@code percentiles.md}
 * and {@code jitter.svg}; run on its own, it redraws both from a saved log:
 *
 * <pre>java -cp benchmarks.jar dev.fastclock.bench.JitterReport --log jitter.hlog [--out DIR]</pre>
 *
 * <p>The plot is HdrHistogram's percentile distribution: ns per call against 1/(1-percentile) on
 * a log axis, so that 90%, 99%, 99.9%... are equally spaced and the tail gets the room. It has one
 * panel per JDK baseline, holding the baseline (dashed) and the FastClock calls that replace it;
 * every panel has the same axes. In SVG terms each call is a {@code <g class="series" data-method="CALL">}.
 */
public final class JitterReport {
    /** Prefix of the log's comment lines that carry what the histograms cannot: batch sizes, pairing, machine. */
    static final String MARK = "fastclock";

    /** One call's histogram and what the recorder said of it (defaults when the log has no comment for it). */
    record Series(String name, String baseline, long batch, double overheadNs, boolean inlined, DoubleHistogram h) {
        boolean isBaseline() {
            return baseline == null && !name.startsWith("FastClock.") && !name.startsWith("CpuLocator.");
        }
    }

    private final Map<String, String> meta = new LinkedHashMap<>();
    private final Map<String, Series> series = new LinkedHashMap<>();

    private JitterReport() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = Report.options(args, JitterReport::usage);
        if (!opts.containsKey("log")) {
            usage("--log is required");
        }
        Path log = Path.of(opts.get("log"));
        write(log, opts.containsKey("out") ? Path.of(opts.get("out")) : log.toAbsolutePath().getParent());
    }

    private static void usage(String why) {
        System.err.println("JitterReport: " + why + "; usage: --log jitter.hlog [--out DIR]");
        System.exit(2);
    }

    /** Writes percentiles.md and jitter.svg into {@code dir} and prints the table. */
    static void write(Path log, Path dir) throws IOException {
        JitterReport r = read(log);
        String md = r.markdown();
        Files.writeString(dir.resolve("percentiles.md"), md);
        Files.writeString(dir.resolve("jitter.svg"), r.svg());
        System.out.print(md.substring(md.indexOf("| call")));
        System.out.println("jitter: " + dir.resolve("percentiles.md") + ", " + dir.resolve("jitter.svg"));
    }

    static JitterReport read(Path log) throws IOException {
        JitterReport r = new JitterReport();
        Map<String, String[]> described = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split(" ", 3);
            if (f.length == 3 && f[0].equals("#" + MARK) && f[1].equals("meta") && f[2].indexOf('=') > 0) {
                int eq = f[2].indexOf('=');
                r.meta.put(f[2].substring(0, eq), f[2].substring(eq + 1));
            } else if (f.length == 3 && f[0].equals("#" + MARK) && f[1].equals("probe")) {
                String[] p = f[2].split(" ");
                described.put(p[0], p);
            }
        }
        Map<String, DoubleHistogram> merged = new LinkedHashMap<>();
        described.keySet().forEach(k -> merged.put(k, null));
        try (HistogramLogReader reader = new HistogramLogReader(log.toFile())) {
            EncodableHistogram e;
            while ((e = reader.nextIntervalHistogram()) != null) {
                if (!(e instanceof DoubleHistogram d)) {
                    throw new IllegalArgumentException(log + ": not a jitter log (an integer histogram, tag " + e.getTag() + ")");
                }
                String tag = d.getTag() == null ? "(untagged)" : d.getTag();
                DoubleHistogram sum = merged.get(tag);
                if (sum == null) {
                    sum = new DoubleHistogram(3);
                    merged.put(tag, sum);
                }
                sum.add(d);
            }
        }
        merged.forEach((name, h) -> {
            if (h == null) {
                return; // described but never recorded: an interrupted run
            }
            Map<String, String> kv = new LinkedHashMap<>();
            String[] p = described.getOrDefault(name, new String[] {name});
            for (int i = 1; i < p.length; i++) {
                int eq = p[i].indexOf('=');
                if (eq > 0) {
                    kv.put(p[i].substring(0, eq), p[i].substring(eq + 1));
                }
            }
            String baseline = kv.getOrDefault("baseline", "-");
            r.series.put(name, new Series(name, baseline.equals("-") ? null : baseline,
                    Long.parseLong(kv.getOrDefault("batch", "1")), parse(kv.get("overheadNs")),
                    Boolean.parseBoolean(kv.getOrDefault("inlined", "true")), h));
        });
        return r;
    }

    List<Series> series() {
        return List.copyOf(series.values());
    }

    private static double parse(String v) {
        try {
            return v == null ? Double.NaN : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    // ---- percentiles.md

    private static final double[] LEVELS = {50, 90, 99, 99.9, 99.99};

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# FastClock tail latency (ns per call)\n\n");
        meta.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        b.append("""
                - a sample is the time of one batch of back-to-back calls divided by the batch size; the batch is \
                sized so that the timer (two System.nanoTime() reads, "timer" below) is under 10% of a sample. \
                A stall of S ns within a batch of n calls shows as S/n per call: "slowest batch" is the worst whole batch.

                """);
        b.append("| call | replaces | calls per sample | samples | p50 | p90 | p99 | p99.9 | p99.99 | max | slowest batch | timer |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        boolean handles = false;
        for (Series s : series.values()) {
            b.append("| `").append(s.name).append('`').append(s.inlined ? "" : " *").append(" | ")
                    .append(s.baseline == null ? "" : "`" + s.baseline + "`").append(" | ").append(s.batch).append(" | ")
                    .append(s.h.getTotalCount()).append(" |");
            for (double level : LEVELS) {
                b.append(' ').append(Svg.short3(s.h.getValueAtPercentile(level))).append(" |");
            }
            b.append(' ').append(Svg.short3(s.h.getMaxValue())).append(" | ").append(Svg.ns(s.h.getMaxValue() * s.batch))
                    .append(" | ").append(Double.isNaN(s.overheadNs) ? "?" : Svg.short3(s.overheadNs)).append(" |\n");
            handles |= !s.inlined;
        }
        if (handles) {
            b.append("\n\\* recorded through `FastClock.read(Method)`, a switch in front of the call: a few ns above the"
                    + " call's own cost. Give it a loop of its own in `Jitter.loops()`.\n");
        }
        return b.toString();
    }

    // ---- jitter.svg

    private static final double WIDTH = 960;
    /** A panel's plot area and axis labels; its title and legend rows come on top. */
    private static final double PLOT_H = 250;
    private static final double LEGEND_ROW = 15;
    private static final double TOP = 76;
    /** FastClock lines: solid, each with its own colour and marker, so a grey print still tells them apart. */
    private static final String[] COLOURS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9"};
    private static final String BASELINE_COLOUR = "#333333";

    String svg() {
        List<List<Series>> panels = panels();
        int cols = panels.size() > 1 ? 2 : 1;
        int rows = (panels.size() + cols - 1) / cols;
        // every panel as tall as the one with the longest legend, so the plots line up
        double panelH = PLOT_H + 24 + LEGEND_ROW * panels.stream().mapToInt(List::size).max().orElse(1);
        double height = TOP + rows * panelH + 10;
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        long n = 10;
        for (Series s : series.values()) {
            lo = Math.min(lo, Math.max(s.h.getMinNonZeroValue(), 0.01));
            hi = Math.max(hi, s.h.getMaxValue());
            n = Math.max(n, s.h.getTotalCount());
        }
        if (series.isEmpty()) {
            lo = 1;
            hi = 10;
        }
        double xMax = Math.pow(10, Math.ceil(Math.log10(n)));

        Svg svg = new Svg(WIDTH, height, "FastClock tail latency");
        svg.text(12, 26, "start", "font-size=\"16\" font-weight=\"bold\"",
                "Tail latency per call: FastClock beside the JDK call it replaces");
        svg.text(12, 45, "start", "font-size=\"11.5\" fill=\"#444444\"", String.join(", ",
                meta.getOrDefault("date", "?").replaceFirst("T.*", ""), meta.getOrDefault("machine", "?"),
                meta.getOrDefault("jdk", "?"), meta.getOrDefault("pinned", "?"), meta.getOrDefault("duration", "?")));
        svg.text(12, 62, "start", "font-size=\"11.5\" fill=\"#444444\"",
                "ns per call (log) at each percentile; a sample is a batch of calls divided by its size; dashed: the JDK baseline");
        double panelW = (WIDTH - 12) / cols;
        for (int i = 0; i < panels.size(); i++) {
            double x0 = 12 + (i % cols) * panelW;
            double y0 = TOP + (i / cols) * panelH;
            panel(svg, panels.get(i), x0, y0, panelW - 12, panelH, lo, hi, xMax);
        }
        return svg.finish();
    }

    /** One panel per baseline, holding it and the calls that replace it; calls with no baseline share the last. */
    private List<List<Series>> panels() {
        Map<String, List<Series>> byBaseline = new LinkedHashMap<>();
        List<Series> alone = new ArrayList<>();
        for (Series s : series.values()) {
            if (s.baseline != null && series.containsKey(s.baseline)) {
                byBaseline.computeIfAbsent(s.baseline, k -> new ArrayList<>()).add(s);
            }
        }
        for (Series s : series.values()) {
            if (byBaseline.containsKey(s.name)) {
                byBaseline.get(s.name).add(s); // the baseline last, below the FastClock calls in the legend
            } else if (s.isBaseline()) {
                byBaseline.put(s.name, new ArrayList<>(List.of(s))); // recorded without the calls it pairs with
            } else if (s.baseline == null || !series.containsKey(s.baseline)) {
                alone.add(s);
            }
        }
        List<List<Series>> panels = new ArrayList<>(byBaseline.values());
        if (!alone.isEmpty()) {
            panels.add(alone);
        }
        return panels;
    }

    private static void panel(Svg svg, List<Series> members, double x0, double y0, double w, double h, double lo, double hi,
            double xMax) {
        double left = x0 + 58;
        double right = x0 + w - 24; // room for the last percentile label
        double legendY = y0 + 30;
        double top = y0 + h - PLOT_H + 4;
        Series last = members.getLast();
        svg.text(left, y0 + 12, "start", "font-size=\"12\" font-weight=\"bold\"", !last.isBaseline()
                ? "Calls with no JDK equivalent" : members.size() > 1 ? "Calls that replace " + last.name : last.name);
        double bottom = y0 + h - 54;
        Svg.Scale x = new Svg.Scale(1, xMax, true, left, right);
        Svg.Scale y = Svg.Scale.log(lo * 0.9, hi * 1.1, bottom, top);
        boolean crowded = Math.log10(y.max() / y.min()) > 3.5;
        for (double t : y.ticks()) {
            boolean major = y.isDecade(t);
            svg.line(left, y.at(t), right, y.at(t), "stroke=\"" + (major ? "#b0b0b0" : "#e6e6e6") + "\" stroke-width=\"1\"");
            if (major || !crowded) {
                svg.text(left - 5, y.at(t) + 4, "end", major ? "font-size=\"11\"" : "font-size=\"10\" fill=\"#555555\"", Svg.ns(t));
            }
        }
        // a long run has many nines: then every other label goes a line lower, so none overlap
        double decadePx = (right - left) / Math.log10(xMax);
        boolean stagger = decadePx < Svg.width(percentileLabel(xMax), 11) + 6;
        int k = 0;
        for (double d = 1; d <= xMax * 1.0001; d *= 10, k++) {
            svg.line(x.at(d), top, x.at(d), bottom, "stroke=\"#b0b0b0\" stroke-width=\"1\"");
            svg.text(x.at(d), bottom + 15 + (stagger && k % 2 == 1 ? 12 : 0), "middle", "font-size=\"11\"", percentileLabel(d));
        }
        svg.rect(left, top, right - left, bottom - top, "fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"");
        svg.text((left + right) / 2, bottom + 44, "middle", "font-size=\"11.5\"", "percentile (log of 1/(1-p))");

        // the legend above the plot, where no line can cross it
        double legendX = left;
        int colour = 0;
        for (int i = 0; i < members.size(); i++) {
            Series s = members.get(i);
            boolean base = s.isBaseline();
            String stroke = base ? BASELINE_COLOUR : COLOURS[colour % COLOURS.length];
            int marker = base ? -1 : colour;
            if (!base) {
                colour++;
            }
            String style = "fill=\"none\" stroke=\"" + stroke + "\" stroke-width=\"" + (base ? "2" : "2.2") + "\""
                    + (base ? " stroke-dasharray=\"7 4\"" : "") + " stroke-linejoin=\"round\"";
            StringBuilder path = new StringBuilder();
            List<double[]> marks = new ArrayList<>();
            double nextMark = 1;
            long count = s.h.getTotalCount();
            for (DoubleHistogramIterationValue v : s.h.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo() / 100;
                double at = p >= 1 ? count : Math.min(1 / (1 - p), count);
                double px = x.at(at);
                double py = y.at(v.getValueIteratedTo());
                path.append(path.isEmpty() ? "M" : " L").append(Svg.num(px)).append(' ').append(Svg.num(py));
                if (at >= nextMark) {
                    marks.add(new double[] {px, py});
                    nextMark *= 10;
                }
            }
            svg.raw("<g class=\"series\" data-method=\"" + Svg.esc(s.name) + "\">");
            svg.raw("<path d=\"" + path + "\" " + style + "><title>" + Svg.esc(s.name) + "</title></path>");
            for (double[] m : marks) {
                marker(svg, marker, m[0], m[1], stroke);
            }
            svg.line(legendX + 6, legendY - 4, legendX + 32, legendY - 4, style);
            marker(svg, marker, legendX + 19, legendY - 4, stroke);
            svg.text(legendX + 38, legendY, "start", "font-size=\"11\"", s.name + (s.inlined ? "" : " *") + "  p99.99 "
                    + Svg.ns(s.h.getValueAtPercentile(99.99)) + ", max " + Svg.ns(s.h.getMaxValue()));
            svg.raw("</g>");
            legendY += LEGEND_ROW;
        }
    }

    /** Circle, square, triangle, diamond, cross: shapes that survive a grey print; -1 draws none. */
    private static void marker(Svg svg, int kind, double x, double y, String colour) {
        String fill = "fill=\"" + colour + "\" stroke=\"#ffffff\" stroke-width=\"0.8\"";
        switch (kind) {
            case -1 -> {
            }
            case 0 -> svg.raw("<circle cx=\"" + Svg.num(x) + "\" cy=\"" + Svg.num(y) + "\" r=\"3.6\" " + fill + "/>");
            case 1 -> svg.rect(x - 3.3, y - 3.3, 6.6, 6.6, fill);
            case 2 -> svg.raw("<path d=\"M" + Svg.num(x) + " " + Svg.num(y - 4.2) + " L" + Svg.num(x + 4) + " "
                    + Svg.num(y + 3) + " L" + Svg.num(x - 4) + " " + Svg.num(y + 3) + " Z\" " + fill + "/>");
            case 3 -> svg.raw("<path d=\"M" + Svg.num(x) + " " + Svg.num(y - 4.5) + " L" + Svg.num(x + 4.5) + " "
                    + Svg.num(y) + " L" + Svg.num(x) + " " + Svg.num(y + 4.5) + " L" + Svg.num(x - 4.5) + " "
                    + Svg.num(y) + " Z\" " + fill + "/>");
            default -> {
                svg.line(x - 3.5, y - 3.5, x + 3.5, y + 3.5, "stroke=\"" + colour + "\" stroke-width=\"2\"");
                svg.line(x - 3.5, y + 3.5, x + 3.5, y - 3.5, "stroke=\"" + colour + "\" stroke-width=\"2\"");
            }
        }
    }

    /** 1 is "0%", 10 is "90%", 100 is "99%", 1000 "99.9%"...: the percentile at 1/(1-p). */
    static String percentileLabel(double at) {
        int nines = (int) Math.round(Math.log10(at));
        if (nines == 0) {
            return "0%";
        }
        return nines == 1 ? "90%" : nines == 2 ? "99%" : "99." + "9".repeat(nines - 2) + "%";
    }

    /** CPU model and count, kernel: for the log's header. */
    static String machine() {
        return String.format(Locale.ROOT, "%s, %d CPUs, %s %s", Report.cpuModel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"));
    }
}
