package dev.infera.physics;

import dev.infera.TestCatalog;
import dev.infera.catalog.Catalog;
import dev.infera.plan.DeploymentSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Disaggregated prefill and decode: KV moved per request over the link, TTFT = prefill + wait + transfer, TPOT = the decode step alone. */
class DisaggregationTest {
    private final Catalog catalog = TestCatalog.shipped();
    private final Estimator estimator = new Estimator(catalog.assumptions());
    private final DisaggregatedEstimator disaggregated = new DisaggregatedEstimator(estimator);

    private Deployment worker(String gpu, int tp, int workers, int prompt, int output) {
        return new DeploymentSpec("llama-3.1-70b", gpu, tp * workers, tp, 1, "fp8", "fp8", "vllm", 1, prompt, output).resolve(catalog);
    }

    private DisaggregatedDeployment split(String gpu, int tp, int x, int y, int prompt, int output) {
        Deployment p = worker(gpu, tp, x, prompt, output);
        Deployment d = worker(gpu, tp, y, prompt, output);
        return new DisaggregatedDeployment(p, d, DisaggregatedDeployment.defaultLink(p, d));
    }

    @Test
    void theKvOfThePromptTravelsOverTheLinkInParallelStreams() {
        // Llama-3.1-70B, FP8 KV: 2 x 80 layers x 8 KV heads x 128 x 1 B = 163,840 B per token; 8,000 tokens = 1.31 GB.
        assertEquals(1.31072e9, Disaggregation.kvTransferBytes(163_840, 8000), 1);
        // Over InfiniBand NDR (50 GB/s per GPU NIC), two streams (TP=2 on both sides): 30 us + 1.31 GB / 100 GB/s = 13.1 ms.
        assertEquals(0.01314, Disaggregation.kvTransferSeconds(1.31072e9, 2, 50, 30), 1e-5);
        assertEquals(2, Disaggregation.kvStreams(2, 4), "a GPU sends its shard to its peer: the fewer shards set the streams");
    }

    @Test
    void eachPrefillWorkerIsAnMd1QueueAndTheDecodePoolHoldsWhatLittlesLawSays() {
        // 4 requests/s over 2 workers of 0.5 s prefill: rho = 1; 2 requests/s: rho = 0.5, wait = 0.5 / (2 x 0.5) x 0.5 s = 0.25 s.
        assertEquals(0.5, Disaggregation.prefillUtilisation(2, 0.5, 2), 1e-12);
        assertEquals(0.25, Disaggregation.prefillWaitSeconds(0.5, 0.5, 2, 0), 1e-12);
        assertTrue(Double.isInfinite(Disaggregation.prefillWaitSeconds(0.5, 1, 2, 0)), "a saturated prefill pool has no steady-state TTFT");
        // 6 requests/s over 3 decode workers, 256 tokens at 25 ms: 2 x 256 x 0.025 = 12.8 sequences each.
        assertEquals(12.8, Disaggregation.decodeSequencesPerWorker(6, 3, 256, 0.025), 1e-12);
    }

    @Test
    void aClosedLoopOfUsersQueuesAtMostEveryOtherUsersPromptEvenWhenThePrefillPoolIsSaturated() {
        // 16 users, one prefill worker of 0.5 s: at rho 0.99 M/D/1 says 0.99 / 0.02 x 0.5 = 24.75 s, but only 15 prompts can be ahead: 7.5 s.
        assertEquals(7.5, Disaggregation.prefillWaitSeconds(0.5, 0.99, 1, 16), 1e-12);
        assertEquals(7.5, Disaggregation.prefillWaitSeconds(0.5, 1.2, 1, 16), 1e-12, "saturated: still every other user's prompt, no more");
        // Two workers share the queue: 15 x 0.5 / 2 = 3.75 s; at rho 0.5 the M/D/1 wait (0.25 s) is the smaller.
        assertEquals(3.75, Disaggregation.prefillWaitSeconds(0.5, 1.2, 2, 16), 1e-12);
        assertEquals(0.25, Disaggregation.prefillWaitSeconds(0.5, 0.5, 2, 16), 1e-12);
        assertTrue(Double.isInfinite(Disaggregation.prefillWaitSeconds(0.5, 1.2, 1, 0)), "an open loop's queue grows without bound");
        // The estimate of a closed loop: a finite TTFT, the wait within (N - 1) x prefill / x.
        DisaggregatedDeployment d = split("h100-sxm-80g", 2, 1, 1, 8000, 256);
        DisaggregatedEstimate e = disaggregated.atUsers(d, 64, null, null);
        assertTrue(Double.isFinite(e.ttftMs()), "64 users wait for each other; they do not queue forever");
        assertTrue(e.prefillWaitMs() <= 63 * e.prefillMs() + 1e-9);
        assertEquals(e.prefillMs() + e.prefillWaitMs() + e.kvTransferMs(), e.ttftMs(), 1e-9);
        // The rate is the one the users send at the latencies it gives: N = rate x (TTFT + output x TPOT).
        assertEquals(64, e.requestsPerS() * (e.ttftMs() + 256 * e.tpotMs()) / 1000, 64 * 1e-3);
        assertTrue(!e.waitsForThePools());
    }

    @Test
    void usersThePoolsCannotCarryWaitForThemAsTheResponseTimeLawSays() {
        DisaggregatedDeployment d = split("h100-sxm-80g", 2, 1, 1, 8000, 256);
        DisaggregatedEstimate e = disaggregated.atUsers(d, 5000, null, null);
        assertTrue(e.waitsForThePools(), "5,000 users send more than one prefill and one decode worker carry");
        assertEquals(e.capacityRequestsPerS() * 0.999, e.requestsPerS(), 1e-9);
        // Each request takes N / X: the time beyond its output's decode is spent before its first token.
        assertEquals(5000 / e.requestsPerS() * 1000 - 256 * e.tpotMs(), e.ttftMs(), 1e-6);
        assertEquals(e.ttftMs() - e.prefillMs() - e.kvTransferMs(), e.prefillWaitMs(), 1e-6);
    }

    @Test
    void splitsReadAsTheEnginesWriteThem() {
        assertEquals(1, Disaggregation.parseSplit("1P3D")[0]);
        assertEquals(3, Disaggregation.parseSplit("1p3d")[1]);
        assertEquals(null, Disaggregation.parseSplit("1P"));
        assertEquals("2P6D", Disaggregation.split(2, 6));
    }

    @Test
    void servedTpotIsTheDecodeStepAloneWhileColocatedTpotCarriesOthersPrompts() {
        // Long prompts (8,000 in, 256 out) at 3 requests/s on 8 H100s (TP=2): colocated, every replica interleaves the
        // others' prompt chunks with its decode steps; split 2P2D, the decode workers never see a prompt.
        DisaggregatedDeployment d = split("h100-sxm-80g", 2, 2, 2, 8000, 256);
        DisaggregatedEstimate e = disaggregated.atRate(d, 3, null, null);
        Estimate colocated = estimator.estimateAtRate(worker("h100-sxm-80g", 2, 4, 8000, 256), 3, null);
        assertTrue(e.sustainable());
        assertEquals(e.decode().stepMs(), e.tpotMs(), 1e-9, "no prompt is interleaved on a decode worker");
        assertTrue(e.tpotMs() < colocated.tpotMs());
        assertEquals(dev.infera.catalog.LinkKind.NVSWITCH, d.link().kind(), "8 GPUs of one HGX node: the KV moves over NVSwitch");
    }

    @Test
    void shortPromptsLeaveLittleInterleavedPrefillToRemove() {
        DisaggregatedDeployment d = split("h100-sxm-80g", 2, 1, 3, 200, 800);
        DisaggregatedEstimate e = disaggregated.atRate(d, 3, null, null);
        Estimate colocated = estimator.estimateAtRate(worker("h100-sxm-80g", 2, 4, 200, 800), 3, null);
        // 200 in, 800 out: the colocated replicas interleave a few prompt tokens per step; the split's 3 decode
        // workers each run a larger batch. Served TPOT within 5 % either way: nothing to gain.
        assertTrue(Math.abs(colocated.tpotMs() / e.tpotMs() - 1) < 0.05, colocated.tpotMs() + " vs " + e.tpotMs());
    }
}
