package dev.infera.physics;

import dev.infera.catalog.Model;

import static dev.infera.physics.Units.BYTES_FP16;

/**
 * One decode iteration of a model over a batch on one replica, per pipeline stage: the roofline of its bytes and FLOPs
 * and its all-reduces, and the whole step with the pipeline hops and the per-step overhead. The same roofline serves the
 * plain step (one token per sequence), a speculator's verification (k + 1 tokens per sequence) and a draft step.
 *
 * @param memorySeconds        one stage's bytes / (BW x MBU)
 * @param computeSeconds       one stage's FLOPs / (peak x MFU)
 * @param communicationSeconds one stage's all-reduces
 * @param seconds              the whole step
 */
public record DecodeStep(double memorySeconds, double computeSeconds, double communicationSeconds, double seconds) {

    /** What the roofline runs on: the GPU, the engine's efficiencies, the links and the per-step overhead. */
    public record Hardware(int tensorParallel, int pipelineParallel, double bandwidthGbs, double mbu, double mfu, double busGbs,
            double allReduceLatencyUs, double hopGbs, double hopLatencyUs) {}

    /**
     * step = p x (max(bytes / (BW x MBU), FLOPs / (peak x MFU)) + 2 x layers / p all-reduces) + (p - 1) hops + overhead, over b
     * sequences of n tokens each: FLOPs, experts touched and all-reduce messages grow with b x n, weight and KV reads do not.
     */
    public static DecodeStep of(Model model, double bitsPerWeight, double kvBytesPerElement, Hardware hw, double peakTflops,
            int sequences, int tokensPerSequence, double contextTokens, double overheadSeconds) {
        int t = hw.tensorParallel();
        int p = hw.pipelineParallel();
        int tokens = sequences * tokensPerSequence;
        double stageBytes = Roofline.decodeWeightBytesPerStep(model, bitsPerWeight, tokens) / (t * p)
                + sequences * Memory.kvBytesPerSequence(model, kvBytesPerElement, contextTokens) / (Memory.kvShards(model, t) * p);
        double stageFlops = tokens * Roofline.decodeFlopsPerToken(model, contextTokens) / (t * p);
        double memory = Roofline.memorySeconds(stageBytes, hw.bandwidthGbs(), hw.mbu());
        double compute = Roofline.computeSeconds(stageFlops, peakTflops, hw.mfu());
        double communication = 2.0 * model.layers() / p
                * Collectives.allReduceSeconds(t, tokens * model.hiddenSize() * BYTES_FP16, hw.busGbs(), hw.allReduceLatencyUs());
        double hops = (p - 1) * Collectives.sendSeconds(tokens * model.hiddenSize() * BYTES_FP16, hw.hopGbs(), hw.hopLatencyUs());
        return new DecodeStep(memory, compute, communication, p * (Math.max(memory, compute) + communication) + hops + overheadSeconds);
    }
}
