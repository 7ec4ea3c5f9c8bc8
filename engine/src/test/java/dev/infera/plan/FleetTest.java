package dev.infera.plan;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimator;
import dev.infera.workload.Costing;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What buying a candidate means, on the shipped catalog, with figures worked by hand. */
public class FleetTest {
    private static final Catalog CATALOG = TestCatalog.shipped();
    private static final Estimator ESTIMATOR = new Estimator(CATALOG.assumptions());

    private static Candidate candidate(String gpu, int gpus, int tp, Consumer<dev.infera.workload.FacilityAndProcurement> site) {
        ScenarioBuilder b = new ScenarioBuilder().model("llama-3-70b").kind("chat").context(8192).users(32).deployment("any");
        site.accept(b.site());
        Scenario s = Costing.resolve(b.build(), CATALOG);
        Deployment d = new DeploymentSpec("llama-3-70b", gpu, gpus, tp, 1, "fp8", null, "vllm", 16, 7936, 256).resolve(CATALOG);
        Candidate c = new Candidate(1, d, ESTIMATOR.estimate(d, CATALOG.price(d.gpu()).orElse(null)));
        c.judgeIn(s.workload(), s.constraints(), null, true);
        return c;
    }

    /** The H100 SXM's charged rental price (the cheapest on-demand row of prices.yaml), read rather than copied so a price update keeps this test true. */
    private static double h100UsdPerGpuHour() {
        return CATALOG.price(CATALOG.gpu("h100-sxm-80g")).orElseThrow().usdPerGpuHour();
    }

    @Test
    void aQuotedDgxH100PaysBackWhenTheRentItSavesHasRepaidItsPrice() {
        Fleet f = candidate("h100-sxm-80g", 8, 8, site -> site.quote("hgx-h100-8gpu", 250_000).usdPerKwh(0.10)).fleet();
        assertEquals("hgx-h100-8gpu", f.server().id());
        assertEquals(1, f.nodes());
        assertTrue(f.isNodePowerSourced());
        assertEquals(10.2, f.fleetPowerKw(), 1e-9);
        assertEquals(250_000, f.purchaseUsd());
        // Power 10.2 x 1.56 x 730 x 0.10 = 1,161.58; hosting 10.2 x 184.06 = 1,877.41; support 2,083.33.
        assertEquals(1_161.576, f.powerUsdPerMonth(), 1e-3);
        assertEquals(1_877.412, f.hostingUsdPerMonth(), 1e-3);
        assertEquals(2_083.333, f.supportUsdPerMonth(), 1e-3);
        assertEquals(5_122.321, f.runningUsdPerMonth(), 1e-3);
        // Owned over 60 months: 4,166.67 capital + the running costs
        assertEquals(9_288.988, f.ownedUsdPerMonth(), 1e-3);
        // Rented: 8 x the charged price x 730 (at $2.69, RunPod's 2026-05-22 row: 15,709.60); pays back in the first whole month
        // the rent saved covers the purchase: ceil(250,000 / (rented - 5,122.32 running)) (at $2.69: 23.6 -> 24)
        double rented = 8 * h100UsdPerGpuHour() * 730;
        assertEquals(rented, f.rentedUsdPerMonth(), 1e-6);
        assertEquals(Math.ceil(250_000 / (rented - 5_122.321)), f.breakEvenMonth(), 1e-9);
        assertEquals(f.ownedUsdPerMonth() / f.tokensPerMonth() * 1e6, f.ownedUsdPerMillionTokens(), 1e-9);
    }

    @Test
    void twoGpusOnAnEightGpuBoardBuyTheWholeBoardAndNeverPayBack() {
        Candidate c = candidate("h100-sxm-80g", 2, 2, site -> site.quote("hgx-h100-8gpu", 250_000));
        Fleet f = c.fleet();
        assertEquals(8, f.gpusBought());
        assertEquals(2, f.gpusUsed());
        // Rent 2 x the charged price x 730 (at $2.69: 3,927.40) a month, less than the 5,354.64 it costs to run the owned board.
        assertEquals(2 * h100UsdPerGpuHour() * 730, f.rentedUsdPerMonth(), 1e-6);
        assertTrue(f.rentedUsdPerMonth() < 5_354.64, "renting two GPUs must stay cheaper than running the board for this case to mean 'never'");
        assertTrue(Double.isNaN(f.breakEvenMonth()));
        assertTrue(!c.isPaysBack());
    }

    @Test
    void cloudSlicesAreBoughtAsWholeNodes() {
        Fleet f = candidate("h100-sxm-80g", 16, 1, site -> {}).fleet();
        assertEquals("hgx-h100-8gpu", f.server().id());
        assertEquals(2, f.nodes());
        assertEquals(20.4, f.fleetPowerKw(), 1e-9);
    }

    @Test
    void withoutAPurchasePriceOwnershipIsUnknownNotFree() {
        Candidate c = candidate("h100-sxm-80g", 8, 8, site -> {});
        assertTrue(Double.isNaN(c.getPurchaseUsd()));
        assertTrue(Double.isNaN(c.getOwnedUsdPerMonth()));
        assertTrue(Double.isNaN(c.getBreakEvenMonth()));
        assertTrue(!c.isOwnershipPriced());
        assertTrue(c.getPurchaseBasis().startsWith("no purchase price for H100 SXM 80GB"), c.getPurchaseBasis());
    }

    @Test
    void aGpuQuoteBuysEveryGpuOfTheNodeAndSaysTheHostIsNotIncluded() {
        Fleet f = candidate("h100-sxm-80g", 2, 2, site -> site.quote("h100-sxm-80g", 25_000)).fleet();
        assertEquals(200_000, f.purchaseUsd());
        assertTrue(f.purchaseBasis().contains("GPUs only"), f.purchaseBasis());
    }

    @Test
    void aWorkstationWithoutPublishedPowerIsGpusPlusTheAssumedHost() {
        Fleet f = candidate("rtx-4090", 2, 2, site -> {}).fleet();
        assertTrue(!f.isNodePowerSourced());
        // 2 x 450 W + 1,100 W assumed host; 2 x the $1,599 launch MSRP
        assertEquals(2.0, f.nodePowerKw(), 1e-9);
        assertEquals(3_198, f.purchaseUsd());
    }

    @Test
    void racksFollowTheSitesLimitElseTheDefaultForItsCooling() {
        Candidate twoNodes = candidate("h100-sxm-80g", 16, 8, site -> site.maxRackKw(25));
        assertEquals(2, twoNodes.fleet().nodesPerRack());
        assertEquals(1, twoNodes.getRacksNeeded());
        Candidate byDefault = candidate("h100-sxm-80g", 16, 8, site -> {});
        // 15 kW air-cooled racks by default: one DGX each
        assertEquals(15, byDefault.getRackKw());
        assertEquals(2, byDefault.getRacksNeeded());
        Candidate nvl72 = candidate("gb200-per-gpu-186g", 4, 4, site -> {});
        assertEquals("liquid", nvl72.getCooling());
        assertEquals(120, nvl72.getRackKw());
        assertEquals(1, nvl72.getRacksNeeded());
        assertEquals(72, nvl72.fleet().networkPorts());
    }

    @Test
    void statedTermsWinOverTheCatalogsDefaults() {
        Candidate c = candidate("h100-sxm-80g", 8, 8, site -> site.years(4).pue(1.2));
        var terms = c.getConstraints().terms();
        assertEquals(48, terms.months());
        assertEquals(1.2, terms.values().pue());
        assertEquals(0.12, terms.values().usdPerKwh());
        assertEquals(java.util.Set.of("years", "pue"), terms.stated());
    }

    /**
     * Llama 3 70B at 3 RAG requests/s on 8 H100s of TP=2 split 3P1D: 3 prefill workers on HGX H100 (6 GPUs), 1 decode worker
     * of TP=2 on {@code decodeGpu}'s server (2 GPUs). Also ArchitectureLabelTest's fixture.
     */
    public static Candidate split(String decodeGpu, Consumer<dev.infera.workload.FacilityAndProcurement> site) {
        ScenarioBuilder b = new ScenarioBuilder().model("llama-3-70b").kind("rag").context(8192).requestsPerS(3.0).deployment("any");
        site.accept(b.site());
        Scenario s = Costing.resolve(b.build(), CATALOG);
        Deployment colocated = new DeploymentSpec("llama-3-70b", "hgx-h100-8gpu", 8, 2, 1, "fp8", null, "vllm", 1, 7936, 256).resolve(CATALOG);
        Deployment p = colocated.withReplicas(3);
        Deployment q = new DeploymentSpec("llama-3-70b", decodeGpu, 2, 2, 1, "fp8", null, "vllm", 1, 7936, 256).resolve(CATALOG);
        var d = new dev.infera.physics.DisaggregatedDeployment(p, q, dev.infera.physics.DisaggregatedDeployment.defaultLink(p, q));
        var e = new dev.infera.physics.DisaggregatedEstimator(ESTIMATOR).atRate(d, 3.0, CATALOG.price(p.gpu()).orElse(null), CATALOG.price(q.gpu()).orElse(null));
        Candidate c = new Candidate(1, colocated, ESTIMATOR.estimate(colocated, null), null, new dev.infera.physics.DisaggregatedEstimator.DisaggregatedEstimateOf(d, e));
        c.judgeIn(s.workload(), s.constraints(), null, true);
        return c;
    }

    @Test
    void aHeterogeneousSplitBuysEachPoolsServers() {
        // 3 prefill workers of TP=2 on HGX H100 (6 GPUs: one board), 1 decode worker of TP=2 on HGX H200 (2 GPUs: one board).
        Candidate c = split("hgx-h200-8gpu", site -> site.quote("hgx-h100-8gpu", 250_000).quote("hgx-h200-8gpu", 300_000));
        Fleet f = c.fleet();
        assertEquals(2, f.pools().size());
        assertEquals("hgx-h100-8gpu", f.pools().get(0).server().id());
        assertEquals("hgx-h200-8gpu", f.pools().get(1).server().id());
        assertEquals(2, f.nodes());
        assertEquals(16, f.gpusBought());
        assertEquals(8, f.gpusUsed());
        assertEquals(250_000 + 300_000, f.purchaseUsd());
        assertEquals(f.pools().get(0).nodePowerW() / 1000 + f.pools().get(1).nodePowerW() / 1000, f.fleetPowerKw(), 1e-9);
        assertEquals("1x hgx-h100-8gpu + 1x hgx-h200-8gpu", f.nodesBought("x ", false));
        // Rented at the split's own price (both pools' GPUs), and its tokens are the split's.
        assertEquals(c.split().estimate().usdPerHour() * f.terms().hoursPerMonth(), f.rentedUsdPerMonth(), 1e-6);
        assertEquals(c.split().estimate().outputTokensPerS(), c.getThroughput(), 1e-9);
    }

    @Test
    void aMixedSplitsGpuPowerCountsEachPoolsOwnGpu() {
        // 6 H100 (700 W) prefill + 2 B200 (1000 W) decode: 6,200 W, not 8 x 700 W of the prefill GPU.
        Candidate c = split("hgx-b200-8gpu", site -> {});
        var h100 = CATALOG.gpu("h100-sxm-80g");
        var b200 = CATALOG.gpu("b200-sxm-180g");
        assertTrue(!h100.tdpW().equals(b200.tdpW()));
        assertEquals(6 * h100.tdpW() + 2 * b200.tdpW(), c.getPowerW(), 1e-9);
    }

    @Test
    void aSplitOnOneServerTypeSharesItsNodes() {
        // 3 x TP=2 prefill and 1 x TP=2 decode on HGX H100: 8 GPUs, one board, as the colocated replicas would buy.
        Fleet f = split("hgx-h100-8gpu", site -> site.quote("hgx-h100-8gpu", 250_000)).fleet();
        assertEquals(1, f.pools().size());
        assertEquals(1, f.nodes());
        assertEquals(8, f.gpusUsed());
        assertEquals(250_000, f.purchaseUsd());
    }
}
