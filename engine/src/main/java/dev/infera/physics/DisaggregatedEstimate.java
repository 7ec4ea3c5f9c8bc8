package dev.infera.physics;

/**
 * The numbers of a {@link DisaggregatedDeployment} at a request rate; names as in the README's glossary, times in ms.
 *
 * @param requestsPerS        the rate the deployment is offered (all workers together)
 * @param prefill             one prefill worker's estimate at batch 1 (its TTFT alone is the prefill of one request)
 * @param decode              one decode worker's estimate at its Little's-law batch (its decode step is the served TPOT)
 * @param prefillMs           prefill of one request on a prefill worker (TTFT alone)
 * @param prefillUtilisation  rate x prefill / x: share of time each prefill worker is busy (>= 1: the queue grows without bound)
 * @param prefillWaitMs       wait at a prefill worker before its prefill starts: M/D/1, and in a closed loop of N users at most
 *                            (N - 1) x prefill / x (every other user's prompt ahead, spread over the x workers), unless the pools
 *                            carry fewer requests than the users send: then N / rate - output x TPOT - prefill - transfer
 * @param kvTransferBytes     KV bytes sent per request (whole model)
 * @param kvStreams           GPU-to-GPU streams the transfer runs over at once
 * @param kvLatencyUs         the link's fixed latency of one send (assumptions.yaml pipelineHopLatencyUs: a point-to-point send)
 * @param kvTransferMs        latency + bytes / (streams x link bandwidth)
 * @param ttftMs              served TTFT = prefill + wait + transfer
 * @param decodeBatch         sequences decoding on each decode worker (Little's law, at most what fits)
 * @param decodeMaxBatch      sequences a decode worker holds at most (its KV room, the engine's limits)
 * @param tpotMs              served TPOT = the decode step at that batch: no prompt is interleaved
 * @param stepAtMaxBatchMs    a decode worker's step at its largest batch (its capacity)
 * @param capacityRequestsPerS requests/s the slower pool carries
 * @param sustainable         the rate is below both pools' capacity (prefill utilisation < 1, the decode batch fits)
 * @param outputTokensPerS    min(rate, capacity) x output tokens
 * @param usdPerHour          both pools' GPUs at their prices (NaN where either is unpriced)
 * @param usdPerMillionTokens usdPerHour / (output tokens/s x 3600) x 10^6
 * @param closedLoopUsers     N where the rate is what a closed loop of N users sends, 0 for an open-loop rate
 * @param waitsForThePools    a closed loop whose users would send more than the pools carry: TTFT = N / rate - output x TPOT
 */
public record DisaggregatedEstimate(
        double requestsPerS,
        Estimate prefill,
        Estimate decode,
        double prefillMs,
        double prefillUtilisation,
        double prefillWaitMs,
        double kvTransferBytes,
        int kvStreams,
        double kvLatencyUs,
        double kvTransferMs,
        double ttftMs,
        int decodeBatch,
        int decodeMaxBatch,
        double tpotMs,
        double stepAtMaxBatchMs,
        double capacityRequestsPerS,
        boolean sustainable,
        double outputTokensPerS,
        double usdPerHour,
        double usdPerMillionTokens,
        int closedLoopUsers,
        boolean waitsForThePools) {

    /** Both pools' workers fit their weights and KV, and their GPUs and engine run the formats. */
    public boolean supported() {
        return prefill.supported() && decode.supported();
    }

    public boolean fits() {
        return prefill.fits() && decode.fits() && decode.maxBatch() >= 1;
    }

    public double perSequenceTokensPerS() {
        return 1000 / tpotMs;
    }

    /** A closed loop the pools cannot keep up with: TTFT is what the response-time law gives, the excess spent waiting before the prefill. */
    DisaggregatedEstimate waitingForThePools(double closedLoopTtftMs) {
        return new DisaggregatedEstimate(requestsPerS, prefill, decode, prefillMs, prefillUtilisation, closedLoopTtftMs - prefillMs - kvTransferMs,
                kvTransferBytes, kvStreams, kvLatencyUs, kvTransferMs, closedLoopTtftMs, decodeBatch, decodeMaxBatch, tpotMs, stepAtMaxBatchMs,
                capacityRequestsPerS, sustainable, outputTokensPerS, usdPerHour, usdPerMillionTokens, closedLoopUsers, true);
    }
}
