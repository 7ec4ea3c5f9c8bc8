package dev.infera.catalog;

import java.util.Map;

/**
 * How close a serving engine gets to the hardware's peaks. Fractions are of the peak (0..1].
 *
 * @param decodeMbu          memory-bandwidth utilisation while decoding
 * @param prefillMfu         model-FLOPs utilisation of a long prefill (the saturated value)
 * @param decodeMfu          model-FLOPs utilisation of a large decode batch
 * @param stepOverheadMs     fixed cost per decode step (kernel launches, scheduling, sampling)
 * @param allReduceLatencyUs fixed latency of one all-reduce, on top of the bytes over the link
 * @param prefillHalfTokens  tokens in one forward pass at which prefill reaches half of {@code prefillMfu}
 *                           (short prompts underfill the GPU); 0 = no dependence on length
 * @param prefillMfuByFormat multiplier on {@code prefillMfu} per weight format where the engine's prompt
 *                           kernels for that format reach a different share of its compute peak; absent = 1
 */
public record Efficiency(
        double decodeMbu,
        double prefillMfu,
        double decodeMfu,
        double stepOverheadMs,
        double allReduceLatencyUs,
        double prefillHalfTokens,
        Map<String, Double> prefillMfuByFormat) {

    public Efficiency {
        prefillMfuByFormat = Map.copyOf(prefillMfuByFormat);
    }

    /** The five constant factors, with prefill independent of length and format (the behaviour before they existed). */
    public Efficiency(double decodeMbu, double prefillMfu, double decodeMfu, double stepOverheadMs, double allReduceLatencyUs) {
        this(decodeMbu, prefillMfu, decodeMfu, stepOverheadMs, allReduceLatencyUs, 0, Map.of());
    }

    /** This efficiency with the given non-null fields replaced. */
    public Efficiency with(Double mbu, Double prefill, Double decode, Double overheadMs, Double latencyUs) {
        return new Efficiency(
                mbu != null ? mbu : decodeMbu,
                prefill != null ? prefill : prefillMfu,
                decode != null ? decode : decodeMfu,
                overheadMs != null ? overheadMs : stepOverheadMs,
                latencyUs != null ? latencyUs : allReduceLatencyUs,
                prefillHalfTokens, prefillMfuByFormat);
    }

    /** This efficiency with another length dependence and format multipliers. */
    public Efficiency withPrefillShape(double halfTokens, Map<String, Double> byFormat) {
        return new Efficiency(decodeMbu, prefillMfu, decodeMfu, stepOverheadMs, allReduceLatencyUs, halfTokens, byFormat);
    }

    /** The multiplier on prefill MFU for weights in {@code formatId}: 1 unless the engine's kernels differ. */
    public double prefillFormatFactor(String formatId) {
        return prefillMfuByFormat.getOrDefault(formatId, 1.0);
    }
}
