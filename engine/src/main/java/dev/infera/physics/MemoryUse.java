package dev.infera.physics;

import dev.infera.catalog.Assumptions;
import dev.infera.catalog.EngineServing;
import dev.infera.catalog.Model;
import dev.infera.catalog.Speculator;

import static dev.infera.physics.Units.GB;
import static dev.infera.physics.Units.GIB;

/**
 * Memory per GPU and the batch it holds: total = weights + KV + activations + overhead + shared prefix KV + speculator weights
 * <= capacity x utilisation.
 * Paged engines count what a sequence holds on average (in whole blocks) and hold the staggered batch with a margin for its
 * fluctuation; static slots, and paged engines whose admission reserves whole sequences, hold whole sequences. A cached prefix is held once, each sequence holds only its own tokens.
 * A speculator's weights are held once per GPU (Speculation.draftWeightBytesPerGpu), its KV per sequence beside the target's.
 * Bytes and tokens; {@link Estimate} shows GB.
 *
 * @param capacityBytes           the GPU's memory (GiB where the catalog's figure is binary)
 * @param usableBytes             capacity x the engine's utilisation limit, or where that is the KV cache's share of free memory
 *                                (TensorRT-LLM, LMDeploy) fixed + utilisation x (capacity - fixed), fixed = everything but the KV
 * @param weightBytes             P x bits / 8 / (t x p)
 * @param kvBytesPerToken         whole model, in the KV format
 * @param kvShards                min(t, kv_heads) x p: the ways the KV cache splits
 * @param kvBlockTokens           tokens per KV block of a paged engine; 0 = static slots
 * @param heldTokens              tokens of KV each sequence is counted for (average own tokens, in whole blocks, when paged; the whole sequence otherwise)
 * @param wholeTokens             tokens a sequence holds at its end (in whole blocks when paged)
 * @param sharedPrefixTokens      tokens the cached prefix holds once per replica, in whole blocks (0 without caching)
 * @param sharedPrefixKvBytes     that prefix's KV per GPU
 * @param speculatorWeightBytes   the speculator's weights per GPU = draft params x 16 bits / 8 / t (0 without one)
 * @param speculatorKvBytesPerToken the speculator's KV bytes per token per GPU = its bytes per token / (min(t, its kv_heads) x p) (0 without one)
 * @param kvPerSequenceBytes      KV of one sequence's held tokens per GPU, the speculator's included
 * @param kvPerWholeSequenceBytes KV of one sequence's whole tokens per GPU, the speculator's included
 * @param prefillChunkTokens      tokens of one prefill chunk (the catalog's assumption)
 * @param activationBytes         prefill workspace for one chunk of min(chunk, prompt prefilled) tokens
 * @param overheadBytes           CUDA context, graphs and allocator per GPU
 * @param kvRoomBytes             usable - weights - activations - overhead - shared prefix KV - speculator weights
 * @param heldByMemory            sequences the cache holds: staggered with a margin (paged), whole reservations (static)
 * @param maxBatchCap             the cap on it (assumptions.yaml maxBatchCap)
 * @param maxBatch                min(held by memory, engine max batch, tokens per step, cap)
 * @param batch                   concurrent sequences per replica estimated
 * @param preempted               sequences beyond what a paged cache holds staggered (0 for static slots)
 * @param kvBytes                 KV per sequence x batch
 * @param totalBytes              weights + activations + overhead + shared prefix KV + speculator weights + KV
 * @param prefixTokens            shared prompt prefix the paged cache reuses (0 without prefix caching)
 * @param prefixHitRate           share of requests that find it cached (0 without)
 * @param reservesWholeSequence   a paged engine whose admission reserves each sequence's whole KV (TensorRT-LLM's
 *                                GUARANTEED_NO_EVICT): counted for its whole tokens, held as whole reservations, none preempted
 */
public record MemoryUse(
        double capacityBytes,
        double usableBytes,
        double weightBytes,
        double kvBytesPerToken,
        int kvShards,
        int kvBlockTokens,
        double heldTokens,
        double wholeTokens,
        double sharedPrefixTokens,
        double sharedPrefixKvBytes,
        double speculatorWeightBytes,
        double speculatorKvBytesPerToken,
        double kvPerSequenceBytes,
        double kvPerWholeSequenceBytes,
        int prefillChunkTokens,
        double activationBytes,
        double overheadBytes,
        double kvRoomBytes,
        long heldByMemory,
        int maxBatchCap,
        int maxBatch,
        int batch,
        int preempted,
        double kvBytes,
        double totalBytes,
        int prefixTokens,
        double prefixHitRate,
        boolean reservesWholeSequence) {

    public static MemoryUse of(Deployment d, Assumptions assumptions) {
        Model model = d.model();
        EngineServing serving = d.engine().serving();
        int block = serving.kvBlockTokens();
        double bytesPerElement = d.kv().bytesPerElement();
        int t = d.tensorParallel();
        int p = d.pipelineParallel();
        double capacity = d.gpu().memoryGb() * (assumptions.memoryIsBinary() ? GIB : GB);
        double weights = Memory.weightBytes(model.paramsB(), d.weights().bitsPerWeight()) / (t * p);
        int kvShards = Memory.kvShards(model, t) * p;
        boolean cachesPrefix = d.cachesPrefix();
        boolean reserves = serving.reservesWholeSequence();
        double wholeTokens = cachesPrefix
                ? PrefixCache.peakHeldTokens(d.inputTokens(), d.outputTokens(), d.prefixTokens(), d.prefixHitRate(), block)
                : serving.paged() ? PagedKv.peakHeldTokens(d.inputTokens(), d.outputTokens(), block) : d.sequenceTokens();
        // A reserving engine holds every admitted sequence's whole reservation from its first step, like a static slot.
        double heldTokens = reserves ? wholeTokens : cachesPrefix
                ? PrefixCache.averageHeldTokens(d.inputTokens(), d.outputTokens(), d.prefixTokens(), d.prefixHitRate(), block)
                : serving.paged() ? PagedKv.averageHeldTokens(d.inputTokens(), d.outputTokens(), block) : d.sequenceTokens();
        double sharedPrefixTokens = cachesPrefix ? PrefixCache.sharedTokens(d.prefixTokens(), d.prefixHitRate(), block) : 0;
        double sharedPrefixKv = cachesPrefix ? Memory.kvBytesPerSequence(model, bytesPerElement, sharedPrefixTokens) / kvShards : 0;
        Speculator speculator = d.speculator();
        double draftWeights = speculator == null ? 0 : Speculation.draftWeightBytesPerGpu(speculator.shape().paramsB(), t);
        double draftKvPerToken = speculator == null ? 0
                : Memory.kvBytesPerToken(speculator.shape(), bytesPerElement) / (Memory.kvShards(speculator.shape(), t) * p);
        double kvPerSequence = Memory.kvBytesPerSequence(model, bytesPerElement, heldTokens) / kvShards + draftKvPerToken * heldTokens;
        double kvPerWholeSequence = Memory.kvBytesPerSequence(model, bytesPerElement, wholeTokens) / kvShards + draftKvPerToken * wholeTokens;
        double activations = Memory.activationBytes(model, Math.min(assumptions.prefillChunkTokens(), d.prefillTokens()), t);
        double overhead = assumptions.runtimeOverheadGb() * GB;
        double fixed = weights + activations + overhead + sharedPrefixKv + draftWeights;
        double usable = serving.usableBytes(capacity, d.engine().memoryUtilisation(), fixed);
        double kvRoom = usable - fixed;
        boolean staggered = serving.paged() && !reserves;
        long heldByMemory = staggered
                ? PagedKv.steadyStateBatch(kvRoom, kvPerSequence, kvPerWholeSequence, PagedKv.STEADY_STATE_SIGMAS)
                : (long) Math.max(0, Math.floor(kvRoom / kvPerSequence));
        int maxBatch = PagedKv.admittedBatch(heldByMemory, serving.maxBatch(), serving.maxTokensPerStep(), assumptions.maxBatchCap());
        // Whole reservations never run out mid-sequence: a reserving engine makes a request wait instead of preempting.
        int preempted = staggered ? PagedKv.preempted(d.batch(), heldByMemory) : 0;
        double kv = kvPerSequence * d.batch();
        return new MemoryUse(capacity, usable, weights, Memory.kvBytesPerToken(model, bytesPerElement), kvShards, block, heldTokens,
                wholeTokens, sharedPrefixTokens, sharedPrefixKv, draftWeights, draftKvPerToken, kvPerSequence, kvPerWholeSequence,
                assumptions.prefillChunkTokens(), activations, overhead, kvRoom,
                heldByMemory, assumptions.maxBatchCap(), maxBatch, d.batch(), preempted, kv, fixed + kv,
                cachesPrefix ? d.prefixTokens() : 0, cachesPrefix ? d.prefixHitRate() : 0, reserves);
    }

    /** The speculator's KV for the batch per GPU = its bytes per token per GPU x tokens held x B (in kvBytes). */
    public double speculatorKvBytes() {
        return speculatorKvBytesPerToken * heldTokens * batch;
    }

    public boolean paged() {
        return kvBlockTokens > 0;
    }

    /** total <= usable. */
    public boolean fits() {
        return totalBytes <= usableBytes;
    }

    /** total - usable when it does not fit, else 0. */
    public double shortfallBytes() {
        return fits() ? 0 : totalBytes - usableBytes;
    }
}
