package dev.infera.physics;

import dev.infera.catalog.Precision;

import static dev.infera.physics.Units.GB;
import static dev.infera.physics.Units.MS;

/**
 * The numbers of one {@link Deployment}, no opinions, as the parts the {@link Estimator} composes them from: what it
 * computes at, its links, memory, TTFT alone, the decode step, the batch cycle (throughput), what a user sees (served
 * latency) and cost. The accessors below show them in the units of the README's glossary: memory per GPU in GB (10^9 bytes),
 * times in milliseconds, throughput in tokens/s; cost fields are NaN where no price is known.
 *
 * @param unsupported why the GPU or engine cannot run the deployment at all, or null when it can
 * @param step        the decode step judged: the plain step, or with a speculator its verification (k + 1 tokens per sequence)
 * @param speculation speculative decoding's numbers (null without a speculator)
 * @param bottleneck  what limits it: capacity when it does not fit, else the decode step's limit
 */
public record Estimate(
        Unsupported unsupported,
        ComputeRate compute,
        Links links,
        MemoryUse memory,
        PrefillAlone prefill,
        DecodeStep step,
        SpeculativeStep speculation,
        BatchCycle cycle,
        ServedLatency served,
        ServingCost cost,
        Bottleneck bottleneck) {

    /** False when the GPU or engine cannot run the format (see {@link #unsupported()}). */
    public boolean supported() { return unsupported == null; }
    /** The sentence a user reads about why it cannot run, or null. */
    public String unsupportedReason() { return unsupported == null ? null : unsupported.message(); }

    // What it computes at.
    /** The tensor precision the matmuls run at on this GPU. */
    public Precision computePrecision() { return compute.precision(); }
    /** That dense peak, per GPU. */
    public double peakTflops() { return compute.peakTflops(); }

    // Memory per GPU, GB.
    public double capacityGb() { return memory.capacityBytes() / GB; }
    /** What the engine lets itself use (capacity x utilisation). */
    public double usableGb() { return memory.usableBytes() / GB; }
    public double weightsGb() { return memory.weightBytes() / GB; }
    public double kvGb() { return memory.kvBytes() / GB; }
    public double activationsGb() { return memory.activationBytes() / GB; }
    public double overheadGb() { return memory.overheadBytes() / GB; }
    /** Weights + KV + shared prefix KV + activations + overhead, per GPU. */
    public double memoryGb() { return memory.totalBytes() / GB; }
    public boolean fits() { return memory.fits(); }
    /** memoryGb - usableGb when it does not fit, else 0. */
    public double shortfallGb() { return memory.shortfallBytes() / GB; }
    /** Whole model, in the KV format. */
    public double kvBytesPerToken() { return memory.kvBytesPerToken(); }
    /** Concurrent sequences per replica that fit (0 when the weights alone do not). */
    public int maxBatch() { return memory.maxBatch(); }
    /** Concurrent sequences per replica estimated. */
    public int batch() { return memory.batch(); }
    /** Tokens per KV block of a paged engine; 0 = static slots reserving whole sequences. */
    public int kvBlockTokens() { return memory.kvBlockTokens(); }
    /** Tokens of KV each sequence is counted for: paged, prompt + output / 2 in whole blocks; static, prompt + output. */
    public double kvTokensPerSequence() { return memory.heldTokens(); }
    /** Sequences of the batch beyond what the paged cache holds in steady state, preempted and recomputed (0 otherwise). */
    public int preemptedSequences() { return memory.preempted(); }
    /** Sequences the paged cache holds staggered, with its margin (PagedKv.steadyStateBatch; 0 for static slots). */
    public long kvSteadyStateBatch() { return memory.paged() ? memory.heldByMemory() : 0; }
    /** True when the engine's admission reserves each sequence's whole KV (EngineServing.reservesWholeSequence). */
    public boolean kvReservesWholeSequence() { return memory.reservesWholeSequence(); }
    /** Shared prompt prefix the paged cache reuses (0 without prefix caching or under static slots). */
    public int prefixTokens() { return memory.prefixTokens(); }
    /** Share of requests that find the prefix cached (0 without prefix caching). */
    public double prefixHitRate() { return memory.prefixHitRate(); }
    /** Tokens of KV the cached prefix holds once per replica, in whole blocks (0 without caching). */
    public double sharedPrefixTokens() { return memory.sharedPrefixTokens(); }
    /** That prefix's KV per GPU, held once, not per sequence (included in memoryGb). */
    public double sharedPrefixKvGb() { return memory.sharedPrefixKvBytes() / GB; }

    // TTFT alone, ms.
    /** One request's prefill on idle GPUs of the replica (no queue). */
    public double ttftAloneMs() { return prefill.ttftAloneSeconds() / MS; }
    public double prefillComputeMs() { return prefill.computeSeconds() / MS; }
    public double prefillCommunicationMs() { return prefill.communicationSeconds() / MS; }
    /** Prompt tokens prefill computes per request (PrefixCache.uncachedPrefillTokens; the prompt without caching). */
    public int uncachedPrefillTokens() { return prefill.tokens(); }

    // The decode step, ms.
    /** One decode iteration of the whole batch on one replica (the roofline); with a speculator, the decode time per output token. */
    public double stepMs() { return decodeSecondsPerToken(step, speculation) / MS; }
    public double decodeMemoryMs() { return pipelineStages() * step.memorySeconds() / MS; }
    public double decodeComputeMs() { return pipelineStages() * step.computeSeconds() / MS; }
    public double decodeCommunicationMs() { return pipelineStages() * step.communicationSeconds() / MS; }
    public double stepOverheadMs() { return compute.stepOverheadMs(); }
    /** Fraction of a decode step (with a speculator, of its verification) spent in all-reduces. */
    public double communicationShare() { return pipelineStages() * step.communicationSeconds() / step.stepSeconds(); }

    // The batch cycle.
    /** All replicas together, tokens/s. */
    public double outputTokensPerS() { return cycle.outputTokensPerS(); }
    /** Time per batch cycle spent prefilling the preempted sequences again. */
    public double recomputeMs() { return cycle.recomputeSeconds() / MS; }
    /** Time per batch cycle prefilling the batch's prompts (pipelined over stages where the engine does). */
    public double batchPrefillMs() { return cycle.batchPrefillSeconds() / MS; }
    /** Batch prefill time over its sequential time, (M + p - 1) / (M x p); 1 without pipelining. */
    public double pipelineShare() { return cycle.pipelineShare(); }
    /** M: chunks the batch's prompts go through in (ceil(B x L / step budget), else one per prompt). */
    public int prefillMicroBatches() { return cycle.prefillMicroBatches(); }

    // What a user sees.
    /** TTFT as a user sees it at this load: the prefill plus the wait behind other prefills. */
    public double ttftMs() { return served.ttftSeconds() / MS; }
    /** TPOT as a user sees it: the decode step plus other requests' prefills interleaved. */
    public double tpotMs() { return served.tpotSeconds() / MS; }
    /** Per-sequence speed: one user's average generation speed over its output (1 / TPOT). */
    public double perSequenceTokensPerS() { return 1 / served.tpotSeconds(); }
    /** The engine's tokens per step, decode and prefill chunks together (0 = none). */
    public int stepTokenBudget() { return served.stepTokenBudget(); }
    /** Prompt tokens each decode step carries under that budget (NaN without one). */
    public double prefillTokensPerStep() { return served.prefillTokensPerStep(); }

    // Cost.
    public double usdPerHour() { return cost.usdPerHour(); }
    public double usdPerMillionTokens() { return cost.usdPerMillionTokens(); }
    public boolean hasCost() { return cost.priced(); }

    /** KV cache as a fraction of usable memory. */
    public double kvShareOfMemory() {
        return usableGb() > 0 ? kvGb() / usableGb() : 0;
    }

    /** Free memory after everything, as a fraction of usable memory (negative when it does not fit). */
    public double headroom() {
        return usableGb() > 0 ? (usableGb() - memoryGb()) / usableGb() : 0;
    }

    /** Decode time per output token = the step, or with a speculator the speculation cycle / tokens per verification. */
    static double decodeSecondsPerToken(DecodeStep step, SpeculativeStep speculation) {
        return speculation == null ? step.stepSeconds() : speculation.secondsPerToken();
    }

    private int pipelineStages() {
        return step.stages();
    }
}
