package dev.infera.sim;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;
import dev.infera.physics.Speculation;
import dev.infera.physics.StepTime;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Speculative decoding in the replica simulation: tokens per verification, the step's cost, and the closed form at batch 1. */
class SpeculativeSimulationTest {
    private static final double PREFILL_S = 1.0;
    private static final double PLAIN_S = 0.1;
    private static final double VERIFY_S = 0.25;

    /** Fixed step times: a step with a prefill chunk 1 s, a plain decode step 0.1 s, a speculating one 0.25 s. */
    private static StepCost fixed(int k, double a) {
        return fixed(k, a, PLAIN_S);
    }

    /** Fixed step times with a plain decode step of {@code plainSeconds}; k = 0: a replica that does not speculate. */
    static StepCost fixed(int k, double a, double plainSeconds) {
        return new StepCost() {
            @Override
            public double stepSeconds(int decodes, double context, int prefillTokens, double prefillFlops) {
                return prefillTokens > 0 ? PREFILL_S : plainSeconds;
            }

            @Override
            public double prefillChunkFlops(double prior, int chunk) {
                return chunk;
            }

            @Override
            public int draftTokens() {
                return k;
            }

            @Override
            public double acceptance() {
                return a;
            }

            @Override
            public double speculativeStepSeconds(int decodes, double context, int prefillTokens, double prefillFlops) {
                return prefillTokens > 0 ? PREFILL_S : VERIFY_S;
            }
        };
    }

    private static final SchedulerLimits ROOMY = new SchedulerLimits(1_000_000, 16, 4096, 256);

    private static SimResult alone(StepCost cost, int prompt, int output) {
        return ReplicaSimulation.run(cost, ROOMY, new Load(new Arrivals.AllAtOnce(), new Lengths.Fixed(prompt, output), 1, false, 42), Sla.NONE);
    }

    @Test
    void theDrawnAcceptancesHaveTheFormulasMean() {
        // 200,000 draws of 1 + accepted, sd at most k / 2 = 2: the mean's standard error is under 0.005; 0.02 is 4 of them.
        SplittableRandom random = Drafts.stream(1);
        for (double a : new double[] {0.3, 0.7, 0.9}) {
            int n = 200_000;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += 1 + Drafts.accepted(random, 4, a);
            }
            assertEquals(Speculation.expectedTokensPerVerification(a, 4), sum / n, 0.02, "a = " + a);
        }
    }

    @Test
    void aLongRunsTokensPerVerificationMatchTheFormula() {
        // One request of 30,001 tokens: 30,000 after its prefill, over about 10,000 verifications at k = 3, a = 0.8; each yields
        // 1 to 4 tokens (sd about 1.2), so the mean's standard error is about 0.012: held to 0.04.
        int output = 30_001;
        SimResult r = alone(fixed(3, 0.8), 100, output);
        double verifications = r.steps() - 1;
        assertEquals(Speculation.expectedTokensPerVerification(0.8, 3), (output - 1) / verifications, 0.04);
        assertEquals((output - 1) / verifications, r.tokensPerVerification(), 1e-12);
        // Each verification costs the speculating step: end to end = prefill + verifications x 0.25 s.
        assertEquals((PREFILL_S + verifications * VERIFY_S) * 1000, r.e2eMs().mean(), 1e-6);
    }

    @Test
    void smallCasesByHand() {
        // a = 0: no draft is ever accepted, each verification yields the verifier's one token: 1 s + 7 x 0.25 s for 8 tokens.
        SimResult none = alone(fixed(3, 0), 10, 8);
        assertEquals(1000 + 7 * 250, none.e2eMs().mean(), 1e-9);
        assertEquals(8, none.steps());
        // a = 1 - 1e-9: every draft is accepted (a rejection in this run has odds of about 1e-8), k = 3 gives 4 tokens per
        // verification: 9 tokens = 1 (prefill) + 4 + 4, two verifications, TPOT = 2 x 250 ms / 8 gaps.
        SimResult all = alone(fixed(3, 1 - 1e-9), 10, 9);
        assertEquals(3, all.steps());
        assertEquals(1000 + 2 * 250, all.e2eMs().mean(), 1e-9);
        assertEquals(2 * 250 / 8.0, all.tpotMs().mean(), 1e-9);
        // 8 tokens: 1 + 4, then only 3 are left to yield: still two verifications, no token past the output.
        SimResult capped = alone(fixed(3, 1 - 1e-9), 10, 8);
        assertEquals(3, capped.steps());
        assertEquals(1000 + 2 * 250, capped.e2eMs().mean(), 1e-9);
    }

    @Test
    void theSameSeedGivesTheSameRunAndTheSpeculatorLeavesTheArrivalsAlone() {
        Load load = new Load(new Arrivals.Poisson(0.5), new Lengths.Uniform(50, 200, 20, 80), 200, true, 7);
        SimResult a = ReplicaSimulation.run(fixed(4, 0.7), ROOMY, load, Sla.NONE);
        assertEquals(a, ReplicaSimulation.run(fixed(4, 0.7), ROOMY, load, Sla.NONE));
        // k = 1 at a = 0 yields one token per verification, as a plain step does: the run is a plain replica's whose decode
        // step lasts the verification's 0.25 s, so the acceptances' stream left the arrivals and lengths as they were.
        SimResult oneByOne = ReplicaSimulation.run(fixed(1, 0), ROOMY, load, Sla.NONE);
        SimResult slowPlain = ReplicaSimulation.run(fixed(0, 0, VERIFY_S), ROOMY, load, Sla.NONE);
        assertEquals(slowPlain.ttftMs(), oneByOne.ttftMs());
        assertEquals(slowPlain.tpotMs(), oneByOne.tpotMs());
        assertEquals(slowPlain.e2eMs(), oneByOne.e2eMs());
        assertEquals(slowPlain.steps(), oneByOne.steps());
        assertEquals(oneByOne.verifications(), oneByOne.verifiedTokens());
        assertTrue(oneByOne.e2eMs().mean() > ReplicaSimulation.run(fixed(0, 0), ROOMY, load, Sla.NONE).e2eMs().mean());
    }

    @Test
    void aLoneSpeculatingRequestOnTheRooflineHasTheClosedFormsTimePerToken() {
        Catalog catalog = TestCatalog.shipped();
        Estimator estimator = new Estimator(catalog.assumptions());
        Deployment base = new DeploymentSpec("llama-3.1-8b", "h100-sxm-80g", 1, 1, 1, "fp16", null, "vllm", 1, 1000, 2000).resolve(catalog);
        Deployment d = base.withSpeculator(catalog.speculator(base.model(), "eagle"));
        StepTime physics = StepTime.of(d, estimator);
        SimResult r = ReplicaSimulation.run(StepCost.of(physics), SchedulerLimits.of(physics, 16, 4096, 256),
                new Load(new Arrivals.AllAtOnce(), new Lengths.Fixed(1000, 2000), 1, false, 42), Sla.NONE);
        Estimate e = estimator.estimate(d, null);
        // The closed form's time per token is the cycle at the mean context / E[tokens]; the simulation draws the tokens and
        // steps at the growing context: about 1,999 / 2.8 = 700 verifications, each 1 to k + 1 tokens, so the realised mean
        // is within about 2 % of E[tokens] (3 standard errors); 4 % holds both that and the context's curvature.
        assertEquals(e.stepMs(), r.tpotMs().mean(), e.stepMs() * 0.04);
        assertTrue(e.speculation().speedup() > 1.2, "eagle pays at batch 1: " + e.speculation().speedup());
        assertTrue(physics.kvCapacityTokens() < StepTime.of(base, estimator).kvCapacityTokens(), "the speculator's weights and KV take room");
    }
}
