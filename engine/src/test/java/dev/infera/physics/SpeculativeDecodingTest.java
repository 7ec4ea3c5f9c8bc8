package dev.infera.physics;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.Speculator;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Speculative decoding through the estimator: verification reads the weights once and computes k + 1 tokens per
 * sequence, so it pays at small batch and stops paying where the batch makes decode compute-bound.
 */
class SpeculativeDecodingTest {
    private final Catalog catalog = TestCatalog.shipped();
    private final Estimator estimator = new Estimator(catalog.assumptions());

    private Deployment deployment(String model, String gpu, int tp, String weights, String engine, int batch, int prompt, int output) {
        return new DeploymentSpec(model, gpu, tp, tp, 1, weights, null, engine, batch, prompt, output).resolve(catalog);
    }

    private Estimate speculating(Deployment d, String speculator) {
        return estimator.estimate(d.withSpeculator(catalog.speculator(d.model(), speculator)), null);
    }

    @Test
    void atBatchOneTheVerificationCostsWhatThePlainStepDoesAndTheStepPerTokenIsTheCycleOverItsTokens() {
        Deployment d = deployment("llama-3.1-8b", "h100-sxm-80g", 1, "bf16", "sglang", 1, 512, 512);
        Estimate plain = estimator.estimate(d, null);
        Estimate with = speculating(d, "eagle");
        SpeculativeStep s = with.speculation();
        assertNull(plain.speculation());
        assertEquals(plain.stepMs(), s.stepMsWithout(), 1e-9, "the plain step at this batch");
        assertEquals(plain.stepMs(), s.verificationMs(), 0.01 * plain.stepMs(), "memory-bound: 4 tokens read the weights once");
        assertEquals(2.952, s.tokensPerVerification(), 1e-9);
        assertEquals((s.verificationMs() + 3 * s.draftStepMs()) / 2.952, with.stepMs(), 1e-9);
        assertEquals(plain.stepMs() / with.stepMs(), s.speedup(), 1e-9);
        assertTrue(with.tpotMs() < plain.tpotMs() / 2);
        // The EAGLE-3 head: 0.425 B params at 16 bits = 0.85 GB, and one layer of KV (2 x 8 heads x 128 x 2 B = 4 KiB a token).
        assertEquals(0.85, s.draftWeightsGb(), 1e-9);
        assertEquals(4096 * with.kvTokensPerSequence() / 1e9, s.draftKvGb(), 1e-12);
        assertEquals(plain.memoryGb() + 0.85 + s.draftKvGb(), with.memoryGb(), 1e-9);
    }

    @Test
    void theSpeedupFallsWithTheBatchAndTurnsIntoASlowdownPastTheCrossover() {
        // Llama-3.3-70B on 4 H100 with short prompts (256 + 256 tokens): weight reads dominate the plain step at small
        // batch; the verification's 4 tokens per sequence make it compute-bound four times sooner.
        double last = Double.MAX_VALUE;
        int crossover = 0;
        for (int batch = 1; batch <= 512; batch *= 2) {
            SpeculativeStep s = speculating(deployment("llama-3.3-70b", "h100-sxm-80g", 4, "bf16", "vllm", batch, 256, 256), "eagle").speculation();
            assertTrue(s.speedup() <= last + 1e-9, "batch " + batch + ": " + s.speedup() + " after " + last);
            last = s.speedup();
            crossover = s.crossoverBatch();
            assertEquals(s.pays(), batch < crossover, "batch " + batch + " against the crossover " + crossover);
        }
        assertTrue(last < 1, "at batch 512 it costs more than it saves: " + last);
        assertTrue(crossover > 32 && crossover < 512, "crossover " + crossover);
    }

    @Test
    void aDraftModelIsACatalogModelSharingTheVocabularyWithTheDraftDefaults() {
        Speculator draft = catalog.speculator(catalog.model("llama-3.3-70b"), "llama-3.2-1b");
        assertEquals(Speculator.Kind.DRAFT, draft.kind());
        assertEquals(5, draft.draftTokens());
        assertEquals(0.6, draft.acceptance(), 0);
        Estimate e = speculating(deployment("llama-3.3-70b", "h100-sxm-80g", 4, "bf16", "vllm", 1, 256, 256), "llama-3.2-1b");
        // 1.236 B params x 2 B / 4 GPUs
        assertEquals(1.236 * 2 / 4, e.speculation().draftWeightsGb(), 1e-9);
        assertTrue(e.speculation().pays());
    }

    @Test
    void anEngineWithoutTheSpeculatorOrPipelineStagesCannotRunIt() {
        Deployment cpp = deployment("llama-3.1-8b", "h100-sxm-80g", 1, "fp16", "llama.cpp", 1, 512, 512);
        Speculator draft = catalog.speculator(cpp.model(), "llama-3.2-1b");
        assertTrue(Unsupported.of(cpp.withSpeculator(draft)).message().contains("does not serve draft speculators"));
        Deployment staged = new DeploymentSpec("llama-3.3-70b", "h100-sxm-80g", 2, 1, 2, "bf16", null, "vllm", 1, 256, 256).resolve(catalog);
        assertTrue(Unsupported.of(staged.withSpeculator(catalog.speculator(staged.model(), "eagle"))).message().contains("pipeline"));
    }

    @Test
    void anMtpModuleKeepsTheTargetsExpertsInItsOneLayer() {
        Speculator mtp = catalog.speculator(catalog.model("deepseek-v3"), "mtp");
        assertEquals(1, mtp.shape().layers());
        assertNotNull(mtp.shape().moe());
        assertEquals(0, mtp.shape().moe().firstDenseLayers());
        assertEquals(1, mtp.draftTokens());
        // One MLA layer of KV: (512 + 64) elements a token.
        assertEquals(576, Memory.kvBytesPerToken(mtp.shape(), 1), 0);
    }
}
