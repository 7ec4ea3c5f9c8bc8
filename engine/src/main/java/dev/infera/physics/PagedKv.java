package dev.infera.physics;

/**
 * KV cache as paged engines hold it (vLLM, SGLang, TensorRT-LLM, LMDeploy): blocks of a fixed number
 * of tokens, allocated as a sequence grows and freed when it ends. Staggered sequences are on average
 * halfway through their output, so the cache holds prompt + output / 2 tokens per sequence, and the
 * scheduler admits that many more sequences than a whole-sequence reservation would; when sequences
 * near their end together (the peak) the ones that no longer fit are preempted and recomputed.
 * Static engines (llama.cpp slots) reserve the whole sequence per slot instead.
 */
public final class PagedKv {
    private PagedKv() {}

    /** Blocks a sequence of n tokens holds = ceil(n / block tokens). */
    public static long blocks(double tokens, int blockTokens) {
        return (long) Math.ceil(tokens / blockTokens);
    }

    /** Tokens a paged sequence occupies on average over its life = ceil((prompt + output / 2) / block) x block. */
    public static double averageHeldTokens(int promptTokens, int outputTokens, int blockTokens) {
        return blocks(promptTokens + outputTokens / 2.0, blockTokens) * (double) blockTokens;
    }

    /** Tokens a paged sequence holds at its end = ceil((prompt + output) / block) x block. */
    public static double peakHeldTokens(int promptTokens, int outputTokens, int blockTokens) {
        return blocks((double) promptTokens + outputTokens, blockTokens) * (double) blockTokens;
    }

    /**
     * Sequences the scheduler runs = min(floor(KV capacity / KV bytes per sequence), max batch, max tokens per step, cap):
     * each decode step carries one token per sequence, so the step budget bounds the batch too; 0 limits mean none.
     */
    public static int admittedBatch(double kvCapacityBytes, double kvBytesPerSequence, int engineMaxBatch, int maxTokensPerStep, int cap) {
        double byMemory = Math.max(0, Math.floor(kvCapacityBytes / kvBytesPerSequence));
        double limit = cap;
        if (engineMaxBatch > 0) {
            limit = Math.min(limit, engineMaxBatch);
        }
        if (maxTokensPerStep > 0) {
            limit = Math.min(limit, maxTokensPerStep);
        }
        return (int) Math.min(limit, byMemory);
    }

    /**
     * Sequences preempted at the peak = max(0, B - floor(KV capacity / KV bytes of a whole sequence)): admitted at average
     * occupancy, B sequences need whole-sequence room when they near their end together; the rest are evicted.
     */
    public static int preemptedAtPeak(int batch, double kvCapacityBytes, double kvBytesPerWholeSequence) {
        double fitWhole = Math.max(0, Math.floor(kvCapacityBytes / kvBytesPerWholeSequence));
        return (int) Math.max(0, batch - fitWhole);
    }

    /**
     * Tokens one preempted sequence prefills again = prompt + output / 2: admitted at average occupancy, a batch started
     * together outgrows the cache halfway through its output, when each sequence holds that many (vLLM's default recompute mode).
     */
    public static double recomputeTokens(int promptTokens, int outputTokens) {
        return promptTokens + outputTokens / 2.0;
    }
}
