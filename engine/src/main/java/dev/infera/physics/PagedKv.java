package dev.infera.physics;

/**
 * KV cache as paged engines hold it (vLLM, SGLang, TensorRT-LLM, LMDeploy): blocks of a fixed number
 * of tokens, allocated as a sequence grows and freed when it ends. In steady state a continuous-batching
 * engine's sequences are staggered: each is somewhere between its prompt and its end, on average halfway
 * through its output, so the cache holds about prompt + output / 2 tokens per sequence, and the scheduler
 * admits that many more sequences than a whole-sequence reservation would, less a margin for the sum's
 * fluctuation. Sequences beyond that margin are preempted and recomputed. Static engines (llama.cpp
 * slots) reserve the whole sequence per slot instead.
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
     * Sequences the scheduler runs = min(sequences memory holds, max batch, max tokens per step, cap): each decode
     * step carries one token per sequence, so the step budget bounds the batch too; 0 limits mean none.
     */
    public static int admittedBatch(long byMemory, int engineMaxBatch, int maxTokensPerStep, int cap) {
        long limit = cap;
        if (engineMaxBatch > 0) {
            limit = Math.min(limit, engineMaxBatch);
        }
        if (maxTokensPerStep > 0) {
            limit = Math.min(limit, maxTokensPerStep);
        }
        return (int) Math.max(0, Math.min(limit, byMemory));
    }

    /** Standard deviations of the staggered batch's KV sum kept free: 2 keeps it inside the cache in about 98 % of steps. */
    public static final double STEADY_STATE_SIGMAS = 2;

    /**
     * Sequences a paged cache holds in steady state = the largest B with B x mean + z x sqrt(B) x sigma <= room:
     * staggered sequences each hold between their prompt and their whole length, uniformly, so one sequence's
     * KV has mean {@code meanBytes} and sigma = (whole - prompt) / sqrt(12) = 2 x (whole - mean) / sqrt(12).
     */
    public static long steadyStateBatch(double roomBytes, double meanBytes, double wholeBytes, double sigmas) {
        if (roomBytes <= 0 || meanBytes <= 0) {
            return 0;
        }
        double c = sigmas * 2 * Math.max(0, wholeBytes - meanBytes) / Math.sqrt(12);
        double rootB = (-c + Math.sqrt(c * c + 4 * meanBytes * roomBytes)) / (2 * meanBytes);
        return (long) Math.floor(rootB * rootB + 1e-9);
    }

    /** Sequences preempted and recomputed = max(0, B - the steady-state batch): what the cache cannot hold staggered. */
    public static int preempted(int batch, long steadyStateBatch) {
        return (int) Math.max(0, batch - steadyStateBatch);
    }

    /**
     * Tokens one preempted sequence prefills again = prompt + output / 2: evicted on average halfway through its output,
     * it prefills what it held (vLLM's default recompute mode).
     */
    public static double recomputeTokens(int promptTokens, int outputTokens) {
        return promptTokens + outputTokens / 2.0;
    }
}
