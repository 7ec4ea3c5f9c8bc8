package dev.infera.analysis;

import dev.infera.TestRules;
import dev.infera.TestCatalog;
import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.PriceKind;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;
import dev.infera.physics.Ownership;
import dev.infera.plan.Candidate;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The procurement plan of the 70B chat winner with a quoted HGX H100 and 5 % growth a month. */
class ProcurementPlanTest {
    private static final Catalog CATALOG = TestCatalog.shipped();
    private static final Advisor ADVISOR = TestRules.advisor();
    private static final Estimator ESTIMATOR = new Estimator(CATALOG.assumptions());

    private static Advice advice() {
        ScenarioBuilder b = new ScenarioBuilder().model("llama-3-70b").kind("chat").users(32).context(8192).gpus(java.util.List.of("h100-sxm-80g"));
        b.site().quote("hgx-h100-8gpu", 250_000).growthPerMonth(0.05);
        return ADVISOR.advise(b.build());
    }

    @Test
    void rentalsPerKindAreCostedFromTheirOwnRowsAndAKindWithoutARowIsSaidToBeUnpriced() {
        Advice a = advice();
        Candidate c = a.winner().candidate();
        ProcurementPlan plan = ProcurementPlan.of(CATALOG, ESTIMATOR, a.scenario().workload(), a.thresholds(), c);
        assertNotNull(plan);
        ProcurementPlan.Rental spot = plan.rentals().stream().filter(r -> r.kind() == PriceKind.SPOT).findFirst().orElseThrow();
        // H100 SXM's spot row is RunPod's $0.81; x GPUs used x 730 h
        assertEquals(0.81 * c.getGpus() * 730, spot.usdPerMonth(), 1e-6);
        // the quote is per 8-GPU node, so the fleet costs 250,000 per node it buys
        assertEquals(250_000.0 * plan.fleet().nodes(), plan.fleet().purchaseUsd(), 1e-6);
        assertEquals(Ownership.breakEvenMonth(plan.fleet().purchaseUsd(), spot.usdPerMonth(), plan.fleet().runningUsdPerMonth()), spot.breakEvenMonth());
        ProcurementPlan.Rental reserved = plan.rentals().stream().filter(r -> r.kind() == PriceKind.RESERVED_3Y).findFirst().orElseThrow();
        assertFalse(reserved.isPriced());
        assertTrue(Double.isNaN(reserved.usdPerMonth()));
        // Cumulative owned starts at the purchase and ends at purchase + running x 60 (no residual)
        assertEquals(plan.fleet().purchaseUsd(), plan.ownedByMonth().get(0)[1], 1e-6);
        assertEquals(61, plan.ownedByMonth().size());
        assertEquals(plan.ownedTotalUsd(), plan.ownedByMonth().get(60)[1], 1e-6);
    }

    @Test
    void capacityIsTheLargestBatchThatStillMeetsTheSlaAndGrowthBuysWholeNodes() {
        Advice a = advice();
        Candidate c = a.winner().candidate();
        ProcurementPlan plan = ProcurementPlan.of(CATALOG, ESTIMATOR, a.scenario().workload(), a.thresholds(), c);
        ProcurementPlan.Capacity cap = plan.capacity();
        assertTrue(cap.perReplica() >= c.getBatch());
        Estimate at = ESTIMATOR.estimate(c.deployment().withBatch(cap.perReplica()), null);
        assertTrue(at.ttftMs() <= a.thresholds().ttftMs() && at.tpotMs() <= a.thresholds().tpotMs());
        Estimate beyond = ESTIMATOR.estimate(c.deployment().withBatch(cap.perReplica() + 1), null);
        assertTrue(!beyond.fits() || beyond.ttftMs() > a.thresholds().ttftMs() || beyond.tpotMs() > a.thresholds().tpotMs(),
                "one more user per replica breaks the SLA or memory");
        // The first step is the first month the load exceeds the fleet
        ProcurementPlan.Step first = plan.growth().get(0);
        assertEquals(plan.monthsOfHeadroom() + 1, first.month());
        assertTrue(first.users() > cap.fleet());
        for (ProcurementPlan.Step s : plan.growth()) {
            assertEquals((int) Math.ceil((double) s.gpus() / 8), s.nodes(), "whole 8-GPU nodes");
        }
    }
}
