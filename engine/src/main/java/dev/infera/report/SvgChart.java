package dev.infera.report;

import dev.infera.text.Numbers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Charts as inline SVG, written by hand: a few line and bar shapes are all a report needs, and
 * plain SVG renders the same in browsers and in the PDF (Batik) without a chart library. Output is
 * deterministic (fixed decimals, Locale.ROOT) so that two reports of the same inputs are identical.
 */
public final class SvgChart {
    static final int WIDTH = 620;
    static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 34;
    private static final int BOTTOM = 66;
    /** Colour-blind-safe (Okabe-Ito) palette: series and segments cycle through it. */
    static final List<String> PALETTE = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442");
    private static final String SLA_COLOUR = "#C0392B";

    private SvgChart() {}

    /** One line of a chart: its name in the legend and its (x, y) points in drawing order. */
    public record Series(String name, List<double[]> points) {}

    /** A horizontal reference line (an SLA target); null when there is none. */
    public record Reference(String label, double y) {}

    /** One bar of a stacked bar chart: segment values in the order of the chart's segment names, and the limits to mark. */
    public record Bar(String label, double[] segments, double usable, double capacity) {}

    /** A line chart; {@code logX} spaces x by powers of two (concurrency, prompt length). */
    public static String lines(String title, String xLabel, String yLabel, boolean logX, List<Series> series, Reference reference) {
        double xMin = Double.MAX_VALUE, xMax = -Double.MAX_VALUE, yMax = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                xMin = Math.min(xMin, p[0]);
                xMax = Math.max(xMax, p[0]);
                yMax = Math.max(yMax, p[1]);
            }
        }
        if (reference != null) {
            yMax = Math.max(yMax, reference.y());
        }
        if (xMin == Double.MAX_VALUE) {
            xMin = 0;
            xMax = 1;
        }
        Axis x = logX ? Axis.log2(xMin, xMax) : Axis.linear(0, xMax);
        Axis y = Axis.linear(0, yMax * 1.05);
        StringBuilder svg = open(title);
        frame(svg, x, y, xLabel, yLabel);
        if (reference != null) {
            double py = y.toPixel(reference.y(), plotBottom(), TOP);
            svg.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"6,4\"/>%n",
                    LEFT, py, WIDTH - RIGHT, py, SLA_COLOUR));
            svg.append(f("<text x=\"%d\" y=\"%.1f\" font-size=\"10\" fill=\"%s\" text-anchor=\"end\">%s</text>%n",
                    WIDTH - RIGHT - 4, py - 4, SLA_COLOUR, esc(reference.label())));
        }
        for (int i = 0; i < series.size(); i++) {
            String colour = PALETTE.get(i % PALETTE.size());
            StringBuilder path = new StringBuilder();
            for (double[] p : series.get(i).points()) {
                path.append(path.length() == 0 ? "" : " ").append(f("%.1f,%.1f",
                        x.toPixel(p[0], LEFT, WIDTH - RIGHT), y.toPixel(p[1], plotBottom(), TOP)));
            }
            if (series.get(i).points().size() > 1) {
                svg.append(f("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", path, colour));
            }
            for (double[] p : series.get(i).points()) {
                svg.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>%n",
                        x.toPixel(p[0], LEFT, WIDTH - RIGHT), y.toPixel(p[1], plotBottom(), TOP), colour));
            }
        }
        legend(svg, series.stream().map(Series::name).toList());
        return svg.append("</svg>").toString();
    }

    /** Horizontal stacked bars (e.g. memory per GPU by part), each with its usable limit and capacity marked. */
    public static String stackedBars(String title, String unit, List<String> segmentNames, List<Bar> bars) {
        double max = 0;
        for (Bar b : bars) {
            double sum = 0;
            for (double v : b.segments()) {
                sum += v;
            }
            max = Math.max(max, Math.max(sum, b.capacity()));
        }
        int labelWidth = 190;
        int rowHeight = 26;
        int height = TOP + bars.size() * rowHeight + BOTTOM;
        Axis x = Axis.linear(0, max * 1.02);
        StringBuilder svg = open(title, height);
        int plotLeft = LEFT + labelWidth - 40;
        int plotBottom = height - BOTTOM + 6;
        for (double tick : x.ticks()) {
            double px = x.toPixel(tick, plotLeft, WIDTH - RIGHT);
            svg.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e3e3e3\"/>%n", px, TOP, px, plotBottom));
            svg.append(f("<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"#444\">%s</text>%n",
                    px, plotBottom + 14, tick(tick)));
        }
        svg.append(f("<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#222\">%s</text>%n",
                (plotLeft + WIDTH - RIGHT) / 2, plotBottom + 30, esc(unit)));
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int top = TOP + i * rowHeight + 4;
            svg.append(f("<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\" fill=\"#222\">%s</text>%n",
                    plotLeft - 6, top + 13, esc(bar.label())));
            double start = 0;
            for (int s = 0; s < bar.segments().length; s++) {
                double x0 = x.toPixel(start, plotLeft, WIDTH - RIGHT);
                double x1 = x.toPixel(start + bar.segments()[s], plotLeft, WIDTH - RIGHT);
                svg.append(f("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"/>%n",
                        x0, top, Math.max(0, x1 - x0), PALETTE.get(s % PALETTE.size())));
                start += bar.segments()[s];
            }
            double usable = x.toPixel(bar.usable(), plotLeft, WIDTH - RIGHT);
            double capacity = x.toPixel(bar.capacity(), plotLeft, WIDTH - RIGHT);
            svg.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"3,2\"/>%n",
                    usable, top - 3, usable, top + 21, SLA_COLOUR));
            svg.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\" stroke-width=\"2\"/>%n",
                    capacity, top - 3, capacity, top + 21));
        }
        List<String> legend = new ArrayList<>(segmentNames);
        legend(svg, legend, height);
        int y = height - 10;
        svg.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"3,2\"/>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#222\">usable</text>%n", WIDTH - 150, y - 8, WIDTH - 150, y + 2, SLA_COLOUR, WIDTH - 145, y));
        svg.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#222\" stroke-width=\"2\"/>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#222\">capacity</text>%n", WIDTH - 90, y - 8, WIDTH - 90, y + 2, WIDTH - 85, y));
        return svg.append("</svg>").toString();
    }

    private static int plotBottom() {
        return HEIGHT - BOTTOM;
    }

    private static StringBuilder open(String title) {
        return open(title, HEIGHT);
    }

    private static StringBuilder open(String title, int height) {
        StringBuilder svg = new StringBuilder();
        // Fixed width and height (not only a viewBox): the PDF renderer sizes SVG from these.
        svg.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"Helvetica, Arial, sans-serif\" role=\"img\">%n", WIDTH, height, WIDTH, height));
        svg.append(f("<title>%s</title>%n", esc(title)));
        svg.append(f("<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
        svg.append(f("<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\" fill=\"#222\">%s</text>%n", 8, esc(title)));
        return svg;
    }

    private static void frame(StringBuilder svg, Axis x, Axis y, String xLabel, String yLabel) {
        int bottom = plotBottom();
        for (double tick : y.ticks()) {
            double py = y.toPixel(tick, bottom, TOP);
            svg.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>%n", LEFT, py, WIDTH - RIGHT, py));
            svg.append(f("<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" fill=\"#444\">%s</text>%n",
                    LEFT - 6, py + 3.5, tick(tick)));
        }
        for (double tick : x.ticks()) {
            double px = x.toPixel(tick, LEFT, WIDTH - RIGHT);
            svg.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eeeeee\"/>%n", px, TOP, px, bottom));
            svg.append(f("<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"#444\">%s</text>%n",
                    px, bottom + 14, tick(tick)));
        }
        svg.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n", LEFT, bottom, WIDTH - RIGHT, bottom));
        svg.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n", LEFT, TOP, LEFT, bottom));
        svg.append(f("<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#222\">%s</text>%n",
                (LEFT + WIDTH - RIGHT) / 2, bottom + 30, esc(xLabel)));
        svg.append(f("<text x=\"14\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#222\" transform=\"rotate(-90 14 %d)\">%s</text>%n",
                (TOP + bottom) / 2, (TOP + bottom) / 2, esc(yLabel)));
    }

    private static void legend(StringBuilder svg, List<String> names) {
        legend(svg, names, HEIGHT);
    }

    /** Legend entries along the bottom, wrapping onto a second row (into the bottom margin) when one is too narrow. */
    private static void legend(StringBuilder svg, List<String> names, int height) {
        int rightEdge = WIDTH - 160; // leave room for the usable/capacity keys of the bar chart
        int x = LEFT;
        int y = height - 10;
        List<int[]> at = new ArrayList<>();
        int rows = 1;
        for (String name : names) {
            int width = 24 + (int) (name.length() * 6.2);
            if (x + width > rightEdge && x > LEFT) {
                x = LEFT;
                rows++;
            }
            at.add(new int[] {x, rows});
            x += width;
        }
        for (int i = 0; i < names.size(); i++) {
            int row = at.get(i)[1];
            int rowY = y - 13 * (rows - row);
            svg.append(f("<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>", at.get(i)[0], rowY - 9, PALETTE.get(i % PALETTE.size())));
            svg.append(f("<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#222\">%s</text>%n", at.get(i)[0] + 14, rowY, esc(names.get(i))));
        }
    }

    /** An axis from min to max with round ticks; log2 axes tick at powers of two. */
    private record Axis(double min, double max, boolean log, List<Double> ticks) {
        static Axis linear(double min, double max) {
            if (max <= min) {
                max = min + 1;
            }
            double step = niceStep((max - min) / 5);
            double first = Math.floor(min / step) * step;
            List<Double> ticks = new ArrayList<>();
            for (int i = 0; ticks.isEmpty() || ticks.get(ticks.size() - 1) < max - step * 1e-9; i++) {
                ticks.add(first + i * step);
            }
            return new Axis(first, ticks.get(ticks.size() - 1), false, List.copyOf(ticks));
        }

        static Axis log2(double min, double max) {
            double lo = Math.pow(2, Math.floor(log2(Math.max(min, 1e-9))));
            double hi = Math.pow(2, Math.ceil(log2(Math.max(max, lo * 2))));
            List<Double> ticks = new ArrayList<>();
            int steps = (int) Math.round(log2(hi / lo));
            int every = Math.max(1, (int) Math.ceil(steps / 9.0));
            for (int i = 0; i <= steps; i += every) {
                ticks.add(lo * Math.pow(2, i));
            }
            return new Axis(lo, hi, true, List.copyOf(ticks));
        }

        double toPixel(double value, double from, double to) {
            double share = log ? log2(value / min) / log2(max / min) : (value - min) / (max - min);
            return from + share * (to - from);
        }

        private static double log2(double v) {
            return Math.log(v) / Math.log(2);
        }

        private static double niceStep(double raw) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double fraction = raw / magnitude;
            double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
            return nice * magnitude;
        }
    }

    /** Axis labels: whole numbers without decimals (1, 2, 4, 1,024), the rest as everywhere else. */
    private static String tick(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,.0f", value) : Numbers.fmt(value);
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
