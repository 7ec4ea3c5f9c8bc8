package dev.infera.physics;

import static dev.infera.physics.Units.GB;
import static dev.infera.physics.Units.US;

/**
 * Disaggregated prefill and decode (DistServe, Splitwise; vLLM, SGLang and TensorRT-LLM/Dynamo serve it): a replica
 * split into x prefill workers and y decode workers. A request is prefilled on a prefill worker, its KV cache is sent
 * to a decode worker over the link between them, and it decodes there with no other prompt interleaved. Closed forms:
 * each prefill worker is an M/D/1 queue at rate / x, the decode pool holds rate x output x TPOT sequences (Little's law).
 */
public final class Disaggregation {
    private Disaggregation() {}

    /** KV bytes sent per request = KV bytes per token x prompt tokens (the whole prompt's cache, every layer). */
    public static double kvTransferBytes(double kvBytesPerToken, int promptTokens) {
        return kvBytesPerToken * promptTokens;
    }

    /** KV transfer = latency + bytes / (streams x link GB/s): each of the streams (KV shards sent GPU to GPU) carries its share at once. */
    public static double kvTransferSeconds(double bytes, int streams, double linkGbs, double latencyUs) {
        return latencyUs * US + bytes / (Math.max(1, streams) * linkGbs * GB);
    }

    /** Parallel KV streams = min(KV shards of a prefill worker, KV shards of a decode worker): a GPU sends its shard to its peer. */
    public static int kvStreams(int prefillKvShards, int decodeKvShards) {
        return Math.max(1, Math.min(prefillKvShards, decodeKvShards));
    }

    /** Prefill pool utilisation = rate x prefill seconds / x workers (rate spread evenly over them). */
    public static double prefillUtilisation(double requestsPerS, double prefillSeconds, int prefillWorkers) {
        return requestsPerS * prefillSeconds / prefillWorkers;
    }

    /**
     * Wait before a prefill starts = M/D/1 rho / (2(1 - rho)) x prefill, and in a closed loop of N users at most (N - 1) x prefill / x:
     * no more prompts than every other user's can be queued, shared by the x prefill workers (N = 0: an open loop, unbounded).
     */
    public static double prefillWaitSeconds(double prefillSeconds, double utilisation, int prefillWorkers, int closedLoopUsers) {
        double md1 = Latency.md1WaitSeconds(utilisation, prefillSeconds);
        return closedLoopUsers > 0 ? Math.min(md1, (closedLoopUsers - 1.0) * prefillSeconds / prefillWorkers) : md1;
    }

    /** Sequences decoding on one decode worker (Little's law) = rate / y x output tokens x TPOT. */
    public static double decodeSequencesPerWorker(double requestsPerS, int decodeWorkers, int outputTokens, double tpotSeconds) {
        return requestsPerS / decodeWorkers * outputTokens * tpotSeconds;
    }

    /** Requests/s the pools carry = min(x / prefill seconds, y x B_max / (output x step(B_max))): the slower pool limits. */
    public static double capacityRequestsPerS(int prefillWorkers, double prefillSeconds, int decodeWorkers, int maxBatch,
            int outputTokens, double stepAtMaxBatchSeconds) {
        double prefill = prefillWorkers / prefillSeconds;
        double decode = decodeWorkers * (double) maxBatch / (outputTokens * stepAtMaxBatchSeconds);
        return Math.min(prefill, decode);
    }

    /** Request rate of N users in a closed loop = N / (TTFT + output x TPOT): each sends its next request when the last ends. */
    public static double closedLoopRequestsPerS(int users, double ttftSeconds, int outputTokens, double tpotSeconds) {
        return users / (ttftSeconds + outputTokens * tpotSeconds);
    }

    /** "1P3D": x prefill workers, y decode workers; null when the text is not of that form. */
    public static int[] parseSplit(String text) {
        dev.infera.workload.SplitShape shape = dev.infera.workload.SplitShape.parseOrNull(text);
        return shape == null ? null : new int[] {shape.prefillWorkers(), shape.decodeWorkers()};
    }

    /** The split as the engines' docs write it: "1P3D". */
    public static String split(int prefillWorkers, int decodeWorkers) {
        return prefillWorkers + "P" + decodeWorkers + "D";
    }
}
