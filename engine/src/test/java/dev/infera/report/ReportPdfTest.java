package dev.infera.report;

import dev.infera.text.Numbers;

import dev.infera.plan.Candidate;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportPdfTest {

    @Test
    void pdfIsA4WithSelectableTextPageNumbersAndTheKeyNumbers() throws IOException {
        byte[] pdf = Reports.render(ReportFixture.ADVISOR, ReportFixture.ADVICE, Format.PDF, ReportFixture.options());
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            int pages = doc.getNumberOfPages();
            assertTrue(pages >= 3, "a report of several pages, got " + pages);
            PDRectangle a4 = PDRectangle.A4;
            PDRectangle size = doc.getPage(0).getMediaBox();
            assertEquals(a4.getWidth(), size.getWidth(), 1.5, "A4 width");
            assertEquals(a4.getHeight(), size.getHeight(), 1.5, "A4 height");
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            for (String section : new String[] {"1. Summary", "2. The request", "3. Comparison", "4. Charts", "5. Rationale",
                    "6. Risks and compliance", "7. Assumptions and provenance", "Show your work", "Sensitivity"}) {
                assertTrue(text.contains(section), "missing section " + section);
            }
            Candidate winner = ReportFixture.ADVICE.winner().candidate();
            assertTrue(text.contains(Numbers.fmt(winner.getTtftMs()) + " ms"), "winner's TTFT");
            assertTrue(text.contains(Numbers.fmt(winner.getTpotMs()) + " ms"), "winner's TPOT");
            assertTrue(text.contains(Numbers.fmt(winner.getThroughput()) + " tokens/s"), "winner's throughput");
            assertTrue(text.contains(ReportFixture.ADVICE.rulesFingerprint()), "provenance");
            assertTrue(text.contains("Page 1 of " + pages) && text.contains("Page " + pages + " of " + pages), "page numbers");
            // Batik draws chart text as outlines, so the charts are found by their captions (HTML text beside them).
            assertTrue(text.contains("re-estimated at each number of concurrent users") && text.contains("the solid line the GPU's capacity"),
                    "chart captions");
        }
    }
}
