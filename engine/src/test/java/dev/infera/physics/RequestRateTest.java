package dev.infera.physics;

import dev.infera.TestRules;
import dev.infera.TestCatalog;
import dev.infera.advice.Advice;
import dev.infera.advice.Recommendation;
import dev.infera.catalog.Catalog;
import dev.infera.plan.DeploymentSpec;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A load given as a request rate: each deployment serves the concurrency Little's law gives it. */
class RequestRateTest {
    private final Catalog catalog = TestCatalog.shipped();
    private final Estimator estimator = new Estimator(catalog.assumptions());

    private Deployment h100Replicas(int replicas) {
        return new DeploymentSpec("llama-3-8b", "h100-sxm-80g", replicas, 1, 1, "fp8", null, "vllm", 1, 1792, 256).resolve(catalog);
    }

    @Test
    void theBatchInFlightIsTheRateTimesTheRequestLatency() {
        Deployment d = h100Replicas(2);
        Estimate e = estimator.estimateAtRate(d, 10, null);
        // Little's law per replica: B = (10 / 2) requests/s x (TTFT + 256 x TPOT) at that B.
        double little = 5 * (e.ttftMs() + 256 * e.tpotMs()) / 1000;
        assertEquals(little, e.batch(), 1.0);
        assertTrue(e.fits());
        assertTrue(e.outputTokensPerS() >= 10 * 256 * 0.98, e.outputTokensPerS() + " tokens/s for 2,560 needed");
    }

    @Test
    void aRateTheDeploymentCannotCarryStopsAtWhatFitsAndFallsShort() {
        Deployment d = h100Replicas(1);
        Estimate e = estimator.estimateAtRate(d, 500, null);
        assertTrue(e.fits());
        assertEquals(e.maxBatch(), e.batch());
        assertTrue(e.outputTokensPerS() < 500 * 256);
    }

    @Test
    void aRateWithoutUsersSizesEachCandidateAndKeepsThoseThatCarryIt() {
        Scenario scenario = new ScenarioBuilder().model("llama-3-8b").kind("chat").context(2048).requestsPerS(20)
                .gpus(List.of("h100-sxm-80g", "l40s-48g")).weights(List.of("fp8")).engines(List.of("vllm")).build();
        assertTrue(scenario.workload().concurrencyFromRate());
        assertFalse(new ScenarioBuilder().model("llama-3-8b").users(8).requestsPerS(20).build().workload().concurrencyFromRate());
        Advice advice = TestRules.advisor().advise(scenario);
        assertFalse(advice.ranked().isEmpty());
        double tolerance = advice.thresholds().throughputTolerance();
        for (Recommendation r : advice.ranked()) {
            // Carries the rate, or falls short by less than the estimate's error and is flagged for it.
            double throughput = r.candidate().getThroughput();
            assertTrue(throughput >= 20 * 256 * (1 - tolerance), r.candidate() + ": " + throughput);
            boolean flagged = r.findings().stream().anyMatch(f -> f.rule().startsWith("A throughput short of the need by less than the estimate's error"));
            assertEquals(throughput < 20 * 256, flagged, r.candidate() + ": " + throughput);
        }
        assertTrue(advice.rejected().stream().anyMatch(r -> r.reasons().get(0).rule().equals("The deployment must sustain the required throughput")));
    }
}
