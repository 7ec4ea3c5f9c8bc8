package dev.infera.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.text.TextUtils;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;

/**
 * The report's charts, drawn by JFreeChart and written as inline SVG by JFreeSVG: the same SVG
 * embeds in HTML and in the PDF (Batik draws it). Markdown shows each chart's data table instead.
 * Output is deterministic for one machine (no time-based ids; fonts measured by the JDK).
 */
public final class Charts {
    static final int WIDTH = 620;
    static final int HEIGHT = 300;
    /** Colour-blind-safe (Okabe-Ito) palette: series and segments cycle through it. */
    static final List<Color> PALETTE = List.of(new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442));
    private static final Color MARK = new Color(0xC0392B);
    private static final Color INK = new Color(0x222222);
    private static final Color GRID = new Color(0xE3E3E3);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    static {
        // Rotated labels (the y axis's) as SVG text turned by a transform, not as glyph outlines: a reader can select and search them.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private Charts() {}

    /** One line of a chart: its name in the legend and its (x, y) points in drawing order. */
    public record Series(String name, List<double[]> points) {}

    /** A marked value with its label: a horizontal line at y (an SLA target) or a vertical line at x (a break-even month). */
    public record Reference(String label, double value, boolean onX) {
        public static Reference atY(String label, double y) {
            return new Reference(label, y, false);
        }

        public static Reference atX(String label, double x) {
            return new Reference(label, x, true);
        }
    }

    /** One bar of a stacked bar chart: segment values in the order of the chart's segment names, and the limits to mark. */
    public record Bar(String label, double[] segments, double usable, double capacity) {}

    /** A line chart; {@code logX} spaces x by powers of two (concurrency, prompt length); references are dashed lines. */
    public static String lines(String id, String title, String xLabel, String yLabel, boolean logX, List<Series> series, List<Reference> references) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries line = new XYSeries(s.name(), false, true);
            s.points().forEach(p -> line.add(logX ? Math.log(p[0]) / Math.log(2) : p[0], p[1]));
            data.addSeries(line);
        }
        ValueAxis x = logX ? log2Axis(xLabel) : numberAxis(xLabel, false);
        NumberAxis y = numberAxis(yLabel, true);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, PALETTE.get(i % PALETTE.size()));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plain(plot);
        for (Reference r : references) {
            ValueMarker marker = new ValueMarker(r.onX() && logX ? Math.log(r.value()) / Math.log(2) : r.value(), MARK, DASHED);
            marker.setLabel(r.label());
            marker.setLabelFont(SMALL);
            marker.setLabelPaint(MARK);
            marker.setLabelBackgroundColor(Color.WHITE);
            if (r.onX()) {
                marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
                marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
                plot.addDomainMarker(marker);
            } else {
                marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
                plot.addRangeMarker(marker);
                // The target must be on the chart even when every point is far below it.
                y.setRange(0, Math.max(y.getUpperBound(), r.value() * 1.1));
            }
        }
        return svg(id, title, new JFreeChart(null, TITLE, plot, true), HEIGHT);
    }

    /** Horizontal stacked bars (e.g. memory per GPU by part), each with its usable limit (dashed) and capacity (solid) marked. */
    public static String stackedBars(String id, String title, String unit, List<String> segmentNames, List<Bar> bars) {
        DefaultCategoryDataset parts = new DefaultCategoryDataset();
        DefaultCategoryDataset limits = new DefaultCategoryDataset();
        for (Bar b : bars) {
            for (int s = 0; s < segmentNames.size(); s++) {
                parts.addValue(b.segments()[s], segmentNames.get(s), b.label());
            }
            limits.addValue(b.usable(), "usable", b.label());
            limits.addValue(b.capacity(), "capacity", b.label());
        }
        StackedBarRenderer stacked = new StackedBarRenderer();
        stacked.setBarPainter(new StandardBarPainter());
        stacked.setShadowVisible(false);
        stacked.setMaximumBarWidth(0.7);
        for (int s = 0; s < segmentNames.size(); s++) {
            stacked.setSeriesPaint(s, PALETTE.get(s % PALETTE.size()));
        }
        // The limits are tick marks across each bar: a short line drawn as a point's outline, no line between bars.
        LineAndShapeRenderer ticks = new LineAndShapeRenderer(false, true);
        ticks.setUseOutlinePaint(true);
        ticks.setDrawOutlines(true);
        Line2D.Double across = new Line2D.Double(0, -11, 0, 11);
        ticks.setSeriesShape(0, across);
        ticks.setSeriesShape(1, across);
        ticks.setSeriesShapesFilled(0, false);
        ticks.setSeriesShapesFilled(1, false);
        ticks.setSeriesPaint(0, MARK);
        ticks.setSeriesOutlinePaint(0, MARK);
        ticks.setSeriesOutlineStroke(0, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 2f}, 0f));
        ticks.setSeriesPaint(1, INK);
        ticks.setSeriesOutlinePaint(1, INK);
        ticks.setSeriesOutlineStroke(1, new BasicStroke(2f));
        CategoryAxis categories = new CategoryAxis(null);
        categories.setTickLabelFont(SMALL);
        categories.setTickLabelPaint(INK);
        categories.setMaximumCategoryLabelWidthRatio(0.45f);
        CategoryPlot plot = new CategoryPlot(parts, categories, numberAxis(unit, true), stacked);
        plot.setDataset(1, limits);
        plot.setRenderer(1, ticks);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        int height = 110 + bars.size() * 30;
        return svg(id, title, new JFreeChart(null, TITLE, plot, true), height);
    }

    private static void plain(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
    }

    private static NumberAxis numberAxis(String label, boolean fromZero) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(fromZero);
        axis.setNumberFormatOverride(TICK);
        style(axis);
        return axis;
    }

    /**
     * An axis of log2(x): whole steps are powers of two, labelled with the value (1, 2, 4, ... 1,024). Plain
     * numbers, not JFreeChart's LogAxis, whose labels are attributed strings that SVG gets as outlines, not text.
     */
    private static NumberAxis log2Axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        axis.setTickUnit(new NumberTickUnit(1, POWER_OF_TWO));
        style(axis);
        return axis;
    }

    /** Formats an exponent e as the value 2^e. */
    private static final NumberFormat POWER_OF_TWO = new NumberFormat() {
        @Override
        public StringBuffer format(double exponent, StringBuffer to, FieldPosition at) {
            return TICK.format(Math.pow(2, exponent), to, at);
        }

        @Override
        public StringBuffer format(long exponent, StringBuffer to, FieldPosition at) {
            return format((double) exponent, to, at);
        }

        @Override
        public Number parse(String source, ParsePosition at) {
            throw new UnsupportedOperationException("tick labels are only written");
        }
    };

    private static void style(ValueAxis axis) {
        axis.setLabelFont(LABEL);
        axis.setLabelPaint(INK);
        axis.setTickLabelFont(SMALL);
        axis.setTickLabelPaint(new Color(0x444444));
    }

    /** Axis labels: whole numbers with thousands separators, fractions to two places, the same on every machine. */
    private static final DecimalFormat TICK = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));

    /** The chart as an SVG element with a fixed width and height (the PDF renderer sizes SVG from these) and its title for screen readers. */
    private static String svg(String id, String title, JFreeChart chart, int height) {
        TextTitle heading = new TextTitle(title, TITLE);
        heading.setPaint(INK);
        heading.setHorizontalAlignment(HorizontalAlignment.LEFT);
        chart.setTitle(heading);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setPadding(new RectangleInsets(6, 8, 4, 8));
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(SMALL);
        legend.setItemPaint(INK);
        legend.setFrame(BlockBorder.NONE);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setHorizontalAlignment(HorizontalAlignment.LEFT);
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, height);
        // Several charts share one HTML page: their clip-path ids must differ, and must not change from run to run.
        g.setDefsKeyPrefix("chart-" + id + "-");
        // A tenth of a pixel is finer than any screen or A4 page shows; the default writes seventeen digits.
        g.setGeomDoubleConverter(Charts::tenths);
        chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, height));
        String element = g.getSVGElement(null, true, new ViewBox(0, 0, WIDTH, height), null, null);
        int open = element.indexOf('>') + 1;
        return element.substring(0, open - 1) + " role=\"img\">" + "<title>" + esc(title) + "</title>" + element.substring(open);
    }

    private static String tenths(double value) {
        long scaled = Math.round(value * 10);
        return scaled % 10 == 0 ? Long.toString(scaled / 10) : Double.toString(scaled / 10.0);
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
