package dev.infera.physics;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.Model;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The estimator's physics on cases the seed does not cover: MoE, MLA, sliding windows, TP > kv_heads, PP, precision support. */
class EstimatorTest {
    private final Catalog catalog = TestCatalog.shipped();
    private final Estimator estimator = new Estimator(catalog.assumptions());

    private Estimate estimate(String model, String gpu, int tp, int pp, String weights, int batch, int input, int output) {
        Deployment d = new DeploymentSpec(model, gpu, 0, tp, pp, weights, null, null, batch, input, output).resolve(catalog);
        return estimator.estimate(d, null);
    }

    @Test
    void moeDecodeReadsOnlyTheExpertsTheBatchTouches() {
        Model mixtral = catalog.model("mixtral-8x7b");
        // One token touches 2 of 8 experts; a large batch touches nearly all of them.
        assertEquals(2.0, Roofline.expertsTouched(8, 2, 1), 1e-12);
        assertEquals(8 * (1 - Math.pow(0.75, 64)), Roofline.expertsTouched(8, 2, 64), 1e-12);
        double one = Roofline.decodeWeightBytesPerStep(mixtral, 16, 1);
        double all = Memory.weightBytes(mixtral.paramsB(), 16);
        assertTrue(one < 0.4 * all, "batch 1 reads about the active parameters, not all 46.7B");
        assertEquals(all, Roofline.decodeWeightBytesPerStep(mixtral, 16, 4096), all * 1e-6);
    }

    @Test
    void mlaCachesOneLatentPerToken() {
        Model deepseek = catalog.model("deepseek-v3");
        // 61 layers x (512 latent + 64 RoPE) x 2 bytes
        assertEquals(61 * 576 * 2, Memory.kvBytesPerToken(deepseek, 2), 1e-9);
        assertEquals(1, Memory.kvShards(deepseek, 8), "the latent is replicated on every TP rank");
    }

    @Test
    void slidingWindowLayersHoldAtMostTheWindow() {
        Model mistral = catalog.model("mistral-7b-v0.1");
        double at4k = Memory.kvBytesPerSequence(mistral, 2, 4096);
        assertEquals(at4k, Memory.kvBytesPerSequence(mistral, 2, 32768), 1e-6);
        Model gemma = catalog.model("gemma-2-9b");
        double ratio = Memory.kvBytesPerSequence(gemma, 2, 32768) / Memory.kvBytesPerSequence(gemma, 2, 4096);
        assertEquals((0.5 * 32768 + 0.5 * 4096) / 4096, ratio, 1e-9, "half of Gemma-2's layers are windowed");
    }

    @Test
    void tensorParallelBeyondKvHeadsReplicatesTheCache() {
        Model qwen7b = catalog.model("qwen2.5-7b");
        assertEquals(4, qwen7b.kvHeads());
        assertEquals(2, Memory.kvShards(qwen7b, 2));
        assertEquals(4, Memory.kvShards(qwen7b, 4));
        assertEquals(4, Memory.kvShards(qwen7b, 8), "8-way TP of 4 KV heads: each head on two GPUs");
    }

    @Test
    void pipelineStagesSplitMemoryButNotSingleSequenceLatency() {
        Estimate one = estimate("llama-3-8b", "rtx-4090", 1, 1, "fp16", 1, 1024, 256);
        Estimate two = estimate("llama-3-8b", "rtx-4090", 1, 2, "fp16", 1, 1024, 256);
        assertEquals(one.weightsGb() / 2, two.weightsGb(), 1e-9);
        assertTrue(two.stepMs() >= one.stepMs(), "a token still passes every stage in turn");
    }

    @Test
    void fp8OnA100IsUnsupportedForLackOfFp8TensorCoresAndSaysWhichGpuAndPrecision() {
        Unsupported why = estimate("llama-3-8b", "a100-sxm-80g", 1, 1, "fp8", 1, 1024, 256).unsupported();
        assertEquals(Unsupported.Why.MISSING_TENSOR_CORES, why.why());
        assertTrue(why.missingTensorCores());
        assertEquals("a100-sxm-80g", why.gpu());
        assertEquals(dev.infera.catalog.Precision.FP8, why.precision());
        assertEquals("A100 SXM4 80GB has no FP8 tensor cores for fp8 (none listed in the catalog)", why.message());
    }

    @Test
    void aTensorParallelDegreeThatDoesNotDivideTheHeadsIsUnsupportedForAnotherReason() {
        // Llama 3 8B has 32 attention heads: TP=3 does not divide them, whatever the GPU computes.
        Unsupported why = estimate("llama-3-8b", "h100-sxm-80g", 3, 1, "fp16", 1, 1024, 256).unsupported();
        assertEquals(Unsupported.Why.TENSOR_PARALLEL_DOES_NOT_DIVIDE_HEADS, why.why());
        assertFalse(why.missingTensorCores());
        assertNull(why.precision());
        assertEquals("TP=3 does not divide 32 attention heads", why.message());
    }

    @Test
    void fp8IsNotSupportedOnA100ButIsOnH100() {
        Estimate a100 = estimate("llama-3-8b", "a100-sxm-80g", 1, 1, "fp8", 1, 1024, 256);
        assertFalse(a100.supported());
        assertTrue(a100.unsupportedReason().contains("FP8"), a100.unsupportedReason());
        Estimate h100 = estimate("llama-3-8b", "h100-sxm-80g", 1, 1, "fp8", 1, 1024, 256);
        assertTrue(h100.supported());
        assertNull(h100.unsupportedReason());
        assertEquals("fp8", h100.computePrecision().id());
    }

    @Test
    void weightOnlyInt4ComputesAt16BitsButReadsAQuarterOfTheBytes() {
        Estimate fp16 = estimate("llama-3-70b", "h100-sxm-80g", 2, 1, "fp16", 1, 2048, 256);
        Estimate int4 = estimate("llama-3-70b", "h100-sxm-80g", 2, 1, "int4", 1, 2048, 256);
        assertEquals("fp16", int4.computePrecision().id());
        assertEquals(fp16.peakTflops(), int4.peakTflops());
        assertEquals(4.25 / 16, int4.weightsGb() / fp16.weightsGb(), 1e-9);
        assertTrue(int4.stepMs() < 0.5 * fp16.stepMs());
    }

    @Test
    void seventyBillionAtFp16DoesNotFitOneA100ButFitsTwoWithTensorParallelism() {
        Estimate one = estimate("llama-3-70b", "a100-sxm-80g", 1, 1, "fp16", 1, 7936, 256);
        assertFalse(one.fits());
        assertTrue(one.shortfallGb() > 60, "about 145 GB against 77 GB usable");
        Estimate two = estimate("llama-3-70b", "a100-sxm-80g", 2, 1, "fp16", 1, 7936, 256);
        assertTrue(two.fits());
        assertEquals(Bottleneck.MEMORY_BANDWIDTH, two.bottleneck());
    }

    @Test
    void tensorParallelOverPcieCostsFarMoreThanOverNvlink() {
        Estimate pcie = estimate("llama-3-70b", "rtx-4090", 2, 1, "int4", 1, 2048, 256);
        Estimate nvlink = estimate("llama-3-70b", "a100-sxm-80g", 2, 1, "int4", 1, 2048, 256);
        assertTrue(pcie.decodeCommunicationMs() > 3 * nvlink.decodeCommunicationMs(),
                pcie.decodeCommunicationMs() + " ms vs " + nvlink.decodeCommunicationMs() + " ms");
    }

    @Test
    void maxBatchIsTheLargestThePagedCacheHoldsWithoutPreemption() {
        Deployment d = new DeploymentSpec("llama-3-8b", "h100-sxm-80g", 0, 1, 1, "fp16", null, null, 0, 1024, 1024).resolve(catalog);
        Estimate best = estimator.estimateAtMaxBatch(d, null);
        assertTrue(best.fits());
        assertEquals(best.maxBatch(), best.batch());
        assertEquals(0, best.preemptedSequences());
        assertEquals(1, estimator.estimate(d.withBatch(best.maxBatch() + 1), null).preemptedSequences(), "one more is preempted");
    }

    private Deployment llamaCpp(String gpu, String weights) {
        Deployment d = new DeploymentSpec("llama-3-8b", gpu, 0, 1, 1, weights, null, null, 1, 512, 1).resolve(catalog);
        return d.withEngine(catalog.engine("llama.cpp"));
    }

    @Test
    void prefillMfuSaturatesWithPromptLengthAndIsConstantWithoutAHalfLength() {
        assertEquals(0.5, Roofline.prefillMfu(0.5, 512, 0), 1e-12, "no half length: today's constant MFU");
        assertEquals(0.25, Roofline.prefillMfu(0.5, 128, 128), 1e-12, "at L = L_half, half of the maximum");
        assertEquals(0.5 * 4096 / 4224.0, Roofline.prefillMfu(0.5, 4096, 128), 1e-12);
    }

    @Test
    void fp16AccumulatingEnginesGetTwiceTheListedGeForceFp16Peak() {
        Deployment geforce = llamaCpp("rtx-4090", "fp16");
        assertTrue(geforce.engine().fp16Accumulate());
        assertEquals(2 * 165.2, estimator.estimate(geforce, null).peakTflops(), 1e-9, "GeForce lists the FP32-accumulate rate");
        Deployment workstation = llamaCpp("rtx-6000-ada", "fp16");
        assertEquals(364.25, estimator.estimate(workstation, null).peakTflops(), 1e-9, "no half-rate FP32 accumulate to undo");
        Deployment fp32Accumulate = geforce.withEngine(catalog.engine("vllm"));
        assertEquals(165.2, estimator.estimate(fp32Accumulate, null).peakTflops(), 1e-9);
    }

    @Test
    void aFormatMultiplierScalesPrefillOnlyAtTheFormatsOwnPrecision() {
        Deployment q4 = llamaCpp("rtx-4090", "q4_k_m");
        var engine = q4.engine();
        var halved = engine.calibratedWith(engine.efficiency().withPrefillShape(0, java.util.Map.of("q4_k_m", 0.5)), java.util.Map.of(), "test");
        var plain = engine.calibratedWith(engine.efficiency().withPrefillShape(0, java.util.Map.of()), java.util.Map.of(), "test");
        double slow = estimator.estimate(q4.withEngine(halved), null).prefillComputeMs();
        double fast = estimator.estimate(q4.withEngine(plain), null).prefillComputeMs();
        assertEquals(2.0, slow / fast, 1e-9, "INT8 prompts at half the MFU take twice as long");
        // The V100 has no INT8 tensor cores: Q4_K_M falls back to a 16-bit kernel, which the multiplier does not describe.
        Deployment fallback = llamaCpp("v100-sxm2-32g", "q4_k_m");
        assertEquals(estimator.estimate(fallback.withEngine(plain), null).prefillComputeMs(),
                estimator.estimate(fallback.withEngine(halved), null).prefillComputeMs(), 1e-9);
    }
}
