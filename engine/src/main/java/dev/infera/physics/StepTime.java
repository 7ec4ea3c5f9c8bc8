package dev.infera.physics;

import dev.infera.catalog.Efficiency;
import dev.infera.catalog.Model;

import static dev.infera.physics.Units.BYTES_FP16;
import static dev.infera.physics.Units.GB;
import static dev.infera.physics.Units.GIB;
import static dev.infera.physics.Units.MS;

/**
 * The time of one engine step on one replica, for a scheduler that mixes decode tokens and prefill
 * chunks in a step (chunked prefill): the same roofline, all-reduces, pipeline hops and per-step
 * overhead as {@link Estimator}, evaluated for any batch, context and chunk instead of the
 * deployment's one shape. A step of decode only equals the Estimator's decode step at the same batch
 * and mean context, a step of one whole prompt alone equals its TTFT alone (StepTimeTest pins both).
 * Simplifications, stated: a prefill chunk's compute includes its causal attention over the tokens
 * cached before it, but not the read of their KV (a chunk is compute-bound); with pipeline stages
 * the decode batch splits into micro-batches as in the Estimator and a step's prefill chunks travel
 * in one of them.
 *
 * Also how much KV one replica's GPUs hold, in tokens, for a paged scheduler's admission.
 */
public final class StepTime {
    private final Model model;
    private final int t;
    private final int p;
    private final double bitsPerWeight;
    private final double kvBytesPerElement;
    private final int kvShards;
    private final double peak;
    private final double bandwidthGbs;
    private final Efficiency eff;
    private final double prefillMfuMax;
    private final double busGbs;
    private final double latencyUs;
    private final double ppLinkGbs;
    private final double hopLatencyUs;
    private final double kvCapacityTokens;

    private StepTime(Deployment d, Estimator estimator) {
        this.model = d.model();
        this.t = d.tensorParallel();
        this.p = d.pipelineParallel();
        this.bitsPerWeight = d.weights().bitsPerWeight();
        this.kvBytesPerElement = d.kv().bytesPerElement();
        this.kvShards = Memory.kvShards(model, t) * p;
        ComputeRate rate = ComputeRate.of(d);
        this.peak = rate.peakTflops();
        this.bandwidthGbs = d.gpu().memoryBandwidthGbs();
        this.eff = rate.efficiency();
        this.prefillMfuMax = rate.prefillMfuMax();
        Links links = Links.of(d, eff, estimator.assumptions());
        this.busGbs = links.busGbs();
        this.latencyUs = links.linkLatencyUs();
        this.ppLinkGbs = links.pipeline().unidirectionalGbs();
        this.hopLatencyUs = links.hopLatencyUs();
        double weightsPerGpu = Memory.weightBytes(model.paramsB(), bitsPerWeight) / (t * p);
        this.kvCapacityTokens = kvCapacityTokens(d, estimator, weightsPerGpu, kvShards);
    }

    /** The step times of {@code d}'s replica (its batch and token counts are not used). */
    public static StepTime of(Deployment d, Estimator estimator) {
        return new StepTime(d, estimator);
    }

    /** KV tokens a replica holds = (usable - weights - activations - overhead) per GPU / (KV bytes per token / (KV shards x stages)). */
    private static double kvCapacityTokens(Deployment d, Estimator estimator, double weightsPerGpu, int kvShards) {
        var assumptions = estimator.assumptions();
        double capacity = d.gpu().memoryGb() * (assumptions.memoryIsBinary() ? GIB : GB);
        double usable = capacity * d.engine().memoryUtilisation();
        double activations = Memory.activationBytes(d.model(), Math.min(assumptions.prefillChunkTokens(), d.inputTokens()), d.tensorParallel());
        double free = usable - weightsPerGpu - activations - assumptions.runtimeOverheadGb() * GB;
        double perTokenPerGpu = Memory.kvBytesPerToken(d.model(), d.kv().bytesPerElement()) / kvShards;
        return Math.max(0, free / perTokenPerGpu);
    }

    /** KV tokens the replica's GPUs hold after weights, activations and overhead (full attention on every layer: sliding windows not credited). */
    public double kvCapacityTokens() {
        return kvCapacityTokens;
    }

    /** Prefill FLOPs of a chunk of n tokens after `prior` cached ones = prefillFlops(prior + n) - prefillFlops(prior) (causal attention over all before it). */
    public double prefillChunkFlops(double priorTokens, int chunkTokens) {
        return Roofline.prefillFlops(model, priorTokens + chunkTokens) - Roofline.prefillFlops(model, priorTokens);
    }

    /**
     * step = p x (max(bytes / (BW x MBU), decode FLOPs / (peak x MFU_decode) + chunk FLOPs / (peak x MFU_prefill(n))) + 2 x layers / p x all-reduce(tokens))
     * + (p - 1) x hop(tokens) + overhead, per stage over its micro-batch; bytes = weights read + b x KV(mean context).
     *
     * @param decodeSequences    sequences decoding one token this step (the whole replica's)
     * @param meanDecodeContext  tokens they attend over, on average
     * @param prefillTokens      prompt tokens of the step's prefill chunks (0: decode only)
     * @param prefillFlops       their FLOPs ({@link #prefillChunkFlops} summed over the chunks)
     */
    public double stepSeconds(int decodeSequences, double meanDecodeContext, int prefillTokens, double prefillFlops) {
        int microBatches = Math.max(1, Math.min(p, decodeSequences));
        int b = decodeSequences == 0 ? 0 : (int) Math.ceil((double) decodeSequences / microBatches);
        int tokens = b + prefillTokens;
        if (tokens == 0) {
            return 0;
        }
        double bytes = Roofline.decodeWeightBytesPerStep(model, bitsPerWeight, tokens) / (t * p)
                + (b == 0 ? 0 : b * Memory.kvBytesPerSequence(model, kvBytesPerElement, meanDecodeContext) / kvShards);
        double memory = Roofline.memorySeconds(bytes, bandwidthGbs, eff.decodeMbu());
        double decodeCompute = b == 0 ? 0
                : Roofline.computeSeconds(b * Roofline.decodeFlopsPerToken(model, meanDecodeContext) / (t * p), peak, eff.decodeMfu());
        double prefillCompute = prefillTokens == 0 ? 0
                : Roofline.computeSeconds(prefillFlops / (t * p), peak, Roofline.prefillMfu(prefillMfuMax, prefillTokens, eff.prefillHalfTokens()));
        double comm = 2.0 * model.layers() / p * Collectives.allReduceSeconds(t, tokens * model.hiddenSize() * BYTES_FP16, busGbs, latencyUs);
        double hops = (p - 1) * Collectives.sendSeconds(tokens * model.hiddenSize() * BYTES_FP16, ppLinkGbs, hopLatencyUs);
        return p * (Math.max(memory, decodeCompute + prefillCompute) + comm) + hops + eff.stepOverheadMs() * MS;
    }

    /** Decode step of b sequences at a mean context: {@link #stepSeconds} with no prefill. */
    public double decodeStepSeconds(int batch, double meanContext) {
        return stepSeconds(batch, meanContext, 0, 0);
    }

    /** One prompt of n tokens in one step on idle GPUs: {@link #stepSeconds} with only that chunk (TTFT alone). */
    public double prefillSeconds(int promptTokens) {
        return stepSeconds(0, 0, promptTokens, prefillChunkFlops(0, promptTokens));
    }
}
