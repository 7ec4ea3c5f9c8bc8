package dev.infera.physics;

import dev.infera.catalog.Gpu;
import dev.infera.catalog.Precision;
import dev.infera.catalog.Speculator;

/**
 * Why a deployment cannot run at all (not fitting in memory is a result, not this): which check failed, on which GPU,
 * at which precision where a precision is the reason, and the sentence a user reads.
 *
 * @param why       the check that failed
 * @param gpu       the GPU's catalog id
 * @param precision the tensor precision the format asks for, where the GPU lacks it ({@link Why#MISSING_TENSOR_CORES}
 *                  and {@link Why#SIXTEEN_BIT_UNSOURCED}); null otherwise
 * @param message   the sentence shown ("A100 SXM4 80GB has no FP8 tensor cores for fp8 (none listed in the catalog)")
 */
public record Unsupported(Why why, String gpu, Precision precision, String message) {

    /** The checks, in the order they are made. */
    public enum Why {
        ENGINE_HAS_NO_KERNELS_FOR_VENDOR,
        ENGINE_DOES_NOT_LOAD_WEIGHTS,
        NOT_A_KV_CACHE_FORMAT,
        ENGINE_HAS_NO_KV_FORMAT,
        ENGINE_HAS_NO_TENSOR_PARALLELISM,
        TENSOR_PARALLEL_DOES_NOT_DIVIDE_HEADS,
        PIPELINE_EXCEEDS_LAYERS,
        NO_INTER_NODE_LINK,
        ENGINE_DOES_NOT_SERVE_SPECULATOR,
        SPECULATOR_WITH_PIPELINE_STAGES,
        MEMORY_BANDWIDTH_UNSOURCED,
        SIXTEEN_BIT_UNSOURCED,
        /** The GPU has no tensor cores for the format's precision (FP8 on Ampere, FP4 before Blackwell). */
        MISSING_TENSOR_CORES
    }

    /** Whether the GPU lacks tensor cores for the format's precision. */
    public boolean missingTensorCores() {
        return why == Why.MISSING_TENSOR_CORES;
    }

    /** The first check {@code d} fails, or null when it runs. */
    public static Unsupported of(Deployment d) {
        Gpu gpu = d.gpu();
        String engine = d.engine().name();
        if (!d.engine().supportsVendor(gpu.vendor())) {
            return of(Why.ENGINE_HAS_NO_KERNELS_FOR_VENDOR, d, engine + " has no kernels for " + gpu.vendor() + " GPUs");
        }
        if (!d.engine().runs(d.weights())) {
            return of(Why.ENGINE_DOES_NOT_LOAD_WEIGHTS, d, engine + " does not load " + d.weights().id() + " weights");
        }
        if (!d.kv().kvCache()) {
            return of(Why.NOT_A_KV_CACHE_FORMAT, d, d.kv().id() + " is not a KV-cache format");
        }
        if (!d.engine().runs(d.kv())) {
            return of(Why.ENGINE_HAS_NO_KV_FORMAT, d, engine + " has no " + d.kv().id() + " KV cache");
        }
        if (d.tensorParallel() > 1 && !d.engine().tensorParallel()) {
            return of(Why.ENGINE_HAS_NO_TENSOR_PARALLELISM, d, engine + " has no tensor parallelism (it splits layers: use pipeline stages)");
        }
        if (d.model().attentionHeads() % d.tensorParallel() != 0) {
            return of(Why.TENSOR_PARALLEL_DOES_NOT_DIVIDE_HEADS, d,
                    "TP=" + d.tensorParallel() + " does not divide " + d.model().attentionHeads() + " attention heads");
        }
        if (d.pipelineParallel() > d.model().layers()) {
            return of(Why.PIPELINE_EXCEEDS_LAYERS, d, "PP=" + d.pipelineParallel() + " exceeds " + d.model().layers() + " layers");
        }
        if (d.gpusPerReplica() > d.server().gpus() && d.server().interNodeLink() == null) {
            return of(Why.NO_INTER_NODE_LINK, d, d.server().name() + " holds " + d.server().gpus() + " GPUs and has no inter-node link for "
                    + d.gpusPerReplica() + " per replica");
        }
        Speculator speculator = d.speculator();
        if (speculator != null && !d.engine().serving().speculates(speculator.kind())) {
            return of(Why.ENGINE_DOES_NOT_SERVE_SPECULATOR, d,
                    engine + " does not serve " + speculator.kind().id() + " speculators (engines.yaml serving.speculators)");
        }
        if (speculator != null && d.pipelineParallel() > 1) {
            return of(Why.SPECULATOR_WITH_PIPELINE_STAGES, d,
                    "speculative decoding is not served with pipeline stages (vLLM: not compatible with pipeline parallelism)");
        }
        if (Double.isNaN(gpu.memoryBandwidthGbs())) {
            return of(Why.MEMORY_BANDWIDTH_UNSOURCED, d, gpu.name() + ": " + gpu.bandwidthUnsourced());
        }
        if (ComputeRate.precisionOf(d) == null) {
            Precision wanted = d.weights().computePrecision();
            return wanted.sixteenBit()
                    ? new Unsupported(Why.SIXTEEN_BIT_UNSOURCED, gpu.id(), wanted, gpu.name() + ": " + gpu.sixteenBitUnsourced())
                    : new Unsupported(Why.MISSING_TENSOR_CORES, gpu.id(), wanted,
                            gpu.name() + " has no " + wanted.id().toUpperCase() + " tensor cores for " + d.weights().id() + " (none listed in the catalog)");
        }
        return null;
    }

    private static Unsupported of(Why why, Deployment d, String message) {
        return new Unsupported(why, d.gpu().id(), null, message);
    }
}
