package dev.infera.physics;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scheduler's step times are the Estimator's physics, evaluated per step. */
class StepTimeTest {
    private final Catalog catalog = TestCatalog.shipped();
    private final Estimator estimator = new Estimator(catalog.assumptions());

    private Deployment deployment(String model, String gpu, int tp, int pp, String weights, String engine, int batch) {
        return new DeploymentSpec(model, gpu, tp * pp, tp, pp, weights, null, engine, batch, 1792, 256).resolve(catalog);
    }

    @ParameterizedTest(name = "{0} on {1} TP={2} PP={3} {4} {5} batch {6}")
    @CsvSource({
            "llama-3-8b, h100-sxm-80g, 1, 1, fp8, vllm, 1",
            "llama-3-8b, h100-sxm-80g, 1, 1, fp8, vllm, 64",
            "llama-3-70b, a100-sxm-80g, 2, 1, fp16, vllm, 16",
            "llama-3-70b, h100-sxm-80g, 2, 2, fp8, vllm, 8",
            "mixtral-8x7b, h100-sxm-80g, 2, 1, fp8, sglang, 32"})
    void aDecodeOnlyStepIsTheEstimatorsDecodeStepAndALonePromptItsTtftAlone(String model, String gpu, int tp, int pp, String weights,
                                                                             String engine, int batch) {
        Deployment d = deployment(model, gpu, tp, pp, weights, engine, batch);
        Estimate e = estimator.estimate(d, null);
        StepTime steps = StepTime.of(d, estimator);
        assertEquals(e.stepMs(), steps.decodeStepSeconds(batch, d.averageDecodeContextTokens()) * 1000, e.stepMs() * 1e-9);
        // A prompt alone: dense weights are read once either way; MoE prompts touch nearly every expert.
        assertEquals(e.ttftAloneMs(), steps.prefillSeconds(d.inputTokens()) * 1000, e.ttftAloneMs() * 1e-3);
    }

    @Test
    void anAttentionMbuOfItsOwnSlowsOnlyTheKvReadAndALayerOverheadIsPaidOncePerLayerPerStep() {
        Deployment plain = deployment("llama-3-8b", "h100-sxm-80g", 1, 1, "fp8", "vllm", 64);
        var eff = plain.engine().efficiency().with(0.8, null, null, 1.0, null).withAttentionMbu(0.4).withLayerOverheadUs(30);
        Deployment d = plain.withEngine(plain.engine().calibratedWith(eff, java.util.Map.of(), "test"));
        Estimate e = estimator.estimate(d, null);
        DecodeStep step = e.step();
        double bandwidth = d.gpu().memoryBandwidthGbs() * 1e9;
        assertTrue(step.stageKvBytes() > 0 && step.stageKvBytes() < step.stageBytes());
        assertEquals((step.stageBytes() - step.stageKvBytes()) / (bandwidth * 0.8) + step.stageKvBytes() / (bandwidth * 0.4),
                step.memorySeconds(), 1e-12);
        // 1.0 ms + 32 layers x 30 us.
        assertEquals(1.0 + 32 * 0.030, e.stepOverheadMs(), 1e-9);
        // The scheduler's steps are the same physics.
        assertEquals(e.stepMs(), StepTime.of(d, estimator).decodeStepSeconds(64, d.averageDecodeContextTokens()) * 1000, e.stepMs() * 1e-9);
        assertEquals(0.8, plain.engine().efficiency().with(0.8, null, null, null, null).kvReadMbu(), "unset: the weights' MBU");
    }

    @Test
    void aStepCarryingPromptTokensPaysTheLaunchesOfItsLayersAndADecodeOnlyStepDoesNot() {
        Deployment plain = deployment("llama-3-8b", "h100-sxm-80g", 1, 1, "fp8", "vllm", 64);
        var eff = plain.engine().efficiency().with(null, null, null, 1.0, null).withPrefillLayerOverheadUs(50);
        Deployment d = plain.withEngine(plain.engine().calibratedWith(eff, java.util.Map.of(), "test"));
        Estimate with = estimator.estimate(d, null);
        Estimate without = estimator.estimate(plain.withEngine(plain.engine().calibratedWith(eff.withPrefillLayerOverheadUs(0), java.util.Map.of(), "test")), null);
        // 32 layers x 50 us = 1.6 ms on the prompt's step only.
        assertEquals(1.6, with.ttftAloneMs() - without.ttftAloneMs(), 1e-9);
        assertEquals(without.stepMs(), with.stepMs(), 1e-12, "decode steps replay a CUDA graph");
        StepTime steps = StepTime.of(d, estimator);
        assertEquals(with.ttftAloneMs(), steps.prefillSeconds(d.inputTokens()) * 1000, with.ttftAloneMs() * 1e-3);
        double mixed = steps.stepSeconds(64, 1000, 512, steps.prefillChunkFlops(0, 512));
        double mixedWithout = StepTime.of(plain.withEngine(plain.engine().calibratedWith(eff.withPrefillLayerOverheadUs(0), java.util.Map.of(), "test")),
                estimator).stepSeconds(64, 1000, 512, steps.prefillChunkFlops(0, 512));
        assertEquals(1.6e-3, mixed - mixedWithout, 1e-12, "a chunk in a decode step: the step runs eagerly");
        // The closed form's batch prefill: M = ceil(64 x 1,792 / step budget) prefill steps, each launching its layers.
        int prefillSteps = with.prefillMicroBatches();
        assertEquals(prefillSteps * 1.6, with.batchPrefillMs() - without.batchPrefillMs(), 1e-9);
    }

    @Test
    void aChunkAfterCachedTokensCostsItsShareOfTheCausalAttention() {
        Deployment d = deployment("llama-3-8b", "h100-sxm-80g", 1, 1, "fp8", "vllm", 1);
        StepTime steps = StepTime.of(d, estimator);
        // Two chunks of 1024 make the FLOPs of one prompt of 2048.
        assertEquals(Roofline.prefillFlops(d.model(), 2048), steps.prefillChunkFlops(0, 1024) + steps.prefillChunkFlops(1024, 1024), 1);
        assertTrue(steps.prefillChunkFlops(1024, 1024) > steps.prefillChunkFlops(0, 1024));
    }

    @Test
    void decodeTokensRideAlongAChunkForLessThanTheirOwnStep() {
        Deployment d = deployment("llama-3-8b", "h100-sxm-80g", 1, 1, "fp8", "vllm", 1);
        StepTime steps = StepTime.of(d, estimator);
        double chunk = steps.prefillSeconds(1024);
        double mixed = steps.stepSeconds(32, 2000, 1024, steps.prefillChunkFlops(0, 1024));
        double decode = steps.decodeStepSeconds(32, 2000);
        assertTrue(mixed > chunk && mixed < chunk + decode, chunk + " + " + decode + " vs " + mixed);
    }

    @Test
    void theKvCapacityIsTheMemoryLeftAfterWeightsActivationsAndOverhead() {
        Deployment d = deployment("llama-3-8b", "h100-sxm-80g", 1, 1, "fp8", "vllm", 1);
        Estimate e = estimator.estimate(d, null);
        double kvTokens = StepTime.of(d, estimator).kvCapacityTokens();
        // The Estimator's max batch holds what a paged sequence occupies on average (whole blocks) out of the same memory.
        assertEquals(e.maxBatch(), Math.floor(kvTokens / e.kvTokensPerSequence()), 1);
    }
}
