package dev.infera.physics;

import dev.infera.catalog.Price;

/**
 * Estimates a {@link DisaggregatedDeployment} at a request rate, in closed form: each pool's worker through
 * {@link Estimator} (a prefill worker at batch 1, a decode worker at the batch Little's law gives it), the prefill
 * queue as M/D/1, the KV transfer over the link ({@link Disaggregation}). The decode worker's served TPOT is its decode
 * step: no prompt is interleaved with its decode steps.
 */
public final class DisaggregatedEstimator {
    /** Enough for the decode batch to settle, as {@link Estimator#estimateAtRate}. */
    private static final int ITERATIONS = 8;

    private final Estimator estimator;

    public DisaggregatedEstimator(Estimator estimator) {
        this.estimator = estimator;
    }

    /** At {@code requestsPerS} over the whole deployment; prices may be null (cost NaN). */
    public DisaggregatedEstimate atRate(DisaggregatedDeployment d, double requestsPerS, Price prefillPrice, Price decodePrice) {
        Deployment p = d.prefill();
        Deployment q = d.decode();
        int x = d.prefillWorkers();
        int y = d.decodeWorkers();
        Estimate prefill = estimator.estimate(p.withBatch(1), prefillPrice);
        double prefillSeconds = prefill.ttftAloneMs() / 1000;
        double utilisation = Disaggregation.prefillUtilisation(requestsPerS, prefillSeconds, x);
        // The whole prompt's KV is sent, cached prefix included: the decode worker holds the whole sequence.
        double bytes = Disaggregation.kvTransferBytes(prefill.kvBytesPerToken(), p.inputTokens());
        int streams = kvStreams(d);
        double latencyUs = estimator.assumptions().pipelineHopLatencyUs();
        double transfer = kvTransferSeconds(d, estimator, prefill.kvBytesPerToken(), p.inputTokens());
        double ttft = Disaggregation.servedTtftSeconds(prefillSeconds, utilisation, transfer);

        // The decode worker's batch: Little's law over its step time, which grows with the batch.
        int batch = 1;
        Estimate decode = estimator.estimate(q.withBatch(batch), decodePrice);
        int maxBatch = decode.maxBatch();
        boolean decodeKeepsUp = true;
        for (int step = 0; step < ITERATIONS; step++) {
            double needed = Disaggregation.decodeSequencesPerWorker(requestsPerS, y, q.outputTokens(), decode.stepMs() / 1000);
            decodeKeepsUp = needed <= Math.max(1, maxBatch);
            int next = (int) Math.min(Math.max(1, maxBatch), Math.max(1, Math.ceil(needed)));
            if (next == batch) {
                break;
            }
            batch = next;
            decode = estimator.estimate(q.withBatch(batch), decodePrice);
        }
        double stepAtMax = maxBatch <= 1 ? decode.stepMs() : estimator.estimate(q.withBatch(maxBatch), decodePrice).stepMs();
        double capacity = Disaggregation.capacityRequestsPerS(x, prefillSeconds, y, Math.max(1, maxBatch), q.outputTokens(), stepAtMax / 1000);
        boolean sustainable = utilisation < 1 && decodeKeepsUp && requestsPerS <= capacity;
        double output = Math.min(requestsPerS, capacity) * q.outputTokens();
        double usdPerHour = prefillPrice == null || decodePrice == null ? Double.NaN
                : prefillPrice.usdPerGpuHour() * p.totalGpus() + decodePrice.usdPerGpuHour() * q.totalGpus();
        return new DisaggregatedEstimate(requestsPerS, prefill, decode, prefill.ttftAloneMs(), utilisation,
                Latency.md1WaitSeconds(utilisation, prefillSeconds) * 1000, bytes, streams, latencyUs, transfer * 1000, ttft * 1000,
                batch, maxBatch, decode.stepMs(), stepAtMax, capacity, sustainable, output, usdPerHour, Cost.usdPerMillionTokens(usdPerHour, 1, output));
    }

    /** GPU-to-GPU streams a request's KV travels over = min(KV shards of a prefill worker, of a decode worker). */
    public static int kvStreams(DisaggregatedDeployment d) {
        Deployment p = d.prefill();
        Deployment q = d.decode();
        return Disaggregation.kvStreams(Memory.kvShards(p.model(), p.tensorParallel()) * p.pipelineParallel(),
                Memory.kvShards(q.model(), q.tensorParallel()) * q.pipelineParallel());
    }

    /**
     * One request's KV transfer = latency + KV bytes per token x prompt tokens / (streams x link GB/s), the latency
     * assumptions.yaml's pipelineHopLatencyUs (a point-to-point send); infinite without a link.
     */
    public static double kvTransferSeconds(DisaggregatedDeployment d, Estimator estimator, double kvBytesPerToken, int promptTokens) {
        return d.link() == null ? Double.POSITIVE_INFINITY
                : Disaggregation.kvTransferSeconds(Disaggregation.kvTransferBytes(kvBytesPerToken, promptTokens), kvStreams(d),
                        d.link().unidirectionalGbs(), estimator.assumptions().pipelineHopLatencyUs());
    }

    /** At the rate {@code users} in a closed loop send = N / (TTFT + output x TPOT), found by fixed-point iteration from the colocated guess. */
    public DisaggregatedEstimate atUsers(DisaggregatedDeployment d, int users, double firstGuessRequestsPerS, Price prefillPrice, Price decodePrice) {
        double rate = firstGuessRequestsPerS;
        DisaggregatedEstimate e = atRate(d, rate, prefillPrice, decodePrice);
        for (int step = 0; step < ITERATIONS; step++) {
            double next = Disaggregation.closedLoopRequestsPerS(users, Math.min(e.ttftMs(), 1e9) / 1000, d.decode().outputTokens(), e.tpotMs() / 1000);
            // A closed loop never offers more than the pools carry: the users wait instead.
            next = Math.min(next, e.capacityRequestsPerS() * 0.99);
            if (Math.abs(next - rate) <= 1e-3 * rate) {
                break;
            }
            rate = next;
            e = atRate(d, rate, prefillPrice, decodePrice);
        }
        return e;
    }

    /**
     * The split of {@code workers} identical workers (the {@code worker} deployment, replicas ignored) into x prefill and
     * n - x decode workers that meets both targets with the most room: the x minimising max(TTFT / TTFT target, TPOT / TPOT target)
     * at the rate; a split whose pools cannot carry the rate is never chosen over one that can. Null for fewer than 2 workers.
     */
    public DisaggregatedEstimateOf bestSplit(Deployment worker, int workers, double requestsPerS, double ttftTargetMs, double tpotTargetMs, Price price) {
        DisaggregatedEstimateOf best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int x = 1; x < workers; x++) {
            Deployment p = worker.withReplicas(x);
            Deployment q = worker.withReplicas(workers - x);
            DisaggregatedDeployment d = DisaggregatedDeployment.of(p, q);
            DisaggregatedEstimate e = atRate(d, requestsPerS, price, price);
            double score = (e.sustainable() ? 0 : 1e6) + Math.max(e.ttftMs() / ttftTargetMs, e.tpotMs() / tpotTargetMs);
            if (best == null || score < bestScore) {
                best = new DisaggregatedEstimateOf(d, e);
                bestScore = score;
            }
        }
        return best;
    }

    /** A split and its estimate. */
    public record DisaggregatedEstimateOf(DisaggregatedDeployment deployment, DisaggregatedEstimate estimate) {}
}
