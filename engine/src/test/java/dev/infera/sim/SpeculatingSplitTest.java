package dev.infera.sim;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.DisaggregatedDeployment;
import dev.infera.physics.DisaggregatedEstimate;
import dev.infera.physics.DisaggregatedEstimator;
import dev.infera.physics.Estimator;
import dev.infera.physics.StepTime;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A speculator with a split (#16): the decode pool drafts and verifies as a speculating replica does, the prefill pool drafts
 * nothing. By hand with fixed costs, and Llama 3.1 8B BF16 on one HGX H100 with its EAGLE-3 head (k = 3, a = 0.8) under SGLang.
 */
class SpeculatingSplitTest {
    private final Catalog catalog = TestCatalog.shipped();
    private final Estimator estimator = new Estimator(catalog.assumptions());

    /** A prefill 1 s, a transfer 0.2 s, a decode step 10 ms at any batch, k = 3 drafts each accepted with {@code acceptance}. */
    private static DisaggregatedSimulation.Pools drafting(double acceptance) {
        return new DisaggregatedSimulation.Pools() {
            @Override public int prefillWorkers() { return 1; }
            @Override public int decodeWorkers() { return 1; }
            @Override public double prefillSeconds(int promptTokens) { return 1.0; }
            @Override public double transferSeconds(int promptTokens) { return 0.2; }
            @Override public double decodeStepSeconds(int batch, double meanContext) { return 0.010; }
            @Override public double prefillKvTokens() { return 1e6; }
            @Override public SchedulerLimits decodeLimits() { return new SchedulerLimits(1000, 16, 4096, 256, true); }
            @Override public int draftTokens() { return 3; }
            @Override public double acceptance() { return acceptance; }
        };
    }

    @Test
    void byHandEachVerificationAdvancesASequenceByItsTokenAndTheDraftsAccepted() {
        // One request of 401 tokens: the first after prefill + transfer (1.2 s), then 400 tokens. Every draft accepted
        // (a = 1 - 1e-12): 4 tokens a step, 100 steps of 10 ms, TPOT 1,000 ms / 400 = 2.5 ms. Every draft rejected (a = 0):
        // one token a step, 400 steps, TPOT 10 ms.
        Load one = new Load(new Arrivals.AllAtOnce(), new Lengths.Fixed(100, 401), 1, false, 1);
        SimResult all = DisaggregatedSimulation.run(drafting(1 - 1e-12), one, LoadSpec.atRate(Double.POSITIVE_INFINITY, 1), Sla.NONE).split();
        assertEquals(1200, all.ttftMs().mean(), 1e-9, "the prefill pool drafts nothing");
        assertEquals(100, all.steps());
        assertEquals(2.5, all.tpotMs().mean(), 1e-9);
        SimResult none = DisaggregatedSimulation.run(drafting(0), one, LoadSpec.atRate(Double.POSITIVE_INFINITY, 1), Sla.NONE).split();
        assertEquals(400, none.steps());
        assertEquals(10, none.tpotMs().mean(), 1e-9);
        // The last verification yields no more than the output has left: 402 tokens = 1 + 401, 100 steps of 4 then one of 1.
        Load odd = new Load(new Arrivals.AllAtOnce(), new Lengths.Fixed(100, 402), 1, false, 1);
        assertEquals(101, DisaggregatedSimulation.run(drafting(1 - 1e-12), odd, LoadSpec.atRate(Double.POSITIVE_INFINITY, 1), Sla.NONE).split().steps());
    }

    private Deployment worker() {
        return new DeploymentSpec("llama-3.1-8b", "hgx-h100-8gpu", 1, 1, 1, "bf16", null, "sglang", 1, 2000, 512).resolve(catalog);
    }

    @Test
    void theDecodePoolSpeculatesAndThePrefillPoolDoesNot() {
        Deployment plain = worker();
        Deployment eagle = plain.withSpeculator(catalog.speculator(plain.model(), "eagle"));
        DisaggregatedDeployment split = DisaggregatedDeployment.of(eagle, eagle);
        assertNull(split.prefill().speculator(), "the prefill pool makes one token per request: no speculator");
        assertEquals(eagle.speculator(), split.decode().speculator());
        DisaggregatedEstimator splits = new DisaggregatedEstimator(estimator);
        DisaggregatedEstimate with = splits.atRate(split, 0.02, null, null);
        DisaggregatedEstimate without = splits.atRate(DisaggregatedDeployment.of(plain, plain), 0.02, null, null);
        assertEquals(without.prefillMs(), with.prefillMs(), 0, "the same prefill");
        assertEquals(without.prefill().memoryGb(), with.prefill().memoryGb(), 0, "no draft weights in the prefill pool");
        assertTrue(with.decode().memoryGb() > without.decode().memoryGb(), "the head's weights in the decode pool");

        // Hand-computed: tokens per verification (1 - 0.8^4) / (1 - 0.8) = 2.952; TPOT = (verification + 3 x draft step) / 2.952.
        var spec = with.decode().speculation();
        assertEquals(3, spec.speculator().draftTokens());
        assertEquals(0.8, spec.speculator().acceptance(), 0);
        assertEquals(2.952, spec.tokensPerVerification(), 1e-12);
        assertEquals((spec.verificationMs() + 3 * spec.draftStepMs()) / 2.952, with.tpotMs(), 1e-9);
        assertTrue(with.tpotMs() < 0.5 * without.tpotMs(), "at batch 1 the head pays: " + with.tpotMs() + " against " + without.tpotMs() + " ms");

        // Simulated at a request every 50 s (each decodes alone): the mean TPOT is the speculating step at batch 1 over the
        // expected 2.952 tokens (the context grows from 2,000 to 2,512 tokens: within 2 %), and the TTFT is the plain split's.
        LoadSpec low = LoadSpec.atRate(0.02, null);
        SimResult sim = DisaggregatedSimulation.run(split, estimator, low, Sla.NONE).split();
        double cycleMs = StepTime.of(split.decode(), estimator).speculativeStepSeconds(1, 2256, 0, 0) * 1000;
        assertEquals(cycleMs / 2.952, sim.tpotMs().mean(), 0.02 * cycleMs / 2.952);
        assertEquals(DisaggregatedSimulation.run(DisaggregatedDeployment.of(plain, plain), estimator, low, Sla.NONE).split().ttftMs().p50(),
                sim.ttftMs().p50(), 1e-9);
    }
}
