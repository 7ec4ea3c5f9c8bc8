package dev.infera.plan;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.physics.DisaggregatedDeployment;
import dev.infera.physics.Estimator;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heterogeneous splits (#16, Splitwise: decode on another GPU type of the pool) are made for prefix-cached splits as for
 * uncached ones: every uncached split that decodes on H200 has a prefix-cached twin that decodes on H200, whose prefill pool
 * keeps the cache (a shorter prefill, so a shorter TTFT) and whose decode pool caches nothing. RAG, Llama 3.1 70B FP8,
 * 8,000-token prompts with 800 repeated, 3 requests/s, a pool of H100 and H200.
 */
class HeterogeneousSplitTwinsTest {
    private final Catalog catalog = TestCatalog.shipped();

    @Test
    void prefixCachedSplitsGetTheHeterogeneousTwinsUncachedSplitsGet() {
        List<Candidate> all = new CandidateGenerator(catalog, new Estimator(catalog.assumptions())).generate(new ScenarioBuilder()
                .model("llama-3.1-70b").kind("rag").inputTokens(8000).outputTokens(256).requestsPerS(3.0).prefixTokens(800)
                .gpus(List.of("h100-sxm-80g", "h200-sxm-141g")).engines(List.of("vllm")).weights(List.of("fp8")).kv(List.of("fp8")).maxGpus(8)
                .build());
        List<Candidate> mixed = all.stream().filter(c -> c.isDisaggregated() && !c.split().deployment().homogeneous()).toList();
        List<Candidate> plain = mixed.stream().filter(c -> !c.deployment().cachesPrefix()).toList();
        assertFalse(plain.isEmpty(), "uncached heterogeneous splits are proposed");
        for (Candidate u : plain) {
            DisaggregatedDeployment us = u.split().deployment();
            Candidate twin = mixed.stream().filter(c -> c.deployment().cachesPrefix() && sameShape(c.split().deployment(), us)).findFirst()
                    .orElseThrow(() -> new AssertionError("no prefix-cached twin of " + u));
            DisaggregatedDeployment cs = twin.split().deployment();
            assertTrue(cs.prefill().cachesPrefix(), "the prefill pool caches the prefix");
            assertFalse(cs.decode().cachesPrefix(), "the decode pool receives whole prompts' KV");
            assertTrue(twin.split().estimate().prefillMs() < u.split().estimate().prefillMs(),
                    twin + ": prefill " + twin.split().estimate().prefillMs() + " against " + u.split().estimate().prefillMs() + " ms");
            assertTrue(twin.split().estimate().kvTransferBytes() == u.split().estimate().kvTransferBytes(), "the whole prompt's KV is sent");
        }
    }

    private static boolean sameShape(DisaggregatedDeployment a, DisaggregatedDeployment b) {
        return a.prefill().server() == b.prefill().server() && a.decode().server() == b.decode().server()
                && a.prefill().tensorParallel() == b.prefill().tensorParallel() && a.prefill().replicas() == b.prefill().replicas()
                && a.decode().replicas() == b.decode().replicas() && a.prefill().weights() == b.prefill().weights() && a.prefill().kv() == b.prefill().kv();
    }
}
