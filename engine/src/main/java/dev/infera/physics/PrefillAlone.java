package dev.infera.physics;

import dev.infera.catalog.Model;

import static dev.infera.physics.Units.BYTES_FP16;
import static dev.infera.physics.Units.MS;

/**
 * TTFT alone: one request's prefill on idle GPUs of the replica = max(FLOPs / (t x peak x MFU(L)), one weight read)
 * + all-reduces + pipeline hops + step overhead + prefill overhead. Seconds.
 *
 * @param tokens               prompt tokens prefilled (the prompt less a cached prefix)
 * @param mfu                  MFU_max x L / (L + L_half)
 * @param flops                prefill FLOPs: F(prompt), or F(prompt) - h x F(prefix) with the prefix cached
 * @param computeSeconds       FLOPs / (t x peak x MFU)
 * @param weightReadSeconds    the floor: one read of a replica's weights per GPU stage = weights x p / (BW x MBU)
 * @param communicationSeconds 2 x layers all-reduces of tokens x hidden x 2 bytes
 * @param hopSeconds           (p - 1) sends of tokens x hidden x 2 bytes between stages
 * @param overheadSeconds      the per-step overhead + the prefill overhead of a step carrying prompt tokens
 * @param ttftAloneSeconds     max(compute, weight read) + communication + hops + overhead
 */
public record PrefillAlone(int tokens, double mfu, double flops, double computeSeconds, double weightReadSeconds,
        double communicationSeconds, double hopSeconds, double overheadSeconds, double ttftAloneSeconds) {

    public static PrefillAlone of(Deployment d, ComputeRate rate, Links links, MemoryUse memory) {
        Model model = d.model();
        int t = d.tensorParallel();
        int p = d.pipelineParallel();
        int tokens = d.prefillTokens();
        double mfu = Roofline.prefillMfu(rate.prefillMfuMax(), tokens, rate.efficiency().prefillHalfTokens());
        double flops = d.cachesPrefix() ? PrefixCache.prefillFlops(model, d.inputTokens(), d.prefixTokens(), d.prefixHitRate())
                : Roofline.prefillFlops(model, d.inputTokens());
        double compute = Roofline.computeSeconds(flops, rate.peakTflops() * t, mfu);
        double weightRead = Roofline.memorySeconds(memory.weightBytes() * p, d.gpu().memoryBandwidthGbs(), rate.efficiency().decodeMbu());
        double message = tokens * model.hiddenSize() * BYTES_FP16;
        double communication = 2.0 * model.layers() * Collectives.allReduceSeconds(t, message, links.busGbs(), links.allReduceLatencyUs());
        double hops = (p - 1) * Collectives.sendSeconds(message, links.pipeline().unidirectionalGbs(), links.hopLatencyUs());
        double overhead = (rate.stepOverheadMs() + rate.prefillOverheadMs()) * MS;
        return new PrefillAlone(tokens, mfu, flops, compute, weightRead, communication, hops, overhead,
                Math.max(compute, weightRead) + communication + hops + overhead);
    }

    /** What one request's prefill takes from the replica's GPUs when it runs beside others: compute + all-reduces. */
    public double perRequestSeconds() {
        return computeSeconds + communicationSeconds;
    }
}
