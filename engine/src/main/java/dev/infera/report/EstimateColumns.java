package dev.infera.report;

import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of an estimate as CSV, JSON lines and --json show them: the configuration in, the
 * numbers out. One definition, so the formats cannot drift apart.
 */
public final class EstimateColumns {
    public static final List<String> IN = List.of("model", "gpu", "gpus", "tp", "pp", "weights", "kv", "engine", "batch",
            "input_tokens", "output_tokens");
    public static final List<String> OUT = List.of("fits", "batch", "memory_gb_per_gpu", "weights_gb", "kv_gb", "ttft_ms",
            "tpot_ms", "decode_tokens_per_s", "output_tokens_per_s", "bottleneck", "shortfall_gb", "max_batch",
            "served_ttft_ms", "served_tpot_ms", "activations_gb", "overhead_gb", "usable_gb_per_gpu", "communication_share", "compute_precision",
            "server", "replicas", "usd_per_hour", "usd_per_million_tokens", "unsupported");

    private EstimateColumns() {}

    /** Output values keyed by {@link #OUT}; numbers as numbers, unknowns as null. */
    public static Map<String, Object> out(Deployment d, Estimate e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("fits", e.supported() && e.fits());
        row.put("batch", e.batch());
        row.put("memory_gb_per_gpu", round(e.memoryGb(), 3));
        row.put("weights_gb", round(e.weightsGb(), 3));
        row.put("kv_gb", round(e.kvGb(), 3));
        row.put("ttft_ms", round(e.ttftMs(), 2));
        row.put("tpot_ms", round(e.tpotMs(), 3));
        row.put("decode_tokens_per_s", round(e.decodeTokensPerS(), 2));
        row.put("output_tokens_per_s", round(e.outputTokensPerS(), 1));
        row.put("bottleneck", e.supported() ? e.bottleneck().label() : "unsupported");
        row.put("shortfall_gb", round(e.shortfallGb(), 3));
        row.put("max_batch", e.maxBatch());
        row.put("served_ttft_ms", round(e.servedTtftMs(), 2));
        row.put("served_tpot_ms", round(e.servedTpotMs(), 3));
        row.put("activations_gb", round(e.activationsGb(), 3));
        row.put("overhead_gb", round(e.overheadGb(), 3));
        row.put("usable_gb_per_gpu", round(e.usableGb(), 3));
        row.put("communication_share", round(e.communicationShare(), 4));
        row.put("compute_precision", e.computePrecision() == null ? null : e.computePrecision().id());
        row.put("server", d.server().id());
        row.put("replicas", d.replicas());
        row.put("usd_per_hour", round(e.usdPerHour(), 3));
        row.put("usd_per_million_tokens", round(e.usdPerMillionTokens(), 4));
        row.put("unsupported", e.unsupportedReason());
        return row;
    }

    /** Rounded for output; NaN and infinity become null (unknown). */
    public static Double round(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
