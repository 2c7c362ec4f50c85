package dev.fastclock.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few SVG pieces the benchmark chart and the jitter plot draw, written as plain text so the
 * bench needs no charting library, and the scales they share.
 *
 * <p>Colours are the Okabe-Ito palette (distinct to colour-blind readers); each series also differs
 * in lightness, pattern or dash, so a grey-scale print still tells them apart.
 */
final class Svg {
    static final String FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif";
    static final String MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace";
    /** Approximate advance of one character of {@link #FONT} per pixel of font size, for layout. */
    static final double CHAR_EM = 0.62;

    private final StringBuilder b = new StringBuilder();

    Svg(double width, double height, String title) {
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(num(width))
                .append("\" height=\"").append(num(height)).append("\" viewBox=\"0 0 ").append(num(width)).append(' ')
                .append(num(height)).append("\" font-family=\"").append(FONT).append("\" font-size=\"12\">\n")
                .append("<title>").append(esc(title)).append("</title>\n")
                // an opaque background: transparent SVGs turn unreadable on a dark page
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    }

    /** Appends raw markup; the caller escapes what it interpolates. */
    Svg raw(String markup) {
        b.append(markup).append('\n');
        return this;
    }

    Svg text(double x, double y, String anchor, String attrs, String content) {
        b.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append('"');
        if (!"start".equals(anchor)) {
            b.append(" text-anchor=\"").append(anchor).append('"');
        }
        if (!attrs.isEmpty()) {
            b.append(' ').append(attrs);
        }
        b.append('>').append(esc(content)).append("</text>\n");
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String attrs) {
        b.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2))
                .append("\" y2=\"").append(num(y2)).append("\" ").append(attrs).append("/>\n");
        return this;
    }

    Svg rect(double x, double y, double w, double h, String attrs) {
        b.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                .append("\" height=\"").append(num(h)).append("\" ").append(attrs).append("/>\n");
        return this;
    }

    String finish() {
        return b.append("</svg>\n").toString();
    }

    static String esc(String s) {
        StringBuilder o = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> o.append("&lt;");
                case '>' -> o.append("&gt;");
                case '&' -> o.append("&amp;");
                case '"' -> o.append("&quot;");
                default -> o.append(c);
            }
        }
        return o.toString();
    }

    /** A coordinate: at most two decimals, no exponent, so the file stays small and diffable. */
    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }

    /** Width in pixels that {@code s} takes at {@code size}: an estimate, enough to lay out labels. */
    static double width(String s, double size) {
        return s.length() * size * CHAR_EM;
    }

    /** A nanosecond figure as people read it: "3.1 ns", "24 ns", "1.2 µs", "6.8 ms". */
    static String ns(double v) {
        if (v >= 1e6) {
            return short3(v / 1e6) + " ms";
        }
        if (v >= 1e3) {
            return short3(v / 1e3) + " µs";
        }
        return short3(v) + " ns";
    }

    /** Three significant figures at most, without trailing zeros: 3.14, 24.2, 125, 0.5. */
    static String short3(double v) {
        if (!Double.isFinite(v)) {
            return "?";
        }
        String s = String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /**
     * A scale from values to pixels, logarithmic or linear. A log scale runs between "nice" bounds
     * of the 1-2-5 series, so its ends are round numbers that can be labelled.
     */
    record Scale(double min, double max, boolean log, double from, double to) {

        /** A log scale spanning at least [lo, hi], mapped onto pixels [from, to]. */
        static Scale log(double lo, double hi, double from, double to) {
            return new Scale(niceBelow(lo), niceAbove(hi), true, from, to);
        }

        /** A linear scale from 0 to a nice value at least {@code hi}. */
        static Scale linear(double hi, double from, double to) {
            return new Scale(0, niceAbove(hi), false, from, to);
        }

        double at(double v) {
            double f;
            if (log) {
                double c = Math.min(Math.max(v, min), max);
                f = Math.log(c / min) / Math.log(max / min);
            } else {
                f = (Math.min(Math.max(v, min), max) - min) / (max - min);
            }
            return from + f * (to - from);
        }

        /** Grid values: 1, 2, 5 of each decade on a log scale; about six round steps on a linear one. */
        List<Double> ticks() {
            List<Double> t = new ArrayList<>();
            if (log) {
                for (double d = Math.pow(10, Math.floor(Math.log10(min))); d <= max * 1.0001; d *= 10) {
                    for (double m : new double[] {1, 2, 5}) {
                        double v = d * m;
                        if (v >= min * 0.9999 && v <= max * 1.0001) {
                            t.add(v);
                        }
                    }
                }
            } else {
                double step = niceAbove(max / 6);
                for (double v = 0; v <= max * 1.0001; v += step) {
                    t.add(v);
                }
            }
            return t;
        }

        /** Only the decades: for a log axis too crowded to label every 1-2-5 line. */
        boolean isDecade(double v) {
            double l = Math.log10(v);
            return Math.abs(l - Math.rint(l)) < 1e-9;
        }

        static double niceAbove(double v) {
            if (!(v > 0)) {
                return 1;
            }
            double d = Math.pow(10, Math.floor(Math.log10(v)));
            for (double m : new double[] {1, 2, 5, 10}) {
                if (d * m >= v * 0.9999) {
                    return d * m;
                }
            }
            return d * 10;
        }

        static double niceBelow(double v) {
            if (!(v > 0)) {
                return 1;
            }
            double d = Math.pow(10, Math.floor(Math.log10(v)));
            for (double m : new double[] {5, 2, 1}) {
                if (d * m <= v * 1.0001) {
                    return d * m;
                }
            }
            return d;
        }
    }
}
