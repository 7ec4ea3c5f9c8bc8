package dev.infera.report;

import dev.infera.advice.ArchitectureLabel;
import dev.infera.text.Numbers;

import dev.infera.BadInputException;
import dev.infera.plan.Candidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportMarkdownTest {

    @Test
    void aSplitsSummaryAndBillOfMaterialsNameBothPoolsAndTheLink() {
        // README's RAG example: 8,000-token prompts at 3 requests/s, TPOT 25 ms: a 3P1D split of TP=2 workers wins.
        var advice = ReportFixture.ADVISOR.advise(new dev.infera.workload.ScenarioBuilder().model("llama-3.1-70b").kind("rag")
                .inputTokens(8000).outputTokens(256).prefixTokens(0).requestsPerS(3).gpus(java.util.List.of("h100-sxm-80g"))
                .engines(java.util.List.of("vllm")).weights(java.util.List.of("fp8")).kv(java.util.List.of("fp8")).maxGpus(8)
                .tpotMs(25).build());
        Candidate winner = advice.winner().candidate();
        assertTrue(winner.isDisaggregated(), winner.toString());
        var split = winner.split().deployment();
        String md = new String(Reports.render(ReportFixture.ADVISOR, advice, Format.MD, ReportFixture.options()), java.nio.charset.StandardCharsets.UTF_8);
        String pools = split.prefillWorkers() + " prefill workers of " + split.prefill().gpusPerReplica() + " " + split.prefill().gpu().name()
                + " and " + split.decodeWorkers() + " decode worker" + (split.decodeWorkers() == 1 ? "" : "s") + " of " + split.decode().gpusPerReplica()
                + " " + split.decode().gpu().name() + ", each request's KV cache sent from one to the other over " + split.link().name();
        String summary = md.lines().filter(l -> l.startsWith("**Serve ")).findFirst().orElseThrow();
        assertTrue(summary.contains(pools), summary);
        assertTrue(md.contains("- **Pools:** " + pools), md);
    }

    @Test
    void aRunnerUpsGapIsTheDifferenceOfTheScoresAsShown() {
        String md = ReportFixture.render(Format.MD, ReportFixture.options());
        double winner = Double.parseDouble(Numbers.score(ReportFixture.ADVICE.winner().score()));
        var gaps = java.util.regex.Pattern.compile("score (\\d+\\.\\d) \\((\\d+\\.\\d) points behind\\)").matcher(md);
        int found = 0;
        while (gaps.find()) {
            assertEquals(winner - Double.parseDouble(gaps.group(1)), Double.parseDouble(gaps.group(2)), 1e-9, gaps.group());
            found++;
        }
        assertTrue(found > 0 || md.contains("less than 0.1 points behind") || md.contains("tied on score"), "no runner-up line in the report");
    }

    @Test
    void markdownHasEverySectionAndTheWinnersNumbers() {
        String md = ReportFixture.render(Format.MD, ReportFixture.options());
        for (String section : new String[] {"## 1. Summary", "### Bill of materials", "## 2. The request", "## 3. Comparison",
                "### Rejected, by rule", "## 4. Charts", "### Memory per GPU", "### TPOT against concurrency", "### TTFT against prompt length",
                "### Throughput-latency frontier", "## 5. Rationale", "### Show your work", "## 6. Risks and compliance", "### Sensitivity",
                "## 7. Assumptions and provenance", "### Sources", "### Provenance"}) {
            assertTrue(md.contains(section), "missing section " + section);
        }
        assertNotNull(ReportFixture.ADVICE.winner(), "the fixture scenario should have a viable configuration");
        Candidate winner = ReportFixture.ADVICE.winner().candidate();
        assertTrue(md.contains(ArchitectureLabel.of(winner)), "winner's architecture");
        assertTrue(md.contains(Numbers.fmt(winner.getTtftMs()) + " ms"), "winner's TTFT");
        assertTrue(md.contains(Numbers.fmt(winner.getTpotMs()) + " ms"), "winner's TPOT");
        assertTrue(md.contains(Numbers.fmt(winner.getThroughput()) + " tokens/s"), "winner's throughput");
        if (winner.isPriced()) {
            assertTrue(md.contains(Numbers.money(winner.getUsdPerMillionTokens())), "winner's cost per million tokens");
        }
        assertTrue(md.contains(ReportFixture.ADVICE.catalogFingerprint()) && md.contains(ReportFixture.ADVICE.rulesFingerprint()), "fingerprints");
        assertFalse(md.contains("${"), "no unexpanded template expressions");
    }

    @Test
    void twoReportsOfTheSameInputsDifferOnlyInTheDate() {
        for (Format format : new Format[] {Format.MD, Format.HTML}) {
            String first = ReportFixture.render(format, ReportFixture.options());
            String second = ReportFixture.render(format, ReportFixture.options().withDate(LocalDate.of(2031, 6, 7)));
            assertTrue(first.contains("2030-01-02") && second.contains("2031-06-07"));
            assertEquals(first.replace("2030-01-02", "DATE"), second.replace("2031-06-07", "DATE"), format + " differs beyond the date");
        }
    }

    @Test
    void failedRunLeavesTheExistingReportUntouched(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("advice.md");
        Reports.write(ReportFixture.ADVISOR, ReportFixture.ADVICE, Format.MD, target, ReportFixture.options());
        String good = Files.readString(target);
        Path broken = Files.createDirectory(dir.resolve("templates"));
        Files.writeString(broken.resolve("report.md.ftl"), "# Report\n${report.noSuchField}\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Reports.write(ReportFixture.ADVISOR, ReportFixture.ADVICE,
                Format.MD, target, ReportFixture.options().withTemplates(broken)));
        assertTrue(e.getMessage().contains("report.md.ftl:2:"), "file:line: message, got " + e.getMessage());
        assertEquals(good, Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void templatesComeFromTheFolderGiven(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("report.md.ftl"), "ACME Corp letterhead\n${report.sentence}\n");
        String md = ReportFixture.render(Format.MD, ReportFixture.options().withTemplates(dir));
        assertTrue(md.startsWith("ACME Corp letterhead\n"));
        assertTrue(md.contains(ArchitectureLabel.of(ReportFixture.ADVICE.winner().candidate())));
        assertThrows(BadInputException.class, () -> ReportFixture.render(Format.HTML, ReportFixture.options().withTemplates(dir)),
                "a missing template is a one-line input error");
    }
}
