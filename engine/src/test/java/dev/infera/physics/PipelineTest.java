package dev.infera.physics;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pipeline stages: a continuous-batching engine spreads a batch over its stages, less the bubbles; a layer split runs one stage at a time. */
class PipelineTest {
    private final Catalog catalog = TestCatalog.shipped();
    private final Estimator estimator = new Estimator(catalog.assumptions());

    @Test
    void theBubbleIsPMinusOneSlotsOfMPlusPMinusOne() {
        assertEquals(1.0, Pipeline.pipelinedShare(5, 1), 1e-12, "one stage: no pipelining, no bubble");
        assertEquals(1.0, Pipeline.pipelinedShare(1, 8), 1e-12, "one micro-batch visits the stages in turn");
        assertEquals((482 + 7) / (482.0 * 8), Pipeline.pipelinedShare(482, 8), 1e-12);
        assertEquals(0.5 * 5 / 4, Pipeline.pipelinedShare(4, 2), 1e-12, "4 micro-batches over 2 stages: 5 slots of 1/8");
    }

    @Test
    void aBatchPrefillHasOneMicroBatchPerStepBudgetOrPerPrompt() {
        assertEquals(482, Pipeline.prefillMicroBatches(497, 7936, 8192), "ceil(497 x 7936 / 8192)");
        assertEquals(497, Pipeline.prefillMicroBatches(497, 7936, 0), "no budget: each prompt is a pass");
        assertEquals(1, Pipeline.prefillMicroBatches(1, 100, 8192));
        assertEquals(8, Pipeline.decodeMicroBatches(497, 8, true));
        assertEquals(1, Pipeline.decodeMicroBatches(497, 8, false));
    }

    private Estimate pp(int stages, String weights, String engine, int batch) {
        DeploymentSpec spec = new DeploymentSpec("llama-3.1-70b", "rtx-pro-6000-blackwell-server", stages, 1, stages, weights, null, engine,
                batch, 7936, 256);
        Deployment d = spec.resolve(catalog);
        return spec.estimate(d, catalog, estimator);
    }

    @Test
    void vllmPipelinesTheBatchPrefillOverItsStages() {
        Estimate e = pp(8, "fp8", "vllm", 64);
        int m = (int) Math.ceil(64 * 7936 / 8192.0);
        assertEquals(m, e.prefillMicroBatches());
        assertEquals((m + 7) / (m * 8.0), e.pipelineShare(), 1e-12);
        Estimate one = pp(1, "fp8", "vllm", 64);
        assertTrue(e.outputTokensPerS() > 4 * one.outputTokensPerS(),
                "eight pipelined stages carry several times one GPU's tokens/s at the same batch: " + e.outputTokensPerS() + " vs " + one.outputTokensPerS());
        assertEquals(one.ttftAloneMs() > 0, true);
        assertTrue(e.ttftAloneMs() >= one.ttftAloneMs() * 0.99, "one request still visits every stage in turn");
    }

    @Test
    void llamaCppsLayerSplitRunsOneStageAtATime() {
        Estimate e = pp(8, "q8_0", "llama.cpp", 16);
        assertEquals(1.0, e.pipelineShare(), 0);
        Deployment d = new DeploymentSpec("llama-3.1-70b", "rtx-pro-6000-blackwell-server", 8, 1, 8, "q8_0", null, "llama.cpp", 16, 7936, 256)
                .resolve(catalog);
        Estimate pipelinedTwin = estimator.estimate(d.withEngine(catalog.engine("vllm")), null);
        assertTrue(e.stepMs() > pipelinedTwin.stepMs(), "the whole batch waits at every stage: " + e.stepMs() + " vs " + pipelinedTwin.stepMs());
    }
}
