package dev.infera.sim;

import dev.infera.physics.StepTime;

/**
 * What a continuous-batching engine's scheduler admits per step on one replica.
 *
 * @param kvBlocks      paged KV blocks the replica's GPUs hold
 * @param blockTokens   tokens per KV block
 * @param tokenBudget   tokens one step may process, decode tokens and prefill chunks together
 * @param maxSequences  sequences running at once (the engine's max batch)
 * @param reservesWholeSequence admission reserves the blocks of a request's prompt + all its output and never preempts
 *                      (TensorRT-LLM's GUARANTEED_NO_EVICT, catalog EngineServing.Admission); false = blocks as the
 *                      sequence grows, preempting by recompute when they run out (vLLM, SGLang)
 * @param outputEstimate admission also keeps room for the output running requests are predicted still to write
 *                      (SGLang's new_token_ratio, {@link OutputEstimate}); null: admission looks at the next chunk's blocks only
 * @param schedulerSteps decode steps planned per scheduler call (vLLM 0.6's --num-scheduler-steps): 1 = every step is
 *                      scheduled (chunked prefill mixes prompts into decode steps); N > 1 = multi-step scheduling: whole
 *                      prompts are prefilled in steps of their own and the running batch decodes in rounds of up to N steps
 *                      that admit nothing ({@link ReplicaSimulation})
 */
public record SchedulerLimits(long kvBlocks, int blockTokens, int tokenBudget, int maxSequences, boolean reservesWholeSequence,
                              OutputEstimate outputEstimate, int schedulerSteps) {
    /**
     * vLLM's default KV block size, 16 tokens (engine argument --block-size, whose choices 8/16/32 are listed at
     * https://docs.vllm.ai/en/latest/models/engine_args.html; the default of 16 is unverified: not confirmed
     * against a source in this change). Used for engines whose profile in catalog/engines.yaml states no
     * block size.
     */
    public static final int DEFAULT_BLOCK_TOKENS = 16;

    /**
     * vLLM's max_num_seqs (--max-num-seqs), taken as 256, caps the running batch; unverified (not confirmed
     * against a source in this change, and newer vLLM versions choose it by hardware); used for engines whose
     * profile states no max batch.
     */
    public static final int DEFAULT_MAX_SEQUENCES = 256;

    /** A scheduler that allocates blocks as sequences grow and preempts when they run out (the paged default). */
    public SchedulerLimits(long kvBlocks, int blockTokens, int tokenBudget, int maxSequences) {
        this(kvBlocks, blockTokens, tokenBudget, maxSequences, false);
    }

    /** Limits without an output prediction. */
    public SchedulerLimits(long kvBlocks, int blockTokens, int tokenBudget, int maxSequences, boolean reservesWholeSequence) {
        this(kvBlocks, blockTokens, tokenBudget, maxSequences, reservesWholeSequence, null);
    }

    /** Limits of a scheduler that plans every step. */
    public SchedulerLimits(long kvBlocks, int blockTokens, int tokenBudget, int maxSequences, boolean reservesWholeSequence,
                           OutputEstimate outputEstimate) {
        this(kvBlocks, blockTokens, tokenBudget, maxSequences, reservesWholeSequence, outputEstimate, 1);
    }

    public SchedulerLimits {
        if (blockTokens < 1 || tokenBudget < 1 || maxSequences < 1 || kvBlocks < 0 || schedulerSteps < 1) {
            throw new IllegalArgumentException("scheduler limits must be positive");
        }
        if (schedulerSteps > 1 && outputEstimate != null) {
            throw new IllegalArgumentException("multi-step scheduling (vLLM) is not modelled with admission by predicted output (SGLang)");
        }
    }

    /** These limits with {@code steps} decode steps per scheduler call. */
    public SchedulerLimits withSchedulerSteps(int steps) {
        return new SchedulerLimits(kvBlocks, blockTokens, tokenBudget, maxSequences, reservesWholeSequence, outputEstimate, steps);
    }

    /** Blocks = floor(KV tokens the replica holds / block tokens); the token budget is the catalog's prefill chunk. */
    public static SchedulerLimits of(StepTime physics, int blockTokens, int tokenBudget, int maxSequences) {
        return of(physics, blockTokens, tokenBudget, maxSequences, false);
    }

    /** As {@link #of(StepTime, int, int, int)}, with the engine's admission policy. */
    public static SchedulerLimits of(StepTime physics, int blockTokens, int tokenBudget, int maxSequences, boolean reservesWholeSequence) {
        return of(physics, blockTokens, tokenBudget, maxSequences, reservesWholeSequence, null);
    }

    /** As {@link #of(StepTime, int, int, int, boolean)}, with the engine's output prediction at admission (null: none). */
    public static SchedulerLimits of(StepTime physics, int blockTokens, int tokenBudget, int maxSequences, boolean reservesWholeSequence,
                                     OutputEstimate outputEstimate) {
        return new SchedulerLimits((long) Math.floor(physics.kvCapacityTokens() / blockTokens), blockTokens, tokenBudget, maxSequences,
                reservesWholeSequence, outputEstimate);
    }

    /**
     * Blocks a request must get to be admitted or to run its next chunk of {@code tokens} KV tokens while it holds {@code held}
     * blocks = ceil((prompt + output) / block) - held when the engine reserves whole sequences (its reservation covers every later
     * step: 0 once admitted), else ceil(tokens / block) - held; never below 0.
     */
    long blocksNeeded(long tokens, long wholeTokens, long held) {
        return Math.max(0, blocksFor(reservesWholeSequence ? wholeTokens : tokens) - held);
    }

    /** Blocks a sequence of {@code tokens} occupies = ceil(tokens / block tokens). */
    public long blocksFor(long tokens) {
        return (tokens + blockTokens - 1) / blockTokens;
    }
}
