package dev.infera.physics;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prefix caching: prefill computes only the uncached tokens; each sequence holds its own tokens; the prefix is held once per replica. */
class PrefixCacheTest {
    private final Catalog catalog = TestCatalog.shipped();
    private final Estimator estimator = new Estimator(catalog.assumptions());

    @Test
    void prefillComputesThePromptLessTheCachedShareOfThePrefixNeverBelowOneToken() {
        assertEquals(2096, PrefixCache.uncachedPrefillTokens(4096, 2000, 1), "a hit skips all 2000 prefix tokens");
        assertEquals(3096, PrefixCache.uncachedPrefillTokens(4096, 2000, 0.5), "half the requests hit: 4096 - 1000");
        assertEquals(3433, PrefixCache.uncachedPrefillTokens(4096, 1000, 0.663), "4096 - 663 = 3433, rounded up");
        assertEquals(4096, PrefixCache.uncachedPrefillTokens(4096, 2000, 0), "no hits: the whole prompt");
        assertEquals(1, PrefixCache.uncachedPrefillTokens(500, 500, 1), "the whole prompt cached: at least one token is computed");
    }

    @Test
    void aSequenceHoldsItsOwnTokensAndThePrefixIsHeldOncePerReplica() {
        // Own tokens on average: 4096 - 2000 + 256 / 2 = 2224 = 139 blocks of 16; at its end 4096 - 2000 + 256 = 2352 = 147 blocks.
        assertEquals(2224, PrefixCache.ownAverageTokens(4096, 256, 2000, 1), 0);
        assertEquals(2224, PrefixCache.averageHeldTokens(4096, 256, 2000, 1, 16), 0);
        assertEquals(2352, PrefixCache.peakHeldTokens(4096, 256, 2000, 1, 16), 0);
        // Half the requests hit: 4096 - 1000 + 128 = 3224 tokens = 201.5 blocks, so 202 blocks = 3232 tokens.
        assertEquals(3232, PrefixCache.averageHeldTokens(4096, 256, 2000, 0.5, 16), 0);
        // The prefix: 2000 tokens = 125 blocks of 16, held once; 2001 tokens take 126 blocks; nothing when no request hits.
        assertEquals(2000, PrefixCache.sharedTokens(2000, 1, 16), 0);
        assertEquals(2016, PrefixCache.sharedTokens(2001, 0.3, 16), 0);
        assertEquals(0, PrefixCache.sharedTokens(2000, 0, 16), 0);
    }

    @Test
    void withoutAPrefixThePagedHoldingIsTheUsualOne() {
        assertEquals(PagedKv.averageHeldTokens(100, 50, 16), PrefixCache.averageHeldTokens(100, 50, 0, 0, 16), 0);
        assertEquals(PagedKv.peakHeldTokens(100, 50, 16), PrefixCache.peakHeldTokens(100, 50, 0, 1, 16), 0);
    }

    private Deployment llama8bOnH100(String engine, int batch, int prompt) {
        return new DeploymentSpec("llama-3.1-8b", "h100-sxm-80g", 0, 1, 1, "fp8", "fp8", engine, batch, prompt, 256).resolve(catalog);
    }

    @Test
    void aFullyCachedPrefixHoldsLikeTheShorterPromptAndDecodesOverTheWholeContext() {
        Deployment full = llama8bOnH100("vllm", 32, 4096);
        Estimate cached = estimator.estimate(full.withPrefix(2000, 1), null);
        Estimate shorter = estimator.estimate(llama8bOnH100("vllm", 32, 2096), null);
        Estimate uncached = estimator.estimate(full, null);
        assertEquals(2096, cached.uncachedPrefillTokens());
        assertTrue(cached.ttftAloneMs() > shorter.ttftAloneMs(), "the 2096 uncached tokens still attend over the 2000 cached ones");
        assertTrue(cached.batchPrefillMs() > shorter.batchPrefillMs() && cached.batchPrefillMs() < uncached.batchPrefillMs());
        assertEquals(shorter.kvGb(), cached.kvGb(), 1e-9, "each sequence holds 2096 + 128 own tokens");
        assertEquals(uncached.stepMs(), cached.stepMs(), 1e-9, "decode still attends over the whole prompt");
        assertTrue(cached.ttftAloneMs() < uncached.ttftAloneMs());
        // The prefix held once: 2000 tokens x 2 x 32 layers x 8 KV heads x 128 x 1 B (fp8) = 131,072,000 B per GPU.
        assertEquals(2000, cached.sharedPrefixTokens(), 0);
        assertEquals(0.131072, cached.sharedPrefixKvGb(), 1e-9);
        assertEquals(cached.weightsGb() + cached.kvGb() + cached.sharedPrefixKvGb() + cached.activationsGb() + cached.overheadGb(),
                cached.memoryGb(), 1e-9, "the shared prefix counts in memory once");
        assertTrue(estimator.estimateAtMaxBatch(full.withPrefix(2000, 1), null).maxBatch()
                > estimator.estimateAtMaxBatch(full, null).maxBatch(), "sharing the prefix admits more sequences");
    }

    @Test
    void theUncachedTokensAttendOverTheCachedPrefix() {
        var model = catalog.model("llama-3.1-8b");
        // F(4096) - F(2000) - F(2096): the matmuls cancel; causal pairs leave the cross term 2096 x 2000, at
        // 4 x 32 heads x 128 head_dim x 32 layers FLOPs a pair.
        double extra = PrefixCache.prefillFlops(model, 4096, 2000, 1) - Roofline.prefillFlops(model, 2096);
        assertEquals(4.0 * 32 * 128 * 32 * 2096 * 2000, extra, 1e3);
        assertEquals(Roofline.prefillFlops(model, 4096), PrefixCache.prefillFlops(model, 4096, 2000, 0), 0, "no hits: the whole prompt");
    }

    @Test
    void noPrefixOrNoHitsChangesNothing() {
        Deployment d = llama8bOnH100("vllm", 16, 4096);
        assertEquals(estimator.estimate(d, null), estimator.estimate(d.withPrefix(0, 0), null));
        Estimate noHits = estimator.estimate(d.withPrefix(2000, 0), null);
        assertEquals(estimator.estimate(d, null).ttftMs(), noHits.ttftMs(), 0);
        assertEquals(0, noHits.sharedPrefixKvGb(), 0);
    }

    @Test
    void staticSlotsHaveNoPrefixCache() {
        Deployment slots = new DeploymentSpec("llama-3.1-8b", "h100-sxm-80g", 0, 1, 1, "q4_k_m", "fp16", "llama.cpp", 4, 4096, 256).resolve(catalog);
        assertFalse(slots.withPrefix(2000, 1).cachesPrefix());
        assertEquals(estimator.estimate(slots, null), estimator.estimate(slots.withPrefix(2000, 1), null));
    }
}
