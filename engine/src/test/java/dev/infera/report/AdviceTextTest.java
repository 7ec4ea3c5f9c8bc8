package dev.infera.report;

import dev.infera.advice.Recommendation;
import dev.infera.text.Numbers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ranks as a reader sees them: 1..N as printed when variants fold, every rank with --variants. */
class AdviceTextTest {
    private static final Pattern ROW = Pattern.compile("^\\s*(\\d+)\\s+\\S", Pattern.MULTILINE);
    private static final Pattern REASONS = Pattern.compile("^#(\\d+) ", Pattern.MULTILINE);

    @Test
    void foldedRanksAreConsecutiveAsPrinted() {
        String text = AdviceText.render(ReportFixture.ADVICE, 6, 6, false, false, false);
        List<Integer> rows = numbers(ROW, text.substring(text.indexOf("rank"), text.indexOf("\n\n", text.indexOf("rank"))));
        List<Integer> reasons = numbers(REASONS, text);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), rows, text);
        assertEquals(rows, reasons, "the reasons under the table carry the table's numbers");
        // the fixture folds variants, so consecutive numbering is not the engine's rank by accident
        List<Recommendation> ranked = ReportFixture.ADVICE.ranked();
        assertTrue(rankedBehindFirstSixArchitectures(ranked) > 6,
                "fixture no longer folds a variant into the six entries printed: " + ranked.subList(0, Math.min(7, ranked.size())));
    }

    @Test
    void variantsKeepTheirRankAmongAllViable() {
        String text = AdviceText.render(ReportFixture.ADVICE, 4, 0, false, false, true);
        List<Integer> rows = numbers(ROW, text.substring(text.indexOf("rank"), text.indexOf("\n\n", text.indexOf("rank"))));
        List<Integer> expected = ReportFixture.ADVICE.ranked().subList(0, 4).stream().map(Recommendation::rank).toList();
        assertEquals(expected, rows, text);
    }

    /** How many ranked recommendations the first six distinct architectures span (more than six: some folded). */
    private static int rankedBehindFirstSixArchitectures(List<Recommendation> ranked) {
        List<Recommendation> distinct = new ArrayList<>();
        int i = 0;
        for (; i < ranked.size() && distinct.size() <= 6; i++) {
            Recommendation r = ranked.get(i);
            if (distinct.stream().noneMatch(d -> sameArchitecture(d, r))) {
                distinct.add(r);
            }
        }
        return distinct.size() > 6 ? i - 1 : i;
    }

    /** Same GPU, count, TP, PP, replicas and weight format: rank 2 folds under rank 1. */
    private static boolean sameArchitecture(Recommendation a, Recommendation b) {
        var x = a.candidate();
        var y = b.candidate();
        return x.getGpu().equals(y.getGpu()) && x.getGpus() == y.getGpus() && x.getTp() == y.getTp() && x.getPp() == y.getPp()
                && x.getReplicas() == y.getReplicas() && x.getWeights().equals(y.getWeights());
    }

    private static List<Integer> numbers(Pattern p, String text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }
    @Test
    void aPercentileTargetGetsAColumnOfTheSimulatedValueItIsJudgedOn() {
        var scenario = new dev.infera.workload.ScenarioBuilder().model("llama-3-8b").kind("chat").context(2048).requestsPerS(12)
                .gpus(List.of("h100-sxm-80g")).weights(List.of("fp8")).engines(List.of("vllm")).maxGpus(2)
                .ttft(dev.infera.workload.LatencyTarget.parse("--ttft", "80@p99")).build();
        var advice = dev.infera.TestRules.advisor().advise(scenario);
        String text = AdviceText.render(advice, 3, 0, false, false, false);
        String header = text.lines().filter(l -> l.startsWith("rank")).findFirst().orElseThrow();
        assertTrue(header.contains("TTFT ms  TTFT p99  TPOT ms  tok/s"), header);
        var first = advice.ranked().get(0).candidate();
        String row = text.lines().filter(l -> l.matches("^\\s+1\\s.*")).findFirst().orElseThrow();
        assertTrue(first.isSimulated());
        // The closed-form mean, then the simulated p99, then the TPOT mean.
        String cells = Pattern.quote(Numbers.fmt(first.getTtftMs())) + "\\s+" + Pattern.quote(Numbers.fmt(first.simulation().replica().ttftMs().p99()))
                + "\\s+" + Pattern.quote(Numbers.fmt(first.getTpotMs())) + "\\s";
        assertTrue(Pattern.compile(cells).matcher(row).find(), row + " has no " + cells);
        // Without a percentile the table keeps its columns.
        String plain = AdviceText.render(ReportFixture.ADVICE, 3, 0, false, false, false);
        assertTrue(plain.lines().anyMatch(l -> l.startsWith("rank") && l.contains("TTFT ms  TPOT ms  tok/s")), plain);
    }

    @Test
    void anUncalibratedEngineSaysSoOnItsErrorBandLine() {
        Recommendation uncalibrated = ReportFixture.ADVICE.ranked().stream()
                .filter(r -> !r.candidate().band(dev.infera.catalog.ErrorBand.Quantity.TPOT).calibrated()).findFirst()
                .orElseThrow(() -> new AssertionError("the fixture ranks a candidate of an engine without measurements"));
        String line = ProcurementLines.band(uncalibrated.candidate());
        double tpot = uncalibrated.candidate().band(dev.infera.catalog.ErrorBand.Quantity.TPOT).high();
        assertTrue(line.endsWith("(uncalibrated: " + uncalibrated.candidate().getEngine() + " has no measurements)"), line);
        assertTrue(line.contains(String.format(java.util.Locale.ROOT, "%+.0f %%", tpot * 100)), "the wider band's TPOT end in " + line);
    }
}
