package dev.infera.physics;

import dev.infera.catalog.Model;

import static dev.infera.physics.Units.BYTES_FP16;
import static dev.infera.physics.Units.MS;

/**
 * The decode step: one iteration of the batch on one replica at the average context (the roofline)
 * = p x (max(weight bytes / (BW x MBU) + KV bytes / (BW x MBU_attention), FLOPs / (peak x MFU)) + all-reduces) + (p - 1) hops
 * + step overhead, where a stage works on a
 * micro-batch of b = ceil(B / M) sequences, M = min(p, B) when the engine pipelines, else 1. Seconds, per stage where so named.
 * The same roofline serves the plain step (one token per sequence), a speculator's verification (k + 1 tokens per sequence)
 * and a draft step (the speculator's own weights): FLOPs, experts touched and all-reduce messages grow with b x n tokens,
 * weight and KV reads do not.
 *
 * @param stages                    p
 * @param microBatches              M
 * @param sequencesPerMicroBatch    b
 * @param tokensPerSequence         n: 1 for a plain step, k + 1 for a verification
 * @param contextTokens             the context each sequence attends over on average: prompt + output / 2
 * @param weightBytesRead           weights one step reads, whole model (MoE: the shared part plus the experts b x n tokens touch)
 * @param stageBytes                weights read / (t x p) + b x KV(context) / (min(t, kv_heads) x p)
 * @param stageKvBytes              the KV part of it: b x KV(context) / (min(t, kv_heads) x p)
 * @param stageFlops                b x n x FLOPs per token / (t x p)
 * @param memorySeconds             (stage bytes - KV bytes) / (BW x MBU) + KV bytes / (BW x MBU_attention): the attention's
 *                                  KV read reaches its own share of the bandwidth (Efficiency.kvReadMbu)
 * @param computeSeconds            stage FLOPs / (peak x MFU)
 * @param communicationSeconds      2 x layers / p all-reduces of b x n x hidden x 2 bytes, per stage
 * @param hopSeconds                (p - 1) sends of b x n x hidden x 2 bytes
 * @param overheadSeconds           the per-step overhead
 * @param stepSeconds               p x (max(memory, compute) + communication) + hops + overhead
 */
public record DecodeStep(int stages, int microBatches, int sequencesPerMicroBatch, int tokensPerSequence, double contextTokens,
        double weightBytesRead, double stageBytes, double stageKvBytes, double stageFlops, double memorySeconds, double computeSeconds, double communicationSeconds,
        double hopSeconds, double overheadSeconds, double stepSeconds) {

    /** The deployment's plain step: its micro-batch, one token per sequence. */
    public static DecodeStep of(Deployment d, ComputeRate rate, Links links) {
        int microBatches = Pipeline.decodeMicroBatches(d.batch(), d.pipelineParallel(), d.engine().continuousBatching());
        int b = (int) Math.ceil((double) d.batch() / microBatches);
        return of(d, rate, links, Runs.target(d, rate), microBatches, b, 1);
    }

    /** What a step runs: the model, its weights' bits, the tensor peak its matmuls reach and the per-step overhead. */
    public record Runs(Model model, double bitsPerWeight, double peakTflops, double overheadSeconds) {
        /** The deployment's own model at its format's precision, with the engine's step overhead. */
        static Runs target(Deployment d, ComputeRate rate) {
            return new Runs(d.model(), d.weights().bitsPerWeight(), rate.peakTflops(), rate.stepOverheadMs() * MS);
        }
    }

    /** The roofline of {@code runs} over b sequences of n tokens each per stage, on the deployment's GPUs, links and KV format. */
    static DecodeStep of(Deployment d, ComputeRate rate, Links links, Runs runs, int microBatches, int b, int n) {
        Model model = runs.model();
        int t = d.tensorParallel();
        int p = d.pipelineParallel();
        double context = d.averageDecodeContextTokens();
        int tokens = b * n;
        double weightsRead = Roofline.decodeWeightBytesPerStep(model, runs.bitsPerWeight(), tokens);
        double stageWeightBytes = weightsRead / (t * p);
        double stageKvBytes = b * Memory.kvBytesPerSequence(model, d.kv().bytesPerElement(), context) / (Memory.kvShards(model, t) * p);
        double stageFlops = tokens * Roofline.decodeFlopsPerToken(model, context) / (t * p);
        double memory = Roofline.decodeMemorySeconds(stageWeightBytes, stageKvBytes, d.gpu().memoryBandwidthGbs(), rate.efficiency());
        double compute = Roofline.computeSeconds(stageFlops, runs.peakTflops(), rate.efficiency().decodeMfu());
        double message = tokens * model.hiddenSize() * BYTES_FP16;
        double communication = 2.0 * model.layers() / p * Collectives.allReduceSeconds(t, message, links.busGbs(), links.allReduceLatencyUs());
        double hops = (p - 1) * Collectives.sendSeconds(message, links.pipeline().unidirectionalGbs(), links.hopLatencyUs());
        double overhead = runs.overheadSeconds();
        double stage = Math.max(memory, compute) + communication;
        return new DecodeStep(p, microBatches, b, n, context, weightsRead, stageWeightBytes + stageKvBytes, stageKvBytes, stageFlops, memory, compute, communication, hops, overhead,
                p * stage + hops + overhead);
    }

    /** What limits the step: all-reduces when they take at least the roofline's time, else the larger of compute and memory. */
    public Bottleneck limit() {
        return communicationSeconds >= Math.max(memorySeconds, computeSeconds) ? Bottleneck.COMMUNICATION
                : computeSeconds > memorySeconds ? Bottleneck.COMPUTE
                : Bottleneck.MEMORY_BANDWIDTH;
    }
}
