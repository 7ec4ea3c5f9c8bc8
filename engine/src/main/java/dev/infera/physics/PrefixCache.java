package dev.infera.physics;

/**
 * Prefix caching in paged engines (vLLM automatic prefix caching, SGLang RadixAttention): requests that
 * start with the same S tokens (a system prompt, a shared document) reuse that prefix's KV blocks instead of
 * prefilling it again. A request hits with probability h; a hit prefills only the rest of its prompt. The
 * cached prefix is held once per replica, not once per sequence, so each sequence holds only its own tokens.
 * Static slots (llama.cpp) reserve whole sequences and gain nothing here.
 */
public final class PrefixCache {
    private PrefixCache() {}

    /** Prompt tokens prefill computes on average = max(1, ceil(prompt - h x S)): a hit skips the S cached tokens. */
    public static int uncachedPrefillTokens(int promptTokens, int prefixTokens, double hitRate) {
        return (int) Math.max(1, Math.ceil(promptTokens - hitRate * prefixTokens - 1e-9));
    }

    /**
     * Prefill FLOPs with the prefix cached = F(prompt) - h x F(S), F = Roofline.prefillFlops: the uncached tokens still
     * attend over the cached prefix (causal attention sums over positions, so the prompt's FLOPs less the prefix's own).
     */
    public static double prefillFlops(dev.infera.catalog.Model model, int promptTokens, int prefixTokens, double hitRate) {
        return Roofline.prefillFlops(model, promptTokens) - hitRate * Roofline.prefillFlops(model, prefixTokens);
    }

    /** Tokens a sequence holds of its own on average over its life = prompt - h x S + output / 2 (a hit shares the prefix, a miss holds it). */
    public static double ownAverageTokens(int promptTokens, int outputTokens, int prefixTokens, double hitRate) {
        return promptTokens - hitRate * prefixTokens + outputTokens / 2.0;
    }

    /** Tokens a sequence holds of its own at its end = prompt - h x S + output. */
    public static double ownPeakTokens(int promptTokens, int outputTokens, int prefixTokens, double hitRate) {
        return promptTokens - hitRate * prefixTokens + outputTokens;
    }

    /** Own tokens held on average, in whole blocks = ceil((prompt - h x S + output / 2) / block) x block. */
    public static double averageHeldTokens(int promptTokens, int outputTokens, int prefixTokens, double hitRate, int blockTokens) {
        return PagedKv.blocks(ownAverageTokens(promptTokens, outputTokens, prefixTokens, hitRate), blockTokens) * (double) blockTokens;
    }

    /** Own tokens held at the end, in whole blocks = ceil((prompt - h x S + output) / block) x block. */
    public static double peakHeldTokens(int promptTokens, int outputTokens, int prefixTokens, double hitRate, int blockTokens) {
        return PagedKv.blocks(ownPeakTokens(promptTokens, outputTokens, prefixTokens, hitRate), blockTokens) * (double) blockTokens;
    }

    /** Tokens of KV the cached prefix holds once per replica = ceil(S / block) x block when any request hits (h > 0), else 0. */
    public static double sharedTokens(int prefixTokens, double hitRate, int blockTokens) {
        return hitRate > 0 && prefixTokens > 0 ? PagedKv.blocks(prefixTokens, blockTokens) * (double) blockTokens : 0;
    }

    /**
     * GPU-hours one million requests save by the cache = (uncached - cached prefill compute ms) x tensor-parallel GPUs x 10^6 / 3.6e6
     * ms per hour: the prefill FLOPs removed, at the time the replica's t GPUs take for them (pipeline stages compute in turn, so
     * one stage's t GPUs are busy at a time). Compute, not the TTFT alone: under load a prompt's chunks ride in decode steps whose
     * weight read is paid anyway, so the FLOPs are what a prompt adds.
     */
    public static double gpuHoursSavedPerMillionRequests(double uncachedPrefillComputeMs, double cachedPrefillComputeMs, int tensorParallel) {
        return (uncachedPrefillComputeMs - cachedPrefillComputeMs) * tensorParallel * 1e6 / 3.6e6;
    }
}
