package dev.infera.report;

import dev.infera.advice.Advice;
import dev.infera.advice.ArchitectureLabel;
import dev.infera.analysis.ProcurementPlan;
import dev.infera.physics.Estimator;
import dev.infera.plan.Candidate;
import dev.infera.workload.ScenarioBuilder;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's Procurement section for the example with a quoted HGX H100 and 5 % growth a
 * month: its numbers in Markdown, its text in the PDF (with the Sources table readable on A4), and
 * its cumulative-cost chart in headless Chromium. Expectations are read from the plan, not typed in.
 */
class ReportProcurementTest {
    static final Advice ADVICE = advice();

    private static Advice advice() {
        ScenarioBuilder b = new ScenarioBuilder().model("llama-3-70b").kind("chat").users(32).context(8192).gpus(java.util.List.of("h100-sxm-80g"));
        b.site().quote("hgx-h100-8gpu", 250_000).growthPerMonth(0.05);
        return ReportFixture.ADVISOR.advise(b.build());
    }

    private static ProcurementPlan plan() {
        Candidate c = ADVICE.winner().candidate();
        return ProcurementPlan.of(ReportFixture.ADVISOR.catalog(), new Estimator(ReportFixture.ADVISOR.catalog().assumptions()),
                ADVICE.scenario().workload(), ADVICE.thresholds(), c);
    }

    private static byte[] render(Format format) {
        return Reports.render(ReportFixture.ADVISOR, ADVICE, format, ReportFixture.options());
    }

    @Test
    void markdownHasTheSectionWithThePlansNumbers() {
        String md = new String(render(Format.MD), StandardCharsets.UTF_8);
        ProcurementPlan plan = plan();
        for (String heading : new String[] {"## 8. Procurement", "### Bill of materials by node", "### Power and rack plan",
                "### Owning against renting", "### Cumulative cost, owned against rented", "### How sure the headline numbers are", "### Growth"}) {
            assertTrue(md.contains(heading), "missing " + heading);
        }
        String section = md.substring(md.indexOf("## 8. Procurement"));
        assertTrue(plan.fleet().isPurchasePriced(), "the fixture's fleet has a purchase price, so the section shows it");
        assertTrue(section.contains(String.format(Locale.ROOT, "$%,.0f up front", plan.fleet().purchaseUsd())), "purchase");
        assertTrue(section.contains(String.format(Locale.ROOT, "$%,.0f/month to run", plan.fleet().runningUsdPerMonth())), "running cost");
        assertFalse(plan.rentals().isEmpty(), "the fixture's GPU has rental prices");
        for (ProcurementPlan.Rental r : plan.rentals()) {
            assertTrue(section.contains("| rent " + r.kind().id() + " |"), "a row per rented kind: " + r.kind().id());
        }
        assertTrue(section.contains("| node: " + plan.fleet().server().id() + " | " + plan.fleet().nodes() + " |"), "bill of materials by node");
        ProcurementPlan.Step buy = plan.growth().stream().filter(s -> s.addedNodes() > 0).findFirst().orElseThrow();
        assertTrue(section.contains("The next purchase, in month " + buy.month()), "growth timeline's next purchase");
        // The summary's service levels carry the error band
        assertTrue(md.contains("| metric | expected | error band (5th-95th percentile) | target | status |"));
    }

    @Test
    void everyRankedConfigurationTheReportShowsIsCostedBoughtAndRented() throws Exception {
        String md = new String(render(Format.MD), StandardCharsets.UTF_8);
        String section = md.substring(md.indexOf("### Each ranked configuration, bought or rented"), md.indexOf("### Bill of materials by node"));
        List<dev.infera.advice.Recommendation> shown = ADVICE.ranked().subList(0, Math.min(ReportFixture.options().top(), ADVICE.ranked().size()));
        assertTrue(shown.size() > 1, "the fixture shows several ranked configurations");
        String pdf;
        try (PDDocument doc = Loader.loadPDF(render(Format.PDF))) {
            pdf = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
        assertTrue(pdf.contains("Each ranked configuration, bought or rented"), "the PDF has the table");
        for (dev.infera.advice.Recommendation r : shown) {
            Candidate c = r.candidate();
            dev.infera.plan.Fleet f = c.fleet();
            String row = section.lines().filter(l -> l.startsWith("| " + r.rank() + " | " + ArchitectureLabel.of(c) + " |")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for rank " + r.rank() + " " + ArchitectureLabel.of(c)));
            assertTrue(row.contains("| " + f.nodes() + " x " + f.server().id() + " |"), row);
            assertTrue(row.contains(String.format(Locale.ROOT, "$%,.0f", f.ownedUsdPerMonth())), "owned $/month in " + row);
            assertTrue(row.contains(String.format(Locale.ROOT, "$%,.0f", f.rentedUsdPerMonth())), "rented $/month in " + row);
            assertTrue(row.contains(c.isPaysBack() ? "after month " : "no pay-back"), "break-even in " + row);
            assertTrue(pdf.contains(String.format(Locale.ROOT, "$%,.0f", f.ownedUsdPerMonth())), "owned $/month of rank " + r.rank() + " in the PDF");
        }
    }

    @Test
    void pdfHasTheSectionAndItsSourcesTableDoesNotWrapAFewCharactersALine() throws Exception {
        try (PDDocument doc = Loader.loadPDF(render(Format.PDF))) {
            String raw = new PDFTextStripper().getText(doc);
            String text = raw.replaceAll("\\s+", " ");
            for (String s : new String[] {"8. Procurement", "Bill of materials by node", "Power and rack plan", "Owning against renting",
                    "How sure the headline numbers are", "Cumulative cost by month"}) {
                assertTrue(text.contains(s), "missing " + s);
            }
            // Before the fixed column widths, openhtmltopdf gave the item column a few characters ("mod", "el M", "eta-").
            List<String> sources = raw.substring(raw.indexOf("\nSources"), raw.indexOf("\nProvenance")).lines()
                    .map(String::strip).filter(l -> !l.isEmpty()).toList();
            assertTrue(sources.size() > 3, "the Sources table has rows");
            for (String line : sources) {
                assertTrue(line.length() >= 7, "a line of " + line.length() + " characters in Sources: '" + line + "'");
            }
        }
    }

    @Test
    void chromiumRendersTheCumulativeCostChart(@TempDir Path dir) throws Exception {
        Path chromium = ReportHtmlChromiumTest.CHROMIUM;
        Assumptions.assumeTrue(Files.isExecutable(chromium), chromium + " not found: install the Debian package chromium to run this test");
        Path html = dir.resolve("report.html");
        Reports.write(ReportFixture.ADVISOR, ADVICE, Format.HTML, html, ReportFixture.options());
        Path dom = dir.resolve("dom.html");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile"), "--dump-dom", html.toUri().toString())
                .redirectOutput(dom.toFile()).redirectError(dir.resolve("err.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
        String rendered = Files.readString(dom);
        int chart = rendered.indexOf("id=\"chart-cumulative-cost\"");
        assertTrue(chart > 0, "the chart is in the rendered page");
        String figure = rendered.substring(chart, rendered.indexOf("</figure>", chart));
        assertTrue(figure.contains("<svg"), "the chart is inline SVG in the rendered page");
        // JFreeChart writes a legend entry for each line it draws: owned, and each priced rental.
        List<String> lines = new java.util.ArrayList<>();
        if (plan().fleet().isPurchasePriced()) {
            lines.add("owned");
        }
        plan().rentals().stream().filter(ProcurementPlan.Rental::isPriced).forEach(r -> lines.add("rented " + r.kind().id()));
        assertTrue(lines.size() > 1, "the case has lines to compare: " + lines);
        for (String line : lines) {
            assertTrue(figure.matches("(?s).*<text[^>]*>" + java.util.regex.Pattern.quote(line) + "</text>.*"), "a legend entry for " + line);
        }
        assertEquals(-1, Files.readString(dir.resolve("err.log")).indexOf("CONSOLE("), "no console messages");
    }
}
