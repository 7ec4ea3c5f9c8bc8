package dev.infera.rules;

import dev.infera.plan.Candidate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.infera.rules.RuleFacts.candidate;
import static dev.infera.rules.RuleFacts.chat;
import static dev.infera.rules.RuleFacts.of;
import static dev.infera.rules.RuleFacts.one;
import static dev.infera.rules.RuleFacts.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cost.dslr and compliance.dslr: each rule's inputs, its threshold, the numbers in its message, and a near miss. */
class CostAndComplianceRulesTest {
    @Test
    void stayWithinTheCapitalBudget() {
        String rule = "Stay within the capital budget";
        // RTX 4090 at its $1,599 launch price (gpus.yaml): two are $3,198, over a $3,000 budget; one is under.
        Candidate two = candidate(1, "llama-3-8b", "rtx-4090", 2, 1, "fp16", 1, 1792, 256);
        Candidate one = candidate(2, "llama-3-8b", "rtx-4090", 1, 1, "fp16", 1, 1792, 256);
        List<Finding> findings = run(chat("llama-3-8b").maxCapitalUsd(3000), two, one);
        Finding fired = one(findings, rule, 1);
        assertEquals(Finding.Severity.REJECT, fired.severity());
        assertEquals("$3,198 of GPUs exceeds the $3,000 capital budget", fired.message());
        assertTrue(of(findings, rule, 2).isEmpty(), "$1,599 is within it");
    }

    @Test
    void aCapitalBudgetCannotBeMetByHardwareWithoutAPurchasePrice() {
        String rule = "A capital budget cannot be met by hardware without a purchase price";
        Candidate unpriced = candidate(1, "llama-3-8b", "rtx-6000-ada", 1, 1, "fp16", 1, 1792, 256);
        Candidate priced = candidate(2, "llama-3-8b", "rtx-4090", 1, 1, "fp16", 1, 1792, 256);
        assertTrue(Double.isNaN(unpriced.getCapitalUsd()));
        List<Finding> findings = run(chat("llama-3-8b").maxCapitalUsd(100_000), unpriced, priced);
        assertEquals("no purchase price for " + unpriced.getGpuName() + " in the catalog: add one (catalog overlay) to check the capital budget",
                one(findings, rule, 1).message());
        assertTrue(of(findings, rule, 2).isEmpty());
        assertTrue(run(chat("llama-3-8b"), candidate(1, "llama-3-8b", "rtx-6000-ada", 1, 1, "fp16", 1, 1792, 256)).stream()
                .noneMatch(f -> f.rule().equals(rule)), "no capital budget, nothing to meet");
    }

    @Test
    void anHourlyBudgetCannotBeMetByHardwareWithoutAnHourlyPriceAndUnpricedHardwareIsRankedWithoutCost() {
        String budget = "An hourly budget cannot be met by hardware without an hourly price";
        String unranked = "Hardware without a known price cannot compete on cost";
        Candidate unpriced = candidate(1, "llama-3-8b", "rtx-6000-ada", 1, 1, "fp16", 1, 1792, 256);
        Candidate priced = candidate(2, "llama-3-8b", "rtx-4090", 1, 1, "fp16", 1, 1792, 256);
        assertTrue(!unpriced.isPriced() && priced.isPriced());
        List<Finding> withBudget = run(chat("llama-3-8b").maxUsdPerHour(100), unpriced, priced);
        assertEquals("no hourly price for " + unpriced.getGpuName() + " in the catalog: add one (catalog overlay) to check the hourly budget",
                one(withBudget, budget, 1).message());
        assertTrue(of(withBudget, budget, 2).isEmpty());
        List<Finding> noBudget = run(chat("llama-3-8b"), unpriced, priced);
        assertTrue(of(noBudget, budget, 1).isEmpty(), "no budget, nothing to meet");
        assertEquals("no price for " + unpriced.getGpuName() + " in catalog/prices.yaml: ranked without cost", one(noBudget, unranked, 1).message());
        assertTrue(of(noBudget, unranked, 2).isEmpty());
    }

    @Test
    void aSingleReplicaInADatacenterIsASinglePointOfFailure() {
        String rule = "A single replica is a single point of failure";
        Candidate single = candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 1792, 256);
        Candidate pair = candidate(2, "llama-3-8b", "h100-sxm-80g", 2, 1, 1, "fp16", null, 1, 1792, 256);
        assertEquals(2, pair.getReplicas());
        List<Finding> findings = run(chat("llama-3-8b").deployment("datacenter"), single, pair);
        Finding fired = one(findings, rule, 1);
        assertEquals(Finding.Severity.WARNING, fired.severity());
        assertEquals("one replica: a GPU or node failure stops the service; budget a second for production", fired.message());
        assertTrue(of(findings, rule, 2).isEmpty(), "two replicas");
        assertTrue(of(run(chat("llama-3-8b"), candidate(1, "llama-3-8b", "h100-sxm-80g", 1, 1, "fp16", 1, 1792, 256)), rule, 1).isEmpty(),
                "a workstation is no production service");
    }
}
