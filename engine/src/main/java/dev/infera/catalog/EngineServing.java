package dev.infera.catalog;

import java.util.Map;

/**
 * How a serving engine schedules sequences and holds their KV cache, as its defaults configure it
 * (engines.yaml, {@code serving:}). Facts of the engine, not fitted: each carries its source.
 *
 * @param kvBlockTokens        tokens per KV block of a paged cache (vLLM block_size, TensorRT-LLM tokens_per_block);
 *                             0 = static slots, each reserving a whole sequence (prompt + all output)
 * @param maxBatch             sequences the scheduler runs at once (max_num_seqs, max_batch_size); 0 = memory alone decides
 * @param maxTokensPerStep     tokens one step may carry, decode tokens and prefill chunks together (max_num_batched_tokens,
 *                             max_num_tokens): the chunked-prefill budget; 0 = no budget (a prompt runs whole)
 * @param kvCacheByWeights     the KV format the engine picks by default for a weight format ({weights id: KV format id});
 *                             a weight format not listed keeps a 16-bit cache
 * @param hostOverheadPerRankMs host time per decode step added by each tensor-parallel rank beyond the first (launching
 *                             kernels and broadcasting the schedule to every worker); engines that replay CUDA graphs pay ~0
 * @param fusedAllReduce       small all-reduces run as one fused one-shot kernel (latency independent of TP degree);
 *                             false = a ring of 2(t-1) steps, each paying the link latency
 * @param source               where the values were read (URLs), or "unverified"
 * @param disaggregation       how the engine serves prefill and decode on separate workers with its KV sent between them,
 *                             with the source read (null: it does not)
 * @param speculators          the speculative decoding the engine serves, {kind id (draft, eagle, mtp): source}; empty = none
 * @param prefixCaching        how the engine reuses the KV blocks of a prompt prefix it has already computed, with the source read
 *                             (null: it does not)
 * @param admission            what the scheduler reserves when it admits a request to a paged cache (engines.yaml
 *                             {@code admission}, its source in {@code source}): {@link Admission#PAGED} by default
 * @param schedulerSteps       decode steps the scheduler plans per call (vLLM 0.6's --num-scheduler-steps, multi-step
 *                             scheduling; engines.yaml {@code schedulerSteps} or a measurement row's run setting): 1 = it
 *                             schedules every step; N > 1 = rounds of N decode steps with whole prompts prefilled between
 *                             them (sim/ReplicaSimulation)
 * @param kvShareOfFreeMemory  the engine's memoryUtilisation is the KV cache's share of the memory left after weights,
 *                             activations and runtime (TensorRT-LLM's free_gpu_memory_fraction), not a cap on the whole memory
 *                             (vLLM's gpu_memory_utilization); engines.yaml {@code kvShareOfFreeMemory}, its source in {@code source}
 */
public record EngineServing(
        int kvBlockTokens,
        int maxBatch,
        int maxTokensPerStep,
        Map<String, String> kvCacheByWeights,
        double hostOverheadPerRankMs,
        boolean fusedAllReduce,
        String source,
        String disaggregation,
        Map<String, String> speculators,
        String prefixCaching,
        Admission admission,
        int schedulerSteps,
        boolean kvShareOfFreeMemory) implements java.io.Serializable {

    /**
     * What a paged engine's scheduler reserves for a request it admits.
     * PAGED: the blocks of what the request holds now (its next prompt chunk, then one more token per step); when
     * blocks run out a running sequence is preempted and recomputed later (vLLM, SGLang).
     * RESERVE_WHOLE_SEQUENCE: the blocks of its prompt and all its output at once; a request whose whole sequence
     * does not fit waits, and a started one is never evicted (TensorRT-LLM's default GUARANTEED_NO_EVICT).
     * PREDICTED_OUTPUT: paged, and a request is admitted only while the free KV also keeps room for its own output and a
     * decaying fraction of the running requests' remaining output (SGLang's new_token_ratio; sim OutputEstimate).
     */
    public enum Admission implements dev.infera.text.Worded {
        PAGED("paged"), RESERVE_WHOLE_SEQUENCE("reserve-whole-sequence"), PREDICTED_OUTPUT("predicted-output");

        private final String id;

        Admission(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        public static java.util.Optional<Admission> byId(String id) {
            return dev.infera.text.Worded.byId(values(), id);
        }
    }

    /** Static slots, no limits beyond memory, 16-bit KV, no per-rank host cost, fused all-reduce: the behaviour before profiles said more. */
    public static final EngineServing STATIC = new EngineServing(0, 0, 0, Map.of(), 0, true, null, null, Map.of(), null, Admission.PAGED, 1, false);

    public EngineServing {
        if (schedulerSteps < 1) {
            throw new IllegalArgumentException("schedulerSteps must be at least 1, got " + schedulerSteps);
        }
        kvCacheByWeights = Map.copyOf(kvCacheByWeights);
        speculators = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(speculators));
    }

    /**
     * This profile as one run configured its server: {@code maxBatch} sequences at once, {@code maxTokensPerStep} tokens a step
     * and {@code steps} decode steps per scheduler call (a measured run's --max-num-seqs, --max-num-batched-tokens and
     * --num-scheduler-steps); the rest is the profile's.
     */
    public EngineServing asRun(int maxBatch, int maxTokensPerStep, int steps) {
        return new EngineServing(kvBlockTokens, maxBatch, maxTokensPerStep, kvCacheByWeights, hostOverheadPerRankMs, fusedAllReduce,
                source, disaggregation, speculators, prefixCaching, admission, steps, kvShareOfFreeMemory);
    }

    /**
     * Memory the engine uses per GPU = fixed + utilisation x (capacity - fixed) where the utilisation is the KV cache's share of
     * what is free, else capacity x utilisation; fixed = weights, activations, runtime and whatever else is held before the KV.
     */
    public double usableBytes(double capacityBytes, double utilisation, double fixedBytes) {
        return kvShareOfFreeMemory ? fixedBytes + utilisation * (capacityBytes - fixedBytes) : capacityBytes * utilisation;
    }

    /**
     * Why this profile cannot run {@code steps} decode steps per scheduler call, or null when it can: multi-step scheduling is
     * vLLM's, modelled for a paged cache admitting by what requests hold, not for static slots or SGLang's predicted output.
     */
    public String schedulerStepsProblem(int steps) {
        if (steps < 1) {
            return "scheduler steps must be at least 1 (1: a schedule every step), got " + steps;
        }
        if (steps == 1) {
            return null;
        }
        if (!paged()) {
            return steps + " scheduler steps (multi-step scheduling, vLLM's) are not modelled with static slots";
        }
        return predictsOutput() ? steps + " scheduler steps (multi-step scheduling, vLLM's) are not modelled with admission predicted-output" : null;
    }

    /** True when the engine serves speculators of {@code kind} (engines.yaml serving.speculators). */
    public boolean speculates(Speculator.Kind kind) {
        return speculators.containsKey(kind.id());
    }

    /** True when KV is held in blocks allocated as a sequence grows (PagedAttention and its kin). */
    public boolean paged() {
        return kvBlockTokens > 0;
    }

    /** True when a paged engine reserves a request's whole sequence (prompt + output) at admission and never preempts. */
    public boolean reservesWholeSequence() {
        return paged() && admission == Admission.RESERVE_WHOLE_SEQUENCE;
    }

    /** True when a paged engine admits by a prediction of the output still to come (SGLang's new_token_ratio). */
    public boolean predictsOutput() {
        return paged() && admission == Admission.PREDICTED_OUTPUT;
    }

    /** True when the engine reuses a cached prompt prefix's KV blocks across requests (engines.yaml says how, with its source). */
    public boolean cachesPrefixes() {
        return prefixCaching != null && paged();
    }

    /** True when the engine serves disaggregated prefill and decode workers (engines.yaml says how, with its source). */
    public boolean disaggregates() {
        return disaggregation != null;
    }

    /** The KV format this engine uses by default with {@code weightsId} weights, or null for its 16-bit default. */
    public String defaultKvFor(String weightsId) {
        return kvCacheByWeights.get(weightsId);
    }
}
