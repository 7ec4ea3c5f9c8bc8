package dev.infera.report;

import dev.infera.advice.Advice;
import dev.infera.analysis.ProcurementPlan;
import dev.infera.physics.Estimator;
import dev.infera.plan.Candidate;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The charts JFreeChart draws: well-formed SVG with a fixed size (the PDF renderer sizes SVG from it), a
 * legend entry per series, the marked values labelled and dashed, ids that differ between the charts of one
 * page, and the same SVG for the same input.
 */
class ChartsTest {
    private static final List<Charts.Series> COST = List.of(
            new Charts.Series("owned", List.of(new double[] {0, 200_000}, new double[] {48, 500_000}, new double[] {96, 800_000})),
            new Charts.Series("rented on-demand", List.of(new double[] {0, 0}, new double[] {48, 350_000}, new double[] {96, 700_000})));

    @Test
    void aLineChartIsSvgOfFixedSizeWithALegendEntryPerSeriesAndTheMarkedValuesLabelled() throws Exception {
        String svg = Charts.lines("cost", "Cumulative cost", "month", "USD", false, COST,
                List.of(Charts.Reference.atX("break-even vs on-demand: month 86", 86), Charts.Reference.atY("budget 900,000", 900_000)));
        Element root = parse(svg).getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals(Charts.WIDTH, Double.parseDouble(root.getAttribute("width")));
        assertEquals(Charts.HEIGHT, Double.parseDouble(root.getAttribute("height")));
        assertEquals("Cumulative cost", root.getElementsByTagName("title").item(0).getTextContent());
        List<String> texts = texts(root);
        for (String s : new String[] {"Cumulative cost", "owned", "rented on-demand", "month", "USD", "break-even vs on-demand: month 86", "budget 900,000"}) {
            assertTrue(texts.contains(s), "text '" + s + "' among " + texts);
        }
        assertTrue(svg.contains("stroke-dasharray"), "the marked values are dashed lines");
        // The target lifts the y axis: 900,000 is above every point, and its tick is on the chart.
        assertTrue(texts.contains("900,000"), "a tick at the target: " + texts);
    }

    @Test
    void aLog2AxisTicksAtPowersOfTwoAsPlainNumbers() throws Exception {
        List<double[]> points = new ArrayList<>();
        for (int users = 1; users <= 256; users *= 2) {
            points.add(new double[] {users, 10 + users / 4.0});
        }
        List<String> texts = texts(parse(Charts.lines("tpot", "TPOT", "concurrent users", "ms", true,
                List.of(new Charts.Series("TPOT", points)), List.of())).getDocumentElement());
        for (String tick : new String[] {"1", "2", "16", "256"}) {
            assertTrue(texts.contains(tick), "tick " + tick + " among " + texts);
        }
        assertFalse(texts.contains("3"), "no tick between powers of two: " + texts);
    }

    @Test
    void stackedBarsNameEverySegmentAndBothLimits() throws Exception {
        String svg = Charts.stackedBars("memory", "Memory per GPU (GB)", "GB per GPU", List.of("weights", "KV cache"),
                List.of(new Charts.Bar("#1 H100", new double[] {35, 20}, 72, 80), new Charts.Bar("#2 A100", new double[] {35, 30}, 72, 80)));
        List<String> texts = texts(parse(svg).getDocumentElement());
        for (String s : new String[] {"weights", "KV cache", "usable", "capacity", "#1 H100", "#2 A100", "GB per GPU"}) {
            assertTrue(texts.contains(s), "text '" + s + "' among " + texts);
        }
    }

    @Test
    void chartsOfOnePageShareNoIdsAndTheSameInputGivesTheSameSvg() throws Exception {
        String a = Charts.lines("a", "A", "x", "y", false, COST, List.of());
        String b = Charts.lines("b", "A", "x", "y", false, COST, List.of());
        Set<String> idsA = ids(parse(a).getDocumentElement());
        assertFalse(idsA.isEmpty(), "the chart has clip paths with ids");
        Set<String> shared = new HashSet<>(idsA);
        shared.retainAll(ids(parse(b).getDocumentElement()));
        assertEquals(Set.of(), shared, "ids both charts use");
        assertEquals(a, Charts.lines("a", "A", "x", "y", false, COST, List.of()), "deterministic");
    }

    @Test
    void theCumulativeCostChartMarksTheBreakEvenWhenItFallsInsideThePeriod() throws Exception {
        // A per-GPU quote and eight years: renting on-demand overtakes owning inside the period.
        // Whole prompts (prefixTokens 0): with the chat default's prefix cache two H100s win, and their plan does not break even in the period.
        ScenarioBuilder s = new ScenarioBuilder().model("llama-3-70b").kind("chat").users(32).context(8192).gpus(List.of("h100-sxm-80g"))
                .prefixTokens(0);
        s.site().quote("h100-sxm-80g", 25_000).years(8);
        Advice advice = ReportFixture.ADVISOR.advise(s.build());
        Candidate c = advice.winner().candidate();
        ProcurementPlan plan = ProcurementPlan.of(ReportFixture.ADVISOR.catalog(), new Estimator(ReportFixture.ADVISOR.catalog().assumptions()),
                advice.scenario().workload(), advice.thresholds(), c);
        ProcurementPlan.Rental first = plan.rentals().stream().filter(ProcurementPlan.Rental::isPriced).findFirst().orElseThrow();
        assertTrue(first.breakEvenMonth() <= plan.fleet().terms().months(), "the case breaks even inside the period: month " + first.breakEvenMonth());
        ReportContent.Chart chart = ProcurementSection.of(plan, c, advice.thresholds(), advice.ranked().subList(0, 1)).cumulative();
        String label = String.format(java.util.Locale.ROOT, "break-even vs %s: month %.0f", first.kind().id(), first.breakEvenMonth());
        assertTrue(texts(parse(chart.svg()).getDocumentElement()).contains(label), "the marker's label " + label);
        assertTrue(chart.caption().contains("Buying pays from month"), chart.caption());
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Element root) {
        NodeList nodes = root.getElementsByTagName("text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().strip());
        }
        return out;
    }

    private static Set<String> ids(Element root) {
        NodeList all = root.getElementsByTagName("*");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < all.getLength(); i++) {
            String id = ((Element) all.item(i)).getAttribute("id");
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }
}
