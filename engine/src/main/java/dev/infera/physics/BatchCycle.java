package dev.infera.physics;

import dev.infera.catalog.EngineServing;
import dev.infera.catalog.Model;

import static dev.infera.physics.Units.MS;

/**
 * Throughput over whole requests: a replica prefills its batch, recomputes what was preempted, then decodes it;
 * output tokens/s = replicas x B x output / (batch prefill + recompute + output x step), the step being the decode time per
 * output token (the speculation cycle over its tokens where a speculator drafts). The batch's prompts go through
 * together, so their MFU is that of B x L tokens in one pass; pipelined stages prefill different chunks at once. Seconds.
 *
 * @param computeSeconds       B x prefill FLOPs / (t x peak x MFU(B x L))
 * @param prefillMicroBatches  M = ceil(B x L / step budget), or one per prompt without a budget
 * @param pipelineShare        (M + p - 1) / (M x p) where stages pipeline, else 1
 * @param batchPrefillSeconds  (max(compute, weight read) + M x prefill overhead) x pipeline share + B x prefill all-reduces
 * @param recomputeTokens      tokens a preempted sequence prefills again = prompt + output / 2
 * @param recomputeSeconds     pipeline share x preempted x F(recompute tokens) / (t x peak x MFU(preempted x recompute tokens)), 0 without preemption
 * @param cycleSeconds         batch prefill + recompute + output x step
 * @param outputTokensPerS     replicas x B x output / cycle
 */
public record BatchCycle(double computeSeconds, int prefillMicroBatches, double pipelineShare, double batchPrefillSeconds,
        double recomputeTokens, double recomputeSeconds, double cycleSeconds, double outputTokensPerS) {

    public static BatchCycle of(Deployment d, ComputeRate rate, MemoryUse memory, PrefillAlone prefill, double stepSecondsPerToken) {
        Model model = d.model();
        EngineServing serving = d.engine().serving();
        int t = d.tensorParallel();
        double halfTokens = rate.efficiency().prefillHalfTokens();
        double compute = Roofline.computeSeconds(d.batch() * prefill.flops(), rate.peakTflops() * t,
                Roofline.prefillMfu(rate.prefillMfuMax(), (double) d.batch() * prefill.tokens(), halfTokens));
        int microBatches = Pipeline.prefillMicroBatches(d.batch(), prefill.tokens(), serving.maxTokensPerStep());
        double share = d.engine().continuousBatching() ? Pipeline.pipelinedShare(microBatches, d.pipelineParallel()) : 1;
        // Each of the M prefill steps launches its kernels (ComputeRate.prefillOverheadMs); stages that pipeline overlap them as they do the compute.
        double launches = microBatches * rate.prefillOverheadMs() * MS;
        double batchPrefill = (Math.max(compute, prefill.weightReadSeconds()) + launches) * share + d.batch() * prefill.communicationSeconds();
        double recomputeTokens = PagedKv.recomputeTokens(prefill.tokens(), d.outputTokens());
        int preempted = memory.preempted();
        double recompute = preempted == 0 ? 0 : share * Roofline.computeSeconds(preempted * Roofline.prefillFlops(model, recomputeTokens),
                rate.peakTflops() * t, Roofline.prefillMfu(rate.prefillMfuMax(), preempted * recomputeTokens, halfTokens));
        double cycle = batchPrefill + recompute + d.outputTokens() * stepSecondsPerToken;
        double perReplica = d.batch() * d.outputTokens() / cycle;
        return new BatchCycle(compute, microBatches, share, batchPrefill, recomputeTokens, recompute, cycle, perReplica * d.replicas());
    }

    /** rho: the share of the replica's time spent prefilling the batch = batch prefill / cycle. */
    public double prefillShare() {
        return batchPrefillSeconds / cycleSeconds;
    }
}
