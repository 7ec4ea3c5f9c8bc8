package dev.infera.physics;

import dev.infera.catalog.Interconnect;

/**
 * A replica split into a prefill pool and a decode pool: {@code prefill} is one prefill worker's deployment with
 * {@code replicas} = x workers, {@code decode} one decode worker's with {@code replicas} = y; each has its own server
 * (GPU type), TP and formats, the same model, engine and request shape. {@code link} carries the KV cache between them.
 */
public record DisaggregatedDeployment(Deployment prefill, Deployment decode, Interconnect link) {

    public DisaggregatedDeployment {
        if (prefill.model() != decode.model() || prefill.inputTokens() != decode.inputTokens() || prefill.outputTokens() != decode.outputTokens()) {
            throw new IllegalArgumentException("both pools serve the same model and request shape");
        }
    }

    /**
     * {@code prefill} and {@code decode} split over {@link #defaultLink}. The decode pool caches no prefix: it receives each
     * request's whole KV from a prefill worker, which alone keeps a prefix cache (prefill computes only the uncached tokens).
     * The prefill pool runs no speculator: it makes one token per request, which a draft cannot speed up; the decode pool
     * keeps {@code decode}'s.
     */
    public static DisaggregatedDeployment of(Deployment prefill, Deployment decode) {
        Deployment plain = decode.withPrefix(0, 0);
        Deployment prefilling = prefill.withSpeculator(null);
        return new DisaggregatedDeployment(prefilling, plain, defaultLink(prefilling, plain));
    }

    public int prefillWorkers() {
        return prefill.replicas();
    }

    public int decodeWorkers() {
        return decode.replicas();
    }

    public int totalGpus() {
        return prefill.totalGpus() + decode.totalGpus();
    }

    /** "1P3D" */
    public String split() {
        return Disaggregation.split(prefillWorkers(), decodeWorkers());
    }

    /** Both pools on the same server type. */
    public boolean homogeneous() {
        return prefill.server() == decode.server() && prefill.weights() == decode.weights() && prefill.kv() == decode.kv()
                && prefill.tensorParallel() == decode.tensorParallel() && prefill.pipelineParallel() == decode.pipelineParallel();
    }

    /**
     * The link KV travels over when none is named: the node's own when both pools are on one server type and fit in one
     * node (NVLink on an HGX board), else the network between nodes (the decode server's, else the prefill server's); null when neither has one.
     */
    public static Interconnect defaultLink(Deployment prefill, Deployment decode) {
        boolean oneNode = prefill.server() == decode.server() && prefill.totalGpus() + decode.totalGpus() <= prefill.server().gpus();
        if (oneNode) {
            return prefill.server().intraNodeLink();
        }
        return decode.server().interNodeLink() != null ? decode.server().interNodeLink() : prefill.server().interNodeLink();
    }
}
