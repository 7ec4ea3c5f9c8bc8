package dev.infera.sim;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimator;
import dev.infera.physics.StepTime;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * SGLang's admission by predicted output (new_token_ratio, {@link OutputEstimate}) against cases computed by hand: three
 * requests of 1000 prompt + 1000 output tokens sent at once to a replica of 6000 KV tokens (blocks of 1 token, SGLang's
 * page size), 4096 tokens per step.
 */
class PredictedOutputAdmissionTest {
    private static final int PROMPT = 1000;
    private static final int OUTPUT = 1000;
    private final Catalog catalog = TestCatalog.shipped();
    private final Estimator estimator = new Estimator(catalog.assumptions());
    private final Deployment h100 = new DeploymentSpec("llama-3-8b", "h100-sxm-80g", 1, 1, 1, "fp8", null, "sglang", 1, PROMPT, OUTPUT).resolve(catalog);
    private final StepCost cost = StepCost.of(StepTime.of(h100, estimator));
    private final Load three = new Load(new Arrivals.AllAtOnce(), new Lengths.Fixed(PROMPT, OUTPUT), 3, false, 3);

    private static SchedulerLimits limits(OutputEstimate estimate) {
        return new SchedulerLimits(6000, 1, 4096, 256, false, estimate);
    }

    @Test
    void theRatioStartsAtSglangsDefaultsDecaysAndIsResetAfterARetraction() {
        OutputEstimate e = OutputEstimate.SGLANG;
        assertEquals(0.7, e.initialRatio());
        assertEquals(0.098, e.minRatio(), 1e-12);
        // (0.7 - 0.098) / 600 = 0.0010033 per decode step; 600 steps reach the floor and stay there.
        assertEquals(0.602 / 600, e.decayPerStep(), 1e-12);
        assertEquals(0.7 - 0.602 / 600, e.decayed(0.7), 1e-12);
        assertEquals(0.098, e.decayed(0.0985), 1e-12);
        // After a retraction: (decoded 300 + 20 x 2) / (outputs 2000 + 1) = 0.16992; never above 1.
        assertEquals(340.0 / 2001, e.afterRetraction(300, 2000, 2), 1e-12);
        assertEquals(1.0, e.afterRetraction(1990, 2000, 2));
        assertEquals(4096, e.clipped(10_000));
        assertEquals(0, e.clipped(-3));
    }

    /**
     * Step 1: the first two are charged 1000 + 1000 each; the third's 2000 >= 6000 - 4000, so it waits (the paged scheduler
     * admits it: its 1000 prompt tokens fit). Step 2: the two running got their second token's KV (free 4000 - 2 = 3998) and
     * are predicted 0.7 x 999 tokens each (ratio still 0.7: step 1 decoded nothing), and 2000 < 3998 - 1398.6 = 2599.4: the
     * third is admitted and prefills beside their two decodes. Its TTFT = step 1 + step 2; theirs = step 1.
     */
    @Test
    void theThirdRequestWaitsOneStepForThePredictedOutputOfTheFirstTwo() {
        double stepOne = cost.stepSeconds(0, 0, 2 * PROMPT, 2 * cost.prefillChunkFlops(0, PROMPT));
        double stepTwo = cost.stepSeconds(2, PROMPT + 1, PROMPT, cost.prefillChunkFlops(0, PROMPT));
        SimResult predicted = ReplicaSimulation.run(cost, limits(OutputEstimate.SGLANG), three, Sla.NONE);
        assertEquals((3 * stepOne + stepTwo) * 1000 / 3, predicted.ttftMs().mean(), 1e-6);
        assertEquals(0, predicted.preemptions());
        assertEquals(3, predicted.completed());

        double allThree = cost.stepSeconds(0, 0, 3 * PROMPT, 3 * cost.prefillChunkFlops(0, PROMPT));
        SimResult paged = ReplicaSimulation.run(cost, limits(null), three, Sla.NONE);
        assertEquals(allThree * 1000, paged.ttftMs().mean(), 1e-6);
    }

    @Test
    void sglangsProfileAdmitsByPredictedOutputAndVllmsDoesNot() {
        StepTime physics = StepTime.of(h100, estimator);
        assertEquals(OutputEstimate.SGLANG, Simulation.limits(h100, estimator, physics).outputEstimate());
        Deployment vllm = new DeploymentSpec("llama-3-8b", "h100-sxm-80g", 1, 1, 1, "fp8", null, "vllm", 1, PROMPT, OUTPUT).resolve(catalog);
        assertNull(Simulation.limits(vllm, estimator, StepTime.of(vllm, estimator)).outputEstimate());
    }
}
