package dev.infera.physics;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.Engine;
import dev.infera.catalog.EngineServing;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paged KV: sequences hold what they occupy on average, in whole blocks, less a margin for the staggered sum; the scheduler's limits bound the batch; beyond it, preemption. */
class PagedKvTest {
    private final Catalog catalog = TestCatalog.shipped();
    private final Estimator estimator = new Estimator(catalog.assumptions());

    @Test
    void aSequenceHoldsItsPromptAndHalfItsOutputRoundedUpToBlocks() {
        assertEquals(2176, PagedKv.averageHeldTokens(128, 4096, 16), 0, "128 + 2048 = 2176 = 136 blocks of 16");
        assertEquals(128, PagedKv.averageHeldTokens(100, 50, 16), 0, "125 tokens take 8 blocks of 16");
        assertEquals(160, PagedKv.peakHeldTokens(100, 50, 16), 0, "150 tokens take 10 blocks of 16");
        assertEquals(8, PagedKv.blocks(125, 16));
    }

    @Test
    void theEnginesBatchLimitAndStepBudgetBoundWhatMemoryWouldAdmit() {
        assertEquals(1000, PagedKv.admittedBatch(1000, 0, 0, 4096), "memory alone");
        assertEquals(256, PagedKv.admittedBatch(1000, 256, 8192, 4096), "max_num_seqs 256");
        assertEquals(100, PagedKv.admittedBatch(1000, 0, 100, 4096), "a step carries one token per sequence: budget 100");
        assertEquals(0, PagedKv.admittedBatch(-3, 0, 0, 4096), "no room after the weights: nothing");
    }

    @Test
    void aStaggeredBatchKeepsTwoSigmasOfItsFluctuationFree() {
        // Room 68,267,876,992 B; mean 2176 x 65536 B; whole 4224 x 65536 B: sigma x 2 = 2 x 2 x 134,217,728 / sqrt(12) = 154,981,283 B.
        // sqrt(B) = (-154,981,283 + sqrt(154,981,283^2 + 4 x 142,606,336 x 68,267,876,992)) / (2 x 142,606,336) = 21.343: B = 455.
        assertEquals(455, PagedKv.steadyStateBatch(68_267_876_992.0, 2176 * 65536.0, 4224 * 65536.0, 2));
        assertEquals(478, PagedKv.steadyStateBatch(68_267_876_992.0, 2176 * 65536.0, 4224 * 65536.0, 0), "no margin: room / mean");
        assertEquals(0, PagedKv.steadyStateBatch(-1, 2176 * 65536.0, 4224 * 65536.0, 2));
    }

    @Test
    void sequencesBeyondWhatTheCacheHoldsStaggeredArePreempted() {
        assertEquals(23, PagedKv.preempted(478, 455));
        assertEquals(0, PagedKv.preempted(200, 455));
    }

    private Deployment llama8bFp8OnH100(String engine) {
        return new DeploymentSpec("llama-3.1-8b", "h100-sxm-80g", 0, 1, 1, "fp8", "fp8", engine, 1, 128, 4096).resolve(catalog);
    }

    @Test
    void vllmAdmitsWhatStaggeredSequencesOccupyAndPreemptsNoneAtItsLargestBatch() {
        Deployment d = llama8bFp8OnH100("vllm");
        Estimate e = estimator.estimateAtMaxBatch(d, null);
        // KV room = 80 GiB x 0.9 - 8.03 GB weights - 128 x (4 x 4096 + 2 x 14336) x 2 B activations - 1 GB = 68,267,876,992 B.
        // Per sequence: 2176 tokens x 2 x 32 layers x 8 heads x 128 x 1 B = 142,606,336 B; with the 2-sigma margin 455 fit.
        assertEquals(16, e.kvBlockTokens());
        assertEquals(2176, e.kvTokensPerSequence(), 0);
        assertEquals(455, e.kvSteadyStateBatch());
        assertEquals(455, e.maxBatch());
        assertEquals(455.0 * 2176 * 65536 / 1e9, e.kvGb(), 1e-9);
        assertEquals(0, e.preemptedSequences());
        assertEquals(0, e.recomputeMs(), 0);
    }

    @Test
    void aBatchForcedBeyondTheSteadyStateIsPreemptedAndRecomputed() {
        Deployment d = llama8bFp8OnH100("vllm").withBatch(478);
        Estimate e = estimator.estimate(d, null);
        assertEquals(23, e.preemptedSequences(), "478 - 455");
        double flops = 23 * (2 * 8.03e9 * 2176 + 2.0 * 32 * 2176 * 2176 * 32 * 128);
        assertEquals(flops / (1978.9e12 * 0.55) * 1000, e.recomputeMs(), 1e-6, "at the FP8 dense peak 1978.9 TFLOPS x prefill MFU 0.55");
    }

    @Test
    void staticSlotsReserveTheWholeSequenceAsBefore() {
        Deployment paged = llama8bFp8OnH100("vllm");
        Engine vllm = paged.engine();
        Engine slots = new Engine(vllm.id(), vllm.name(), vllm.vendors(), vllm.formats(), vllm.tensorParallel(), vllm.continuousBatching(),
                vllm.memoryUtilisation(), vllm.fp16Accumulate(), vllm.efficiency(), vllm.byFamily(), vllm.source(), vllm.calibration(),
                EngineServing.STATIC);
        Estimate e = estimator.estimateAtMaxBatch(paged.withEngine(slots), null);
        assertEquals(0, e.kvBlockTokens());
        assertEquals(4224, e.kvTokensPerSequence(), 0);
        assertEquals(246, e.maxBatch(), "floor(68,267,876,992 / 276,824,064): the reservation the issue measured");
        assertEquals(0, e.preemptedSequences());
        assertTrue(estimator.estimateAtMaxBatch(paged, null).outputTokensPerS() > e.outputTokensPerS(),
                "the paged engine's larger batch carries more tokens/s");
    }

    @Test
    void tensorRtLlmReservesTheWholeSequenceAtAdmissionAndPreemptsNone() {
        Deployment d = llama8bFp8OnH100("trtllm");
        assertTrue(d.engine().serving().reservesWholeSequence());
        Estimate e = estimator.estimateAtMaxBatch(d, null);
        // KV room: 0.9 of what weights, activations and runtime leave (free_gpu_memory_fraction), where vLLM's 0.9 caps the whole:
        // 0.9 x (85,899,345,920 - 9,041,534,336) = 69,172,030,425.6 B against vLLM's 68,267,876,992 B. Reserved: ceil((128 + 4096)
        // / 32) x 32 = 4224 tokens x 65,536 B = 276,824,064 B per sequence; floor(69,172,030,425.6 / 276,824,064) = 249, vLLM's 455 staggered.
        assertEquals(32, e.kvBlockTokens());
        assertEquals(4224, e.kvTokensPerSequence(), 0);
        assertEquals(69_172_030_425.6, e.memory().kvRoomBytes(), 1);
        assertEquals(249, e.maxBatch());
        assertEquals(0, e.preemptedSequences());
        // Forced beyond it, the closed form still preempts none: the engine makes requests wait instead.
        assertEquals(0, estimator.estimate(d.withBatch(300), null).preemptedSequences());
        assertEquals(0, estimator.estimate(d.withBatch(300), null).recomputeMs(), 0);
    }

    @Test
    void llamaCppKeepsItsSlotReservation() {
        Deployment d = new DeploymentSpec("llama-3.1-8b", "h100-sxm-80g", 0, 1, 1, "q8_0", "fp16", "llama.cpp", 1, 128, 4096).resolve(catalog);
        assertTrue(!d.engine().serving().paged());
        assertEquals(4224, estimator.estimate(d, null).kvTokensPerSequence(), 0);
    }
}
