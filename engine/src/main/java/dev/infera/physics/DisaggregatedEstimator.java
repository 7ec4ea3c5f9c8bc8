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

    /**
     * At the load: what {@code closedLoopUsers} users in a closed loop send ({@link #atUsers}) where there are any, else the open-loop
     * {@code requestsPerS} ({@link #atRate}).
     */
    public DisaggregatedEstimate atLoad(DisaggregatedDeployment d, double requestsPerS, int closedLoopUsers, Price prefillPrice, Price decodePrice) {
        return closedLoopUsers > 0 ? atUsers(d, closedLoopUsers, prefillPrice, decodePrice) : atRate(d, requestsPerS, prefillPrice, decodePrice);
    }

    /** At {@code requestsPerS} over the whole deployment, an open loop; prices may be null (cost NaN). */
    public DisaggregatedEstimate atRate(DisaggregatedDeployment d, double requestsPerS, Price prefillPrice, Price decodePrice) {
        return new Pools(d, prefillPrice, decodePrice).at(requestsPerS, 0);
    }

    /**
     * A split's estimates that do not depend on the rate (the prefill worker's, the decode worker's at each batch, remembered),
     * so that a closed loop's search over rates estimates each batch once.
     */
    private final class Pools {
        private final DisaggregatedDeployment d;
        private final Price prefillPrice;
        private final Price decodePrice;
        private final Estimate prefill;
        private final java.util.Map<Integer, Estimate> decodeAtBatch = new java.util.HashMap<>();

        Pools(DisaggregatedDeployment d, Price prefillPrice, Price decodePrice) {
            this.d = d;
            this.prefillPrice = prefillPrice;
            this.decodePrice = decodePrice;
            this.prefill = estimator.estimate(d.prefill().withBatch(1), prefillPrice);
        }

        Estimate decode(int batch) {
            return decodeAtBatch.computeIfAbsent(batch, b -> estimator.estimate(d.decode().withBatch(b), decodePrice));
        }

        /** At {@code requestsPerS}, sent by a closed loop of {@code closedLoopUsers} users (0: an open loop, no bound on the queue). */
        DisaggregatedEstimate at(double requestsPerS, int closedLoopUsers) {
            Deployment p = d.prefill();
            Deployment q = d.decode();
            int x = d.prefillWorkers();
            int y = d.decodeWorkers();
            double prefillSeconds = prefill.ttftAloneMs() / 1000;
            double utilisation = Disaggregation.prefillUtilisation(requestsPerS, prefillSeconds, x);
            // The whole prompt's KV is sent, cached prefix included: the decode worker holds the whole sequence.
            double bytes = Disaggregation.kvTransferBytes(prefill.kvBytesPerToken(), p.inputTokens());
            int streams = kvStreams(d);
            double latencyUs = estimator.assumptions().pipelineHopLatencyUs();
            double transfer = kvTransferSeconds(d, estimator, prefill.kvBytesPerToken(), p.inputTokens());
            double wait = Disaggregation.prefillWaitSeconds(prefillSeconds, utilisation, x, closedLoopUsers);
            double ttft = prefillSeconds + wait + transfer;

            // The decode worker's batch: Little's law over its step time, which grows with the batch.
            int batch = 1;
            Estimate decode = decode(batch);
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
                decode = decode(batch);
            }
            double stepAtMax = maxBatch <= 1 ? decode.stepMs() : decode(maxBatch).stepMs();
            double capacity = Disaggregation.capacityRequestsPerS(x, prefillSeconds, y, Math.max(1, maxBatch), q.outputTokens(), stepAtMax / 1000);
            boolean sustainable = utilisation < 1 && decodeKeepsUp && requestsPerS <= capacity;
            double output = Math.min(requestsPerS, capacity) * q.outputTokens();
            double usdPerHour = prefillPrice == null || decodePrice == null ? Double.NaN
                    : prefillPrice.usdPerGpuHour() * p.totalGpus() + decodePrice.usdPerGpuHour() * q.totalGpus();
            return new DisaggregatedEstimate(requestsPerS, prefill, decode, prefill.ttftAloneMs(), utilisation,
                    wait * 1000, bytes, streams, latencyUs, transfer * 1000, ttft * 1000,
                    batch, maxBatch, decode.stepMs(), stepAtMax, capacity, sustainable, output, usdPerHour, Cost.usdPerMillionTokens(usdPerHour, 1, output),
                    closedLoopUsers, false);
        }
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

    /**
     * At the rate {@code users} in a closed loop send = N / (TTFT + output x TPOT), found by bisection (the latencies rise with the
     * rate, so one rate satisfies it) and never above what the pools carry; where they carry less than the users would send, TTFT =
     * N / rate - output x TPOT (the response-time law: the users wait for the pools).
     */
    public DisaggregatedEstimate atUsers(DisaggregatedDeployment d, int users, Price prefillPrice, Price decodePrice) {
        Pools pools = new Pools(d, prefillPrice, decodePrice);
        // The pools' capacity does not depend on the rate (any rate gives it); just below it every queue is still finite.
        double carried = pools.at(0, users).capacityRequestsPerS() * (1 - CAPACITY_MARGIN);
        DisaggregatedEstimate e = pools.at(carried, users);
        if (sentBy(users, e, d) < carried) {
            // The users send less than the pools carry. N / (TTFT + output x TPOT) falls as the rate rises (the latencies grow with
            // it), so exactly one rate below capacity is what they send: bisect for it.
            double low = 0;
            double high = carried;
            for (int step = 0; step < BISECTIONS; step++) {
                double mid = (low + high) / 2;
                e = pools.at(mid, users);
                if (sentBy(users, e, d) > mid) {
                    low = mid;
                } else {
                    high = mid;
                }
            }
            e = pools.at((low + high) / 2, users);
        }
        // Response-time law: N users at X requests/s each wait N / X per request; what the pools do not serve they wait for.
        double responseMs = users / e.requestsPerS() * 1000 - d.decode().outputTokens() * e.tpotMs();
        return responseMs > e.ttftMs() * (1 + CAPACITY_MARGIN) ? e.waitingForThePools(responseMs) : e;
    }

    /** Below the pools' capacity by this share, a closed loop's rate keeps every queue finite. */
    private static final double CAPACITY_MARGIN = 1e-3;
    /** Halvings of the rate interval: 2^-16 of the capacity, far inside the physics' own error. */
    private static final int BISECTIONS = 16;

    /** Requests/s N users send at {@code e}'s latencies = N / (TTFT + output x TPOT). */
    private static double sentBy(int users, DisaggregatedEstimate e, DisaggregatedDeployment d) {
        return Disaggregation.closedLoopRequestsPerS(users, e.ttftMs() / 1000, d.decode().outputTokens(), e.tpotMs() / 1000);
    }

    /**
     * The split of {@code workers} identical workers (the {@code worker} deployment, replicas ignored) into x prefill and
     * n - x decode workers that meets both targets with the most room: the x minimising max(TTFT / TTFT target, TPOT / TPOT target)
     * at the rate (with {@code closedLoopUsers} > 0, at what that many users send, {@link #atUsers}, {@code requestsPerS} unused);
     * a split whose pools cannot carry the rate is never chosen over one that can. Null for fewer than 2 workers.
     */
    public DisaggregatedEstimateOf bestSplit(Deployment worker, int workers, double requestsPerS, int closedLoopUsers, double ttftTargetMs,
                                             double tpotTargetMs, Price price) {
        DisaggregatedEstimateOf best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int x = 1; x < workers; x++) {
            Deployment p = worker.withReplicas(x);
            Deployment q = worker.withReplicas(workers - x);
            DisaggregatedDeployment d = DisaggregatedDeployment.of(p, q);
            DisaggregatedEstimate e = atLoad(d, requestsPerS, closedLoopUsers, price, price);
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
