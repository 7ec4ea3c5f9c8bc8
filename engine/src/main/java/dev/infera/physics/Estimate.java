package dev.infera.physics;

import dev.infera.catalog.Precision;

/**
 * The numbers of one {@link Deployment}, no opinions. Memory is per GPU in GB (10^9 bytes), times
 * in milliseconds, throughput in tokens/s; cost fields are NaN where no price is known.
 *
 * @param supported            false when the GPU or engine cannot run the format (see {@code unsupportedReason})
 * @param computePrecision     the tensor peak the matmuls run at on this GPU
 * @param peakTflops           that dense peak, per GPU
 * @param capacityGb           GPU memory
 * @param usableGb             what the engine lets itself use (capacity x utilisation)
 * @param memoryGb             weights + KV + activations + overhead, per GPU
 * @param shortfallGb          memoryGb - usableGb when it does not fit, else 0
 * @param kvBytesPerToken      whole model, in the KV format
 * @param maxBatch             concurrent sequences per replica that fit (0 when the weights alone do not)
 * @param batch                concurrent sequences per replica estimated
 * @param ttftMs               one request's prefill alone on the replica (no queue)
 * @param tpotMs               one decode step of the whole batch
 * @param servedTtftMs         TTFT a user sees at this concurrency: the prefill plus the wait behind other prefills
 * @param servedTpotMs         time per output token a user sees: the step plus other requests' prefills interleaved
 * @param decodeTokensPerS     one sequence's average generation speed over its output (1 / served TPOT)
 * @param outputTokensPerS     all replicas together
 * @param communicationShare   fraction of a decode step spent in all-reduces
 */
public record Estimate(
        boolean supported,
        String unsupportedReason,
        Precision computePrecision,
        double peakTflops,
        double capacityGb,
        double usableGb,
        double weightsGb,
        double kvGb,
        double activationsGb,
        double overheadGb,
        double memoryGb,
        boolean fits,
        double shortfallGb,
        double kvBytesPerToken,
        int maxBatch,
        int batch,
        double ttftMs,
        double prefillComputeMs,
        double prefillCommunicationMs,
        double tpotMs,
        double decodeMemoryMs,
        double decodeComputeMs,
        double decodeCommunicationMs,
        double stepOverheadMs,
        double servedTtftMs,
        double servedTpotMs,
        double decodeTokensPerS,
        double outputTokensPerS,
        double communicationShare,
        Bottleneck bottleneck,
        double usdPerHour,
        double usdPerMillionTokens) {

    /** KV cache as a fraction of usable memory. */
    public double kvShareOfMemory() {
        return usableGb > 0 ? kvGb / usableGb : 0;
    }

    /** Free memory after everything, as a fraction of usable memory (negative when it does not fit). */
    public double headroom() {
        return usableGb > 0 ? (usableGb - memoryGb) / usableGb : 0;
    }

    public boolean hasCost() {
        return !Double.isNaN(usdPerMillionTokens);
    }
}
