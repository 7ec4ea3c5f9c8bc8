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
 * @param attentionMbu       memory-bandwidth utilisation of the decode attention's KV-cache read, where the engine's
 *                           attention kernels (paged gathers over many short blocks) reach a different share of the
 *                           bandwidth than its weight reads; 0 = the same as {@code decodeMbu}
 * @param layerOverheadUs    fixed cost per transformer layer per step on every GPU, beyond its bytes and FLOPs: the
 *                           minimum time of the layer's small kernels (norms, rotary, residual adds, activation,
 *                           routing), which batch and tensor parallelism do not shorten; 0 = none
 * @param prefillLayerOverheadUs fixed cost per layer of a step that carries prompt tokens, beyond {@code layerOverheadUs}: engines
 *                           replay decode-only steps from captured CUDA graphs but launch a prompt's kernels one by one (their
 *                           shapes vary with the prompt), so such a step pays the launches; 0 = none
 */
public record Efficiency(
        double decodeMbu,
        double prefillMfu,
        double decodeMfu,
        double stepOverheadMs,
        double allReduceLatencyUs,
        double prefillHalfTokens,
        Map<String, Double> prefillMfuByFormat,
        double attentionMbu,
        double layerOverheadUs,
        double prefillLayerOverheadUs) implements java.io.Serializable {

    public Efficiency {
        prefillMfuByFormat = Map.copyOf(prefillMfuByFormat);
    }

    /** Without an attention MBU of its own: the KV read runs at {@code decodeMbu}. */
    public Efficiency(double decodeMbu, double prefillMfu, double decodeMfu, double stepOverheadMs, double allReduceLatencyUs,
                      double prefillHalfTokens, Map<String, Double> prefillMfuByFormat) {
        this(decodeMbu, prefillMfu, decodeMfu, stepOverheadMs, allReduceLatencyUs, prefillHalfTokens, prefillMfuByFormat, 0, 0, 0);
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
                prefillHalfTokens, prefillMfuByFormat, attentionMbu, layerOverheadUs, prefillLayerOverheadUs);
    }

    /** This efficiency with another attention MBU (0: the same as decodeMbu). */
    public Efficiency withAttentionMbu(double mbu) {
        return new Efficiency(decodeMbu, prefillMfu, decodeMfu, stepOverheadMs, allReduceLatencyUs, prefillHalfTokens, prefillMfuByFormat, mbu, layerOverheadUs, prefillLayerOverheadUs);
    }

    /** This efficiency with another fixed cost per layer per step. */
    public Efficiency withLayerOverheadUs(double us) {
        return new Efficiency(decodeMbu, prefillMfu, decodeMfu, stepOverheadMs, allReduceLatencyUs, prefillHalfTokens, prefillMfuByFormat, attentionMbu, us, prefillLayerOverheadUs);
    }

    /** This efficiency with another fixed cost per layer of a step that carries prompt tokens. */
    public Efficiency withPrefillLayerOverheadUs(double us) {
        return new Efficiency(decodeMbu, prefillMfu, decodeMfu, stepOverheadMs, allReduceLatencyUs, prefillHalfTokens, prefillMfuByFormat, attentionMbu, layerOverheadUs, us);
    }

    /** The MBU the decode attention reads the KV cache at: its own where fitted or stated, else decodeMbu. */
    public double kvReadMbu() {
        return attentionMbu > 0 ? attentionMbu : decodeMbu;
    }

    /** This efficiency with another length dependence and format multipliers. */
    public Efficiency withPrefillShape(double halfTokens, Map<String, Double> byFormat) {
        return new Efficiency(decodeMbu, prefillMfu, decodeMfu, stepOverheadMs, allReduceLatencyUs, halfTokens, byFormat, attentionMbu, layerOverheadUs, prefillLayerOverheadUs);
    }

    /**
     * These factors with each format-specific prefill multiplier extended to the formats of the same
     * arithmetic width that have none of their own: a factor fitted on FP8 prompts measures the engine's
     * 8-bit kernels, so INT8 W8A8 (never measured) gets it too rather than escaping it. Where several
     * fitted formats share a width, the others take their mean.
     */
    public Efficiency withFormatFactorsByArithmetic(Map<String, Format> formats) {
        if (prefillMfuByFormat.isEmpty()) {
            return this;
        }
        Map<Integer, java.util.DoubleSummaryStatistics> byBits = new java.util.HashMap<>();
        prefillMfuByFormat.forEach((id, factor) -> {
            Format fitted = formats.get(id);
            if (fitted != null) {
                byBits.computeIfAbsent(fitted.computePrecision().bits(), bits -> new java.util.DoubleSummaryStatistics()).accept(factor);
            }
        });
        Map<String, Double> extended = new java.util.TreeMap<>(prefillMfuByFormat);
        for (Format f : formats.values()) {
            var fitted = byBits.get(f.computePrecision().bits());
            if (fitted != null && !extended.containsKey(f.id())) {
                extended.put(f.id(), fitted.getAverage());
            }
        }
        return withPrefillShape(prefillHalfTokens, extended);
    }

    /** The multiplier on prefill MFU for weights in {@code formatId}: 1 unless the engine's kernels differ. */
    public double prefillFormatFactor(String formatId) {
        return prefillMfuByFormat.getOrDefault(formatId, 1.0);
    }
}
