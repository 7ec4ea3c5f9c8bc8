package dev.infera.rules;

import dev.infera.plan.Candidate;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static dev.infera.rules.RuleFacts.candidate;
import static dev.infera.rules.RuleFacts.of;
import static dev.infera.rules.RuleFacts.one;
import static dev.infera.rules.RuleFacts.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** procurement.dslr and confidence.dslr: each rule's inputs, its threshold, the numbers in its message, and a near miss. */
class ProcurementAndConfidenceRulesTest {
    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static ScenarioBuilder datacenterChat() {
        return new ScenarioBuilder().model("llama-3-70b").kind("chat").context(8192).users(32).deployment("datacenter");
    }

    private static Candidate h100s(int id, int gpus) {
        return candidate(id, "llama-3-70b", "h100-sxm-80g", gpus, 2, 1, "fp8", null, 16, 7168, 1024);
    }

    private static Candidate a100s(int id, int gpus) {
        return candidate(id, "llama-3-70b", "a100-sxm-80g", gpus, 4, 1, "fp16", null, 16, 7168, 1024);
    }

    @Test
    void aNodeMustFitWithinTheRackPowerLimit() {
        String rule = "A node must fit within the rack power limit";
        // servers.yaml: a DGX H100 draws 10.2 kW, a DGX A100 6.5 kW; the site's racks take 8 kW.
        ScenarioBuilder site = datacenterChat();
        site.site().maxRackKw(8);
        Candidate h100 = h100s(1, 8), a100 = a100s(2, 8);
        List<Finding> findings = run(site, h100, a100);
        Finding fired = one(findings, rule, 1);
        assertEquals(Finding.Severity.REJECT, fired.severity());
        assertEquals(10.2, h100.getNodePowerKw(), 1e-9);
        assertEquals("one " + h100.getServer() + " node draws 10.2 kW, more than a 8 kW " + h100.getCooling() + "-cooled rack takes", fired.message());
        assertTrue(of(findings, rule, 2).isEmpty(), "6.5 kW fits");
    }

    @Test
    void aFleetWiderThanOneRackIsSpreadAndMoreRacksThanTheSiteHasIsOut() {
        String spread = "A fleet wider than one rack is spread over several racks";
        String tooMany = "The fleet must fit in the racks the site has";
        // One 6.5 kW DGX A100 per 8 kW rack: 16 GPUs are two nodes, two racks; 8 GPUs one.
        ScenarioBuilder site = datacenterChat();
        site.site().maxRackKw(8);
        site.site().racks(1);
        Candidate two = a100s(1, 16), one = a100s(2, 8);
        List<Finding> findings = run(site, two, one);
        assertEquals(2, two.getNodesBought(), 1e-9);
        assertEquals(f("2 nodes at 6.5 kW each exceed a 8 kW %s-cooled rack: 2 racks (1 per rack)", two.getCooling()),
                one(findings, spread, 1).message());
        assertEquals("2 nodes at 6.5 kW each need 2 racks of 8 kW (1 per rack); the site has 1", one(findings, tooMany, 1).message());
        assertTrue(of(findings, spread, 2).isEmpty() && of(findings, tooMany, 2).isEmpty(), "one node, one rack");
    }

    @Test
    void buyingPaysWhenTheBoardIsUsedAndRentingWhenHalfOfItIs() {
        String buy = "Buying pays when the fleet is busy for more than N months";
        String rent = "Renting pays when buying does not pay back within the amortisation period";
        // A quoted HGX H100 at $250,000: with 8 GPUs working it pays back within the amortisation period; 4 GPUs still buy the whole board.
        ScenarioBuilder terms = datacenterChat();
        terms.site().quote("hgx-h100-8gpu", 250_000);
        terms.site().usdPerKwh(0.10);
        Candidate eight = h100s(1, 8), four = h100s(2, 4);
        List<Finding> findings = run(terms, eight, four);
        assertTrue(eight.isPaysBack() && eight.getBreakEvenMonth() <= eight.getAmortisationMonths(), "month " + eight.getBreakEvenMonth());
        assertEquals(f("buying pays when the fleet is busy for more than %.0f months: $%,.0f up front, then $%,.0f/month against $%,.0f/month rented;"
                        + " over %.0f months $%.2f owned vs $%.2f rented per million tokens",
                eight.getBreakEvenMonth(), eight.getPurchaseUsd(), eight.getRunningUsdPerMonth(), eight.getRentedUsdPerMonth(),
                eight.getAmortisationMonths(), eight.getOwnedUsdPerMillionTokens(), eight.getRentedUsdPerMillionTokens()), one(findings, buy, 1).message());
        assertEquals(250_000, eight.getPurchaseUsd(), 1e-6, "the quote");
        assertTrue(of(findings, rent, 1).isEmpty());
        assertTrue(!four.isPaysBack(), "half a board: month " + four.getBreakEvenMonth());
        assertEquals(f("buying does not pay back within %.0f months: $%,.0f up front, then $%,.0f/month to run against $%,.0f/month rented",
                four.getAmortisationMonths(), four.getPurchaseUsd(), four.getRunningUsdPerMonth(), four.getRentedUsdPerMonth()), one(findings, rent, 2).message());
        assertTrue(of(findings, buy, 2).isEmpty());
    }

    @Test
    void hardwareWithoutAPurchasePriceIsNotCostedForOwnershipOnlyWhenTermsAreStated() {
        String rule = "Hardware without a purchase price cannot be costed for ownership";
        ScenarioBuilder terms = datacenterChat();
        terms.site().years(4);
        Candidate h100 = h100s(1, 8);
        Finding fired = one(run(terms, h100), rule, 1);
        assertEquals(Finding.Severity.WARNING, fired.severity());
        assertEquals("ownership not costed: " + h100.getPurchaseBasis() + "; add a quote (--quote " + h100.getServer()
                + "=USD, or quotes: in the scenario's procurement block)", fired.message());
        assertTrue(of(run(datacenterChat(), h100s(1, 8)), rule, 1).isEmpty(), "no procurement terms, no ownership question");
    }

    @Test
    void aTargetMetAcrossTheErrorBandIsRobustAndOneMetOnlyAtTheEstimateIsAtRisk() {
        String robust = "A target met even at the pessimistic end of the error band is a robust answer";
        String atRisk = "A target met only if the estimate is not pessimistic is at risk";
        Candidate probe = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 1792, 256);
        List<Finding> first = run(new ScenarioBuilder().model("llama-3-8b").kind("chat").context(2048).users(1).deployment("datacenter"), probe);
        double tpot = probe.getTpotMs(), pessimistic = probe.getTpotMsPessimistic();
        assertTrue(pessimistic > tpot * 1.05, "the band widens the TPOT: " + tpot + " -> " + pessimistic);
        assertTrue(of(first, robust, 1).size() == 1, "100 ms is met across the band");
        // A TPOT target 2 % above the estimate, under its pessimistic end: at risk. 2 % above the pessimistic end: robust.
        double tight = Math.round(tpot * 1.02 * 10) / 10.0, loose = Math.round(pessimistic * 1.02 * 10) / 10.0;
        Candidate c = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 1792, 256);
        List<Finding> risky = run(new ScenarioBuilder().model("llama-3-8b").kind("chat").context(2048).users(1).deployment("datacenter").tpotMs(tight), c);
        Finding warned = one(risky, atRisk, 1);
        assertEquals(Finding.Severity.WARNING, warned.severity());
        assertTrue(warned.message().startsWith(f("at the band's pessimistic end TPOT %.1f ms, TTFT %.0f ms against %.0f and 1000 ms (TPOT band: ",
                c.getTpotMsPessimistic(), c.getTtftMsPessimistic(), tight)), warned.message());
        assertTrue(of(risky, robust, 1).isEmpty());
        Candidate d = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 1792, 256);
        List<Finding> safe = run(new ScenarioBuilder().model("llama-3-8b").kind("chat").context(2048).users(1).deployment("datacenter").tpotMs(loose), d);
        assertEquals(f("meets the targets even at the band's pessimistic end: TPOT %.1f ms (%+.0f %%), TTFT %.0f ms (%+.0f %%) against %.0f and 1000 ms",
                d.getTpotMsPessimistic(), d.getTpotBandHigh() * 100, d.getTtftMsPessimistic(), d.getTtftBandHigh() * 100, loose), one(safe, robust, 1).message());
        assertTrue(of(safe, atRisk, 1).isEmpty());
    }
}
