package dev.infera.physics;

import dev.infera.catalog.Precision;

/**
 * The numbers of one {@link Deployment}, no opinions; names as in the README's glossary. Memory is per GPU in GB (10^9 bytes), times
 * in milliseconds, throughput in tokens/s; cost fields are NaN where no price is known.
 *
 * @param supported            false when the GPU or engine cannot run the format (see {@code unsupportedReason})
 * @param computePrecision     the tensor peak the matmuls run at on this GPU
 * @param peakTflops           that dense peak, per GPU
 * @param capacityGb           GPU memory
 * @param usableGb             what the engine lets itself use (capacity x utilisation)
 * @param memoryGb             weights + KV + activations + overhead, per GPU
 * @param shortfallGb          memoryGb - usableGb when it does not fit, else 0
 * @param kvBytesPerToken      whole model, in the KV format
 * @param maxBatch             concurrent sequences per replica that fit (0 when the weights alone do not)
 * @param batch                concurrent sequences per replica estimated
 * @param ttftAloneMs          TTFT alone: one request's prefill on idle GPUs of the replica (no queue)
 * @param stepMs               decode step: one decode iteration of the whole batch on one replica (the roofline)
 * @param ttftMs               TTFT as a user sees it at this load: the prefill plus the wait behind other prefills
 * @param tpotMs               TPOT as a user sees it: the decode step plus other requests' prefills interleaved
 * @param perSequenceTokensPerS per-sequence speed: one user's average generation speed over its output (1 / TPOT)
 * @param outputTokensPerS     all replicas together
 * @param communicationShare   fraction of a decode step spent in all-reduces
 * @param kvBlockTokens        tokens per KV block of a paged engine; 0 = static slots reserving whole sequences
 * @param kvTokensPerSequence  tokens of KV each sequence is counted for: paged, prompt + output / 2 in whole blocks; static, prompt + output
 * @param preemptedSequences   sequences of the batch beyond what the paged cache holds in steady state, preempted and recomputed (0 otherwise)
 * @param recomputeMs          time per batch cycle spent prefilling the preempted sequences again
 * @param batchPrefillMs       time per batch cycle prefilling the batch's prompts (pipelined over stages where the engine does)
 * @param pipelineShare        batch prefill time over its sequential time, (M + p - 1) / (M x p); 1 without pipelining
 * @param prefillMicroBatches  M: chunks the batch's prompts go through in (ceil(B x L / step budget), else one per prompt)
 * @param stepTokenBudget      the engine's tokens per step, decode and prefill chunks together (0 = none)
 * @param prefillTokensPerStep prompt tokens each decode step carries under that budget (NaN without one)
 * @param kvSteadyStateBatch   sequences the paged cache holds staggered, with its margin (PagedKv.steadyStateBatch; 0 for static slots)
 * @param prefixTokens         shared prompt prefix the paged cache reuses (0 without prefix caching or under static slots)
 * @param prefixHitRate        share of requests that find the prefix cached (0 without prefix caching)
 * @param uncachedPrefillTokens prompt tokens prefill computes per request (PrefixCache.uncachedPrefillTokens; the prompt without caching)
 * @param sharedPrefixTokens   tokens of KV the cached prefix holds once per replica, in whole blocks (0 without caching)
 * @param sharedPrefixKvGb     that prefix's KV per GPU, held once, not per sequence (included in memoryGb)
 * @param speculation          speculative decoding's numbers (null without a speculator); with one, stepMs is the decode time per
 *                             output token (the speculation cycle over the tokens it yields) and the decode fields are the verification's
 */
public record Estimate(
        boolean supported,
        String unsupportedReason,
        Precision computePrecision,
        double peakTflops,
        double capacityGb,
        double usableGb,
        double weightsGb,
        double kvGb,
        double activationsGb,
        double overheadGb,
        double memoryGb,
        boolean fits,
        double shortfallGb,
        double kvBytesPerToken,
        int maxBatch,
        int batch,
        double ttftAloneMs,
        double prefillComputeMs,
        double prefillCommunicationMs,
        double stepMs,
        double decodeMemoryMs,
        double decodeComputeMs,
        double decodeCommunicationMs,
        double stepOverheadMs,
        double ttftMs,
        double tpotMs,
        double perSequenceTokensPerS,
        double outputTokensPerS,
        double communicationShare,
        Bottleneck bottleneck,
        double usdPerHour,
        double usdPerMillionTokens,
        int kvBlockTokens,
        double kvTokensPerSequence,
        int preemptedSequences,
        double recomputeMs,
        double batchPrefillMs,
        double pipelineShare,
        int prefillMicroBatches,
        int stepTokenBudget,
        double prefillTokensPerStep,
        long kvSteadyStateBatch,
        int prefixTokens,
        double prefixHitRate,
        int uncachedPrefillTokens,
        double sharedPrefixTokens,
        double sharedPrefixKvGb,
        SpeculativeStep speculation) {

    /** KV cache as a fraction of usable memory. */
    public double kvShareOfMemory() {
        return usableGb > 0 ? kvGb / usableGb : 0;
    }

    /** Free memory after everything, as a fraction of usable memory (negative when it does not fit). */
    public double headroom() {
        return usableGb > 0 ? (usableGb - memoryGb) / usableGb : 0;
    }

    public boolean hasCost() {
        return !Double.isNaN(usdPerMillionTokens);
    }
}
