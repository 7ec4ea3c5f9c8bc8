package dev.infera.sim;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimator;
import dev.infera.physics.StepTime;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission that reserves a request's whole sequence (TensorRT-LLM's GUARANTEED_NO_EVICT), against cases computed by hand:
 * prompt 1792 + output 256 = 2048 tokens = 128 blocks of 16, where the paged admission takes 112 for the prompt.
 */
class WholeSequenceAdmissionTest {
    private static final int PROMPT = 1792;
    private static final int OUTPUT = 256;
    private static final long WHOLE_BLOCKS = (PROMPT + OUTPUT) / 16;
    private final Catalog catalog = TestCatalog.shipped();
    private final Estimator estimator = new Estimator(catalog.assumptions());
    private final Deployment h100 = new DeploymentSpec("llama-3-8b", "h100-sxm-80g", 1, 1, 1, "fp8", null, "vllm", 1, PROMPT, OUTPUT).resolve(catalog);
    private final StepTime physics = StepTime.of(h100, estimator);
    private final StepCost cost = StepCost.of(physics);
    private final Lengths fixed = new Lengths.Fixed(PROMPT, OUTPUT);
    // Two whole sequences (256 blocks) and 100 more: three prompts fit (336), three whole sequences (384) do not.
    private static final long TWO_AND_A_BIT = 2 * WHOLE_BLOCKS + 100;

    private static SchedulerLimits limits(long blocks, boolean reserves) {
        return new SchedulerLimits(blocks, 16, 4096, 256, reserves);
    }

    @Test
    void admissionTakesTheBlocksOfPromptAndOutputAndNothingMoreLater() {
        SchedulerLimits reserving = limits(TWO_AND_A_BIT, true);
        // ceil(2048 / 16) = 128 at admission, whatever the first chunk; 0 for every later chunk or decode token.
        assertEquals(128, reserving.blocksNeeded(PROMPT, PROMPT + OUTPUT, 0));
        assertEquals(128, reserving.blocksNeeded(512, PROMPT + OUTPUT, 0));
        assertEquals(0, reserving.blocksNeeded(PROMPT + 200, PROMPT + OUTPUT, 128));
        // Paged: ceil(1792 / 16) = 112 for the prompt, then one more block when the 1793rd token needs it.
        SchedulerLimits paged = limits(TWO_AND_A_BIT, false);
        assertEquals(112, paged.blocksNeeded(PROMPT, PROMPT + OUTPUT, 0));
        assertEquals(1, paged.blocksNeeded(PROMPT + 1, PROMPT + OUTPUT, 112));
        assertEquals(0, paged.blocksNeeded(PROMPT + 16, PROMPT + OUTPUT, 113));
    }

    @Test
    void theThirdRequestWaitsForTheFirstTwoToFinishAndNobodyIsPreempted() {
        Load three = new Load(new Arrivals.AllAtOnce(), fixed, 3, false, 3);
        SimResult r = ReplicaSimulation.run(cost, limits(TWO_AND_A_BIT, true), three, Sla.NONE);
        // Step 1: two prompts (2 x 1792 = 3584 of the 4096 budget); the third needs 128 blocks, 100 are free: it waits.
        double prefillTwo = cost.stepSeconds(0, 0, 2 * PROMPT, 2 * cost.prefillChunkFlops(0, PROMPT));
        // Steps 2..256: the two decode their tokens 2..256 at context 1792 + k; both finish at the end of step 256.
        double decodeTwo = 0;
        double decodeOne = 0;
        for (int k = 1; k < OUTPUT; k++) {
            decodeTwo += cost.stepSeconds(2, PROMPT + k, 0, 0);
            decodeOne += cost.stepSeconds(1, PROMPT + k, 0, 0);
        }
        // Then the third alone: its prompt in one step, its decodes alone.
        double prefillOne = cost.stepSeconds(0, 0, PROMPT, cost.prefillChunkFlops(0, PROMPT));
        double thirdTtft = prefillTwo + decodeTwo + prefillOne;
        assertEquals((2 * prefillTwo + thirdTtft) * 1000 / 3, r.ttftMs().mean(), 1e-6);
        assertEquals((2 * (prefillTwo + decodeTwo) + thirdTtft + decodeOne) * 1000 / 3, r.e2eMs().mean(), 1e-6);
        assertEquals(0, r.preemptions());
        assertEquals(3, r.completed());
        assertEquals(1 + (OUTPUT - 1) + 1 + (OUTPUT - 1), r.steps());
        // The paged scheduler admits all three prompts (3 x 112 = 336 of 356 blocks), runs out as they grow, and preempts.
        SimResult paged = ReplicaSimulation.run(cost, limits(TWO_AND_A_BIT, false), three, Sla.NONE);
        assertTrue(paged.preemptions() > 0, "paged preemptions " + paged.preemptions());
        assertEquals(3, paged.completed());
    }

    @Test
    void aCacheTooSmallForManyWholeSequencesNeverPreemptsAndServesEveryone() {
        // Room for four whole sequences of up to 3400 tokens; 60 requests of mixed lengths sent at once.
        Load load = new Load(new Arrivals.AllAtOnce(), new Lengths.Uniform(500, 3000, 50, 400), 60, false, 5);
        SimResult reserving = ReplicaSimulation.run(cost, limits(4 * 3400 / 16, true), load, Sla.NONE);
        assertEquals(0, reserving.preemptions());
        assertEquals(60, reserving.completed());
        assertEquals(0, reserving.rejected());
        // The same load on the paged scheduler thrashes by recompute: the policy is what changed.
        assertTrue(ReplicaSimulation.run(cost, limits(4 * 3400 / 16, false), load, Sla.NONE).preemptions() > 0);
    }

    @Test
    void aRequestWhoseWholeSequenceExceedsTheCacheIsRejectedNotLeftWaiting() {
        SimResult r = ReplicaSimulation.run(cost, limits(WHOLE_BLOCKS - 1, true), new Load(new Arrivals.AllAtOnce(), fixed, 2, false, 3), Sla.NONE);
        assertEquals(2, r.rejected());
        assertFalse(r.slaMet());
    }

    @Test
    void theSameSeedGivesTheSameNumbersAndAnotherSeedOthers() {
        SchedulerLimits reserving = limits(20 * WHOLE_BLOCKS, true);
        Load load = new Load(new Arrivals.Bursty(20, 2), new Lengths.Uniform(500, 3000, 50, 400), 300, true, 11);
        SimResult a = ReplicaSimulation.run(cost, reserving, load, Sla.NONE);
        assertEquals(a, ReplicaSimulation.run(cost, reserving, load, Sla.NONE));
        assertNotEquals(a.ttftMs(), ReplicaSimulation.run(cost, reserving, new Load(load.arrivals(), load.lengths(), 300, true, 12), Sla.NONE).ttftMs());
    }

    @Test
    void theEngineProfileSetsThePolicy() {
        Deployment trtllm = new DeploymentSpec("llama-3-8b", "h100-sxm-80g", 1, 1, 1, "fp8", null, "trtllm", 1, PROMPT, OUTPUT).resolve(catalog);
        StepTime trtPhysics = StepTime.of(trtllm, estimator);
        assertTrue(Simulation.limits(trtllm, estimator, trtPhysics).reservesWholeSequence());
        assertFalse(Simulation.limits(h100, estimator, physics).reservesWholeSequence());
    }
}
