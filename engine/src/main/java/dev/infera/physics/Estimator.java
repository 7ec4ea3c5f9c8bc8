package dev.infera.physics;

import dev.infera.catalog.Assumptions;
import dev.infera.catalog.Price;

/**
 * Turns a {@link Deployment} into an {@link Estimate} by composing its parts, each a record with its formula: what the GPUs
 * compute at, the links, memory per GPU and the batch it holds, TTFT alone, the decode step (a roofline over bytes and FLOPs
 * plus all-reduces and per-step overhead), speculative decoding where a speculator drafts, the batch cycle (throughput), what a user sees (served TTFT and TPOT) and cost.
 * A new part is a new record and one line here. Every constant comes from the catalog (engine efficiencies, assumptions, prices).
 */
public final class Estimator {
    private final Assumptions assumptions;

    public Estimator(Assumptions assumptions) {
        this.assumptions = assumptions;
    }

    public Assumptions assumptions() {
        return assumptions;
    }

    /** Estimates {@code d} as given; {@code price} may be null (cost is then NaN). */
    public Estimate estimate(Deployment d, Price price) {
        ComputeRate compute = ComputeRate.of(d);
        Links links = Links.of(d, compute.efficiency(), assumptions);
        MemoryUse memory = MemoryUse.of(d, assumptions);
        PrefillAlone prefill = PrefillAlone.of(d, compute, links, memory);
        DecodeStep plain = DecodeStep.of(d, compute, links);
        SpeculativeStep speculation = SpeculativeStep.of(d, compute, links, memory, plain);
        // With a speculator the verification's roofline is the one judged (its compute grows with k).
        DecodeStep step = speculation == null ? plain : speculation.verification();
        double perToken = Estimate.decodeSecondsPerToken(step, speculation);
        BatchCycle cycle = BatchCycle.of(d, compute, memory, prefill, perToken);
        ServedLatency served = ServedLatency.of(d, prefill, perToken, cycle);
        ServingCost cost = ServingCost.of(d, price, cycle);
        return new Estimate(Unsupported.of(d), compute, links, memory, prefill, step, speculation, cycle, served, cost,
                memory.fits() ? step.limit() : Bottleneck.CAPACITY);
    }

    /** The throughput-optimal batch that fits: the largest, since tokens/s = B / TPOT(B) only grows with B. */
    public Estimate estimateAtMaxBatch(Deployment d, Price price) {
        Estimate probe = estimate(d.withBatch(1), price);
        return probe.maxBatch() <= 1 ? probe : estimate(d.withBatch(probe.maxBatch()), price);
    }

    /**
     * The estimate at the concurrency a request rate sustains on this deployment, by Little's law:
     * sequences in flight per replica B = rate / replicas x (served TTFT + output x served TPOT).
     * Latency grows with B, so B is found by fixed-point iteration. B stops at what fits in memory:
     * a rate the deployment cannot carry then shows as throughput short of rate x output tokens.
     */
    public Estimate estimateAtRate(Deployment d, double requestsPerS, Price price) {
        double perReplica = requestsPerS / d.replicas();
        int batch = 1;
        Estimate e = estimate(d.withBatch(batch), price);
        for (int step = 0; step < RATE_ITERATIONS; step++) {
            double requestSeconds = (e.ttftMs() + d.outputTokens() * e.tpotMs()) / 1000;
            int needed = (int) Math.min(Math.max(1, e.maxBatch()), Math.max(1, Math.ceil(perReplica * requestSeconds)));
            if (needed == batch) {
                break;
            }
            batch = needed;
            e = estimate(d.withBatch(batch), price);
        }
        return e;
    }

    /** Enough for the Little's-law batch to settle (it moves by a few percent after three steps). */
    private static final int RATE_ITERATIONS = 8;
}
