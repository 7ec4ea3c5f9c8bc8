package dev.infera.catalog;

/**
 * Catalog-wide constants the physics needs, each documented in catalog/assumptions.yaml.
 *
 * @param memoryIsBinary          vendor "80 GB" HBM/GDDR figures are GiB (A100 80GB shows 81,920 MiB)
 * @param runtimeOverheadGb       CUDA context, graphs and allocator slack per GPU
 * @param prefillChunkTokens      tokens processed per prefill step (chunked prefill), sizing activations
 * @param linkEfficiency          fraction of a link's unidirectional speed a ring all-reduce reaches when unmeasured
 * @param pcieAllReduceLatencyUs  all-reduce latency through the host over PCIe (no NVLink)
 * @param networkAllReduceLatencyUs all-reduce latency across nodes (InfiniBand/RoCE)
 * @param pipelineHopLatencyUs    point-to-point send of activations between pipeline stages
 * @param readingSpeedTokensPerS  how fast a person reads, the TPOT that still feels fluent
 * @param hoursPerMonth           for monthly cost
 * @param maxBatchCap             most sequences per replica "--batch max" considers where neither memory nor the engine bounds it lower
 * @param parallelDegrees         the tensor- and pipeline-parallel degrees the candidate search tries, ascending
 * @param maxPipelineStages       the most pipeline stages a candidate may have
 * @param genericNodeGpus         GPUs in the generic box a GPU with no server in the catalog is placed in
 */
public record Assumptions(
        boolean memoryIsBinary,
        double runtimeOverheadGb,
        int prefillChunkTokens,
        double linkEfficiency,
        double pcieAllReduceLatencyUs,
        double networkAllReduceLatencyUs,
        double pipelineHopLatencyUs,
        double readingSpeedTokensPerS,
        double hoursPerMonth,
        int maxBatchCap,
        java.util.List<Integer> parallelDegrees,
        int maxPipelineStages,
        int genericNodeGpus) implements java.io.Serializable {}
