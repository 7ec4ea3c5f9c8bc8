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
    private final double overheadSeconds;
    private final double prefillOverheadSeconds;
    private final double prefillMfuMax;
    private final double busGbs;
    private final double latencyUs;
    private final double ppLinkGbs;
    private final double hopLatencyUs;
    private final double kvCapacityTokens;
    // Speculative decoding: what drafts (null: none), its weights' peak, and its k.
    private final Model draft;
    private final double draftPeak;
    private final int draftTokens;
    private final double acceptance;

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
        this.overheadSeconds = rate.stepOverheadMs() * MS;
        this.prefillOverheadSeconds = rate.prefillOverheadMs() * MS;
        this.prefillMfuMax = rate.prefillMfuMax();
        Links links = Links.of(d, eff, estimator.assumptions());
        this.busGbs = links.busGbs();
        this.latencyUs = links.linkLatencyUs();
        this.ppLinkGbs = links.pipeline().unidirectionalGbs();
        this.hopLatencyUs = links.hopLatencyUs();
        var speculator = d.speculator();
        this.draft = speculator == null ? null : speculator.shape();
        this.draftPeak = speculator == null ? Double.NaN : ComputeRate.sixteenBitPeakTflops(d);
        this.draftTokens = speculator == null ? 0 : speculator.draftTokens();
        this.acceptance = speculator == null ? 0 : speculator.acceptance();
        // The speculator's weights are held on every GPU beside the target's (MemoryUse), its KV per token beside the target's.
        double weightsPerGpu = Memory.weightBytes(model.paramsB(), bitsPerWeight) / (t * p)
                + (speculator == null ? 0 : Speculation.draftWeightBytesPerGpu(draft.paramsB(), t));
        double draftKvPerTokenPerGpu = speculator == null ? 0
                : Memory.kvBytesPerToken(draft, kvBytesPerElement) / (Memory.kvShards(draft, t) * p);
        this.kvCapacityTokens = kvCapacityTokens(d, estimator, weightsPerGpu, kvShards, draftKvPerTokenPerGpu);
    }

    /** The step times of {@code d}'s replica (its batch and token counts are not used). */
    public static StepTime of(Deployment d, Estimator estimator) {
        return new StepTime(d, estimator);
    }

    /**
     * KV tokens a replica holds = (usable - weights - activations - overhead) per GPU / (KV bytes per token / (KV shards x stages)
     * + the speculator's KV bytes per token per GPU); weights include the speculator's.
     */
    private static double kvCapacityTokens(Deployment d, Estimator estimator, double weightsPerGpu, int kvShards, double draftKvPerTokenPerGpu) {
        var assumptions = estimator.assumptions();
        double capacity = d.gpu().memoryGb() * (assumptions.memoryIsBinary() ? GIB : GB);
        double activations = Memory.activationBytes(d.model(), Math.min(assumptions.prefillChunkTokens(), d.inputTokens()), d.tensorParallel());
        double fixed = weightsPerGpu + activations + assumptions.runtimeOverheadGb() * GB;
        double free = d.engine().serving().usableBytes(capacity, d.engine().memoryUtilisation(), fixed) - fixed;
        double perTokenPerGpu = Memory.kvBytesPerToken(d.model(), d.kv().bytesPerElement()) / kvShards + draftKvPerTokenPerGpu;
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
     * The target's step, one token per decoding sequence ({@link #roofline}); a speculator's drafts are not in it
     * ({@link #speculativeStepSeconds}).
     *
     * @param decodeSequences    sequences decoding one token this step (the whole replica's)
     * @param meanDecodeContext  tokens they attend over, on average
     * @param prefillTokens      prompt tokens of the step's prefill chunks (0: decode only)
     * @param prefillFlops       their FLOPs ({@link #prefillChunkFlops} summed over the chunks)
     */
    public double stepSeconds(int decodeSequences, double meanDecodeContext, int prefillTokens, double prefillFlops) {
        return roofline(model, bitsPerWeight, peak, overheadSeconds, decodeSequences, 1, meanDecodeContext, prefillTokens, prefillFlops);
    }

    /** The speculator's k (0 without one). */
    public int draftTokens() {
        return draftTokens;
    }

    /** The chance a that each drafted token is accepted (0 without a speculator). */
    public double acceptance() {
        return acceptance;
    }

    /**
     * A speculating step = verification (the target over k + 1 tokens per decoding sequence, with the step's prefill chunks)
     * + k x draft step (the speculator over one token per sequence, 16-bit weights and peak, no overhead of its own: drafts
     * run inside the engine's step), as {@link SpeculativeStep} at the deployment's batch; {@link #stepSeconds} without a speculator.
     */
    public double speculativeStepSeconds(int decodeSequences, double meanDecodeContext, int prefillTokens, double prefillFlops) {
        if (draft == null || decodeSequences == 0) {
            return stepSeconds(decodeSequences, meanDecodeContext, prefillTokens, prefillFlops);
        }
        int verified = Speculation.verifiedTokensPerSequence(draftTokens);
        double verification = roofline(model, bitsPerWeight, peak, overheadSeconds, decodeSequences, verified,
                meanDecodeContext, prefillTokens, prefillFlops);
        double draftStep = roofline(draft, Speculation.DRAFT_BITS_PER_WEIGHT, draftPeak, 0, decodeSequences, 1, meanDecodeContext, 0, 0);
        return Speculation.cycleSeconds(verification, draftStep, draftTokens);
    }

    /**
     * step = p x (max(weight bytes / (BW x MBU) + KV bytes / (BW x MBU_attention), decode FLOPs / (peak x MFU_decode) + chunk FLOPs / (peak x MFU_prefill(n))) + 2 x layers / p x all-reduce(tokens))
     * + (p - 1) x hop(tokens) + overhead (+ prefill overhead with chunks), per stage over its micro-batch; weight bytes = weights read, KV bytes =
     * b x KV(mean context), tokens = b x n + chunk tokens (n tokens per decoding sequence: 1, or k + 1 in a verification).
     */
    private double roofline(Model runs, double bits, double peakTflops, double overheadSeconds, int decodeSequences, int tokensPerSequence,
            double meanDecodeContext, int prefillTokens, double prefillFlops) {
        int microBatches = Math.max(1, Math.min(p, decodeSequences));
        int b = decodeSequences == 0 ? 0 : (int) Math.ceil((double) decodeSequences / microBatches);
        int tokens = b * tokensPerSequence + prefillTokens;
        if (tokens == 0) {
            return 0;
        }
        int shards = runs == model ? kvShards : Memory.kvShards(runs, t) * p;
        double weightBytes = Roofline.decodeWeightBytesPerStep(runs, bits, tokens) / (t * p);
        double kvBytes = b == 0 ? 0 : b * Memory.kvBytesPerSequence(runs, kvBytesPerElement, meanDecodeContext) / shards;
        double memory = Roofline.decodeMemorySeconds(weightBytes, kvBytes, bandwidthGbs, eff);
        double decodeCompute = b == 0 ? 0
                : Roofline.computeSeconds(b * tokensPerSequence * Roofline.decodeFlopsPerToken(runs, meanDecodeContext) / (t * p), peakTflops, eff.decodeMfu());
        double prefillCompute = prefillTokens == 0 ? 0
                : Roofline.computeSeconds(prefillFlops / (t * p), peakTflops, Roofline.prefillMfu(prefillMfuMax, prefillTokens, eff.prefillHalfTokens()));
        double comm = 2.0 * runs.layers() / p * Collectives.allReduceSeconds(t, tokens * runs.hiddenSize() * BYTES_FP16, busGbs, latencyUs);
        double hops = (p - 1) * Collectives.sendSeconds(tokens * runs.hiddenSize() * BYTES_FP16, ppLinkGbs, hopLatencyUs);
        double overhead = overheadSeconds + (prefillTokens > 0 ? prefillOverheadSeconds : 0);
        return p * (Math.max(memory, decodeCompute + prefillCompute) + comm) + hops + overhead;
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
