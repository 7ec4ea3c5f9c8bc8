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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prefix caching with a split (#16): the prefill pool prefills only the uncached tokens, the KV sent is still the whole
 * prompt's, and the decode pool caches nothing (it receives whole prompts). Llama 3.1 8B FP8 on H100, 3,000-token prompts
 * of which 2,000 repeat, every request a hit.
 */
class PrefixCachedSplitTest {
    private final Catalog catalog = TestCatalog.shipped();
    private final Estimator estimator = new Estimator(catalog.assumptions());

    private DisaggregatedDeployment split(int prefixTokens) {
        Deployment worker = new DeploymentSpec("llama-3.1-8b", "hgx-h100-8gpu", 1, 1, 1, "fp8", null, "vllm", 1, 3000, 200).resolve(catalog);
        Deployment p = prefixTokens > 0 ? worker.withPrefix(prefixTokens, 1.0) : worker;
        return DisaggregatedDeployment.of(p, p);
    }

    @Test
    void thePrefillPoolPrefillsOnlyUncachedTokensAndTheWholePromptsKvIsSent() {
        DisaggregatedDeployment plain = split(0);
        DisaggregatedDeployment cached = split(2000);
        assertTrue(cached.prefill().cachesPrefix());
        assertFalse(cached.decode().cachesPrefix(), "the decode pool receives whole prompts' KV");
        DisaggregatedEstimator splits = new DisaggregatedEstimator(estimator);
        DisaggregatedEstimate without = splits.atRate(plain, 0.02, null, null);
        DisaggregatedEstimate with = splits.atRate(cached, 0.02, null, null);
        assertEquals(without.kvTransferBytes(), with.kvTransferBytes(), 0, "the same KV bytes");
        assertEquals(without.kvTransferMs(), with.kvTransferMs(), 0);
        assertTrue(with.prefillMs() < 0.5 * without.prefillMs(), "a third of the prompt to prefill: " + with.prefillMs() + " against " + without.prefillMs());

        // A request every 50 s: the median one finds both pools idle, TTFT = prefill of the 1,000 uncached tokens + the whole KV's transfer.
        DisaggregatedSimulation.Result low = DisaggregatedSimulation.run(cached, estimator, LoadSpec.atRate(0.02, null), Sla.NONE);
        double prefillUncachedMs = StepTime.of(cached.prefill(), estimator).prefillSeconds(1000) * 1000;
        assertEquals(prefillUncachedMs + with.kvTransferMs(), low.split().ttftMs().p50(), 1e-6 * with.ttftMs());
        assertEquals(with.kvTransferMs(), low.transferMs(), 1e-9);
        // The closed form's prefill of a hit attends over the cached prefix too (PrefixCache.prefillFlops); the simulation's
        // step does not: within 10 %.
        assertEquals(with.prefillMs(), prefillUncachedMs, 0.10 * with.prefillMs());
    }
}
