package dev.fastclock.bench;

import java.util.List;

/**
 * The benchmark table as a horizontal bar chart ({@code chart.svg}): for each method, FastClock's
 * ns/op, its baseline's and the C floor of the same call, with JMH's error as whiskers. Built by
 * {@link Report} from the rows it already pairs; knows nothing of particular methods, so a new
 * benchmark method gets its group without a change here.
 *
 * <p>In SVG terms, every method is a {@code <g class="method" data-method="NAME">} and every bar a
 * {@code <rect class="bar" data-series="fastclock|baseline|floor">}, for tests and for styling.
 */
final class Chart {
    static final String FASTCLOCK = "fastclock";
    static final String BASELINE = "baseline";
    static final String FLOOR = "floor";

    /** One bar: its series, the call it measures, ns per call and JMH's error (NaN when there is none). */
    record Bar(String series, String label, double ns, double error) {
    }

    /** One method: its benchmark name, the call as a user writes it, and its bars, FastClock's first. */
    record Group(String method, String call, List<Bar> bars) {
    }

    private static final double WIDTH = 960;
    private static final double BAR = 13;
    private static final double BAR_GAP = 3;
    private static final double GROUP_GAP = 14;
    private static final double TOP = 96;
    /** The column of figures at the right: beside a bar they would collide with wide whiskers. */
    private static final double VALUES_W = 64;
    /** Above this max/min ratio a linear axis squeezes the cheap calls into slivers: use a log axis. */
    private static final double LOG_SPREAD = 8;

    private Chart() {
    }

    static String render(String title, String subtitle, List<Group> groups) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        double labelW = 120;
        double height = TOP;
        for (Group g : groups) {
            labelW = Math.max(labelW, Svg.width(g.call, 12.6));
            for (Bar bar : g.bars) {
                if (bar.ns > 0 && Double.isFinite(bar.ns)) {
                    lo = Math.min(lo, bar.ns);
                    hi = Math.max(hi, bar.ns);
                }
                labelW = Math.max(labelW, Svg.width(label(bar), 11));
            }
            height += g.bars.size() * (BAR + BAR_GAP) - BAR_GAP + GROUP_GAP;
        }
        if (hi == 0) {
            lo = 1;
            hi = 10;
        }
        double plotLeft = Math.min(labelW + 24, WIDTH * 0.45);
        double plotRight = WIDTH - VALUES_W - 8;
        double plotBottom = height - GROUP_GAP + 8;
        double totalH = plotBottom + 52;
        boolean log = hi / lo > LOG_SPREAD;
        Svg.Scale x = log ? Svg.Scale.log(lo * 0.9, hi * 1.05, plotLeft, plotRight)
                : Svg.Scale.linear(hi * 1.05, plotLeft, plotRight);

        Svg s = new Svg(WIDTH, totalH, title);
        s.raw("<defs><pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\""
                + " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#E69F00\"/>"
                + "<rect width=\"2\" height=\"6\" fill=\"#7A5200\"/></pattern></defs>");
        s.text(12, 26, "start", "font-size=\"16\" font-weight=\"bold\"", title);
        s.text(12, 45, "start", "font-size=\"11.5\" fill=\"#444444\"", subtitle);
        legend(s, 12, 64);
        s.text(WIDTH - 12, TOP - 10, "end", "font-size=\"11\" fill=\"#444444\"", "ns/op");

        // grid and axis first, so the bars sit on top
        for (double t : x.ticks()) {
            double px = x.at(t);
            boolean major = !log || x.isDecade(t);
            s.line(px, TOP - 6, px, plotBottom, "stroke=\"" + (major ? "#b0b0b0" : "#e2e2e2") + "\" stroke-width=\"1\"");
            s.text(px, plotBottom + 16, "middle", major ? "" : "fill=\"#555555\" font-size=\"10.5\"", Svg.short3(t));
        }
        s.line(plotLeft, plotBottom, plotRight, plotBottom, "stroke=\"#333333\" stroke-width=\"1\"");
        s.text((plotLeft + plotRight) / 2, plotBottom + 36, "middle", "font-size=\"12.5\"",
                "ns per call" + (log ? " (log scale)" : "") + ", lower is better");

        double y = TOP;
        for (Group g : groups) {
            s.raw("<g class=\"method\" data-method=\"" + Svg.esc(g.method) + "\">");
            for (Bar bar : g.bars) {
                boolean main = FASTCLOCK.equals(bar.series);
                double mid = y + BAR / 2;
                s.text(plotLeft - 8, mid + 4, "end", main ? "font-weight=\"bold\" font-family=\"" + Svg.MONO + "\""
                        : "font-size=\"11\" fill=\"#333333\"", label(bar));
                double end = x.at(bar.ns);
                s.raw("<rect class=\"bar\" data-series=\"" + bar.series + "\" data-ns=\"" + Svg.num(bar.ns)
                        + "\" x=\"" + Svg.num(plotLeft) + "\" y=\"" + Svg.num(y) + "\" width=\""
                        + Svg.num(Math.max(1, end - plotLeft)) + "\" height=\"" + Svg.num(BAR) + "\" " + fill(bar.series)
                        + "><title>" + Svg.esc(bar.label + ": " + Svg.short3(bar.ns)
                        + (Double.isFinite(bar.error) ? " ± " + Svg.short3(bar.error) : "") + " ns") + "</title></rect>");
                if (Double.isFinite(bar.error) && bar.error > 0) {
                    // JMH's 99.9% interval, clipped to the axis (on a noisy machine it can exceed the
                    // score): white where it lies on the bar, black beyond it, so both parts show
                    double lowNs = bar.ns - bar.error;
                    double a = x.at(Math.max(lowNs, x.min()));
                    double b = x.at(bar.ns + bar.error);
                    s.line(a, mid, end, mid, "stroke=\"#ffffff\" stroke-width=\"1.2\"");
                    s.line(end, mid, b, mid, "stroke=\"#000000\" stroke-width=\"1.2\"");
                    s.line(b, mid - 4, b, mid + 4, "stroke=\"#000000\" stroke-width=\"1.5\"");
                    if (lowNs > x.min()) {
                        s.line(a, mid - 4, a, mid + 4, "stroke=\"#ffffff\" stroke-width=\"1.5\"");
                    }
                }
                s.text(WIDTH - 12, mid + 4, "end", main ? "font-weight=\"bold\"" : "font-size=\"11\"", Report.fmt(bar.ns));
                y += BAR + BAR_GAP;
            }
            s.raw("</g>");
            y += GROUP_GAP - BAR_GAP;
        }
        return s.finish();
    }

    /** The text beside a bar: the call itself for FastClock's, what it is compared with for the others. */
    private static String label(Bar bar) {
        return switch (bar.series) {
            case BASELINE -> "vs " + bar.label;
            case FLOOR -> "C floor: " + bar.label;
            default -> bar.label;
        };
    }

    /** Dark solid, mid-tone hatched, light outlined: apart in colour and in grey. */
    private static String fill(String series) {
        return switch (series) {
            case BASELINE -> "fill=\"url(#hatch)\"";
            case FLOOR -> "fill=\"#EEEEEE\" stroke=\"#555555\" stroke-width=\"1\"";
            default -> "fill=\"#0072B2\"";
        };
    }

    private static void legend(Svg s, double x, double y) {
        String[][] items = {
            {FASTCLOCK, "FastClock (default route)"},
            {BASELINE, "baseline: what you would call instead"},
            {FLOOR, "C floor: the same call from C"},
            {"", "JMH 99.9% error"},
        };
        for (String[] it : items) {
            if (it[0].isEmpty()) {
                s.line(x, y + 6, x + 22, y + 6, "stroke=\"#000000\" stroke-width=\"1\"");
                s.line(x + 22, y + 2, x + 22, y + 10, "stroke=\"#000000\" stroke-width=\"1\"");
            } else {
                s.rect(x, y, 22, 12, fill(it[0]));
            }
            s.text(x + 28, y + 10, "start", "font-size=\"11.5\"", it[1]);
            x += 28 + Svg.width(it[1], 11.5) + 22;
        }
    }
}
