package dev.infera.plan;

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
    /** Scope and unit in every name: {@code _per_gpu} or {@code _total} (all GPUs of the deployment), {@code _gb}, {@code _ms}. */
    public static final List<String> OUT = List.of("fits", "batch", "memory_gb_per_gpu", "weights_gb_per_gpu", "weights_gb_total",
            "kv_gb_per_gpu", "kv_gb_total", "ttft_alone_ms", "ttft_ms", "step_ms", "tpot_ms", "per_sequence_tokens_per_s",
            "output_tokens_per_s", "bottleneck", "shortfall_gb_per_gpu", "max_batch", "activations_gb_per_gpu", "overhead_gb_per_gpu",
            "usable_gb_per_gpu", "communication_share", "compute_precision", "server", "replicas", "usd_per_hour", "usd_per_million_tokens",
            "unsupported", "kv_block_tokens", "kv_tokens_per_sequence", "preempted_sequences", "recompute_ms",
            "speculator", "draft_tokens", "acceptance", "tokens_per_verification", "step_ms_without_speculator", "speculative_speedup",
            "crossover_batch");

    private EstimateColumns() {}

    /** Output values keyed by {@link #OUT}; numbers as numbers, unknowns as null. */
    public static Map<String, Object> out(Deployment d, Estimate e) {
        Map<String, Object> row = new LinkedHashMap<>();
        int gpus = d.totalGpus();
        row.put("fits", e.supported() && e.fits());
        row.put("batch", e.batch());
        row.put("memory_gb_per_gpu", round(e.memoryGb(), 3));
        row.put("weights_gb_per_gpu", round(e.weightsGb(), 3));
        row.put("weights_gb_total", round(e.weightsGb() * gpus, 3));
        row.put("kv_gb_per_gpu", round(e.kvGb(), 3));
        row.put("kv_gb_total", round(e.kvGb() * gpus, 3));
        row.put("ttft_alone_ms", round(e.ttftAloneMs(), 2));
        row.put("ttft_ms", round(e.ttftMs(), 2));
        row.put("step_ms", round(e.stepMs(), 3));
        row.put("tpot_ms", round(e.tpotMs(), 3));
        row.put("per_sequence_tokens_per_s", round(e.perSequenceTokensPerS(), 2));
        row.put("output_tokens_per_s", round(e.outputTokensPerS(), 1));
        row.put("bottleneck", e.supported() ? e.bottleneck().label() : "unsupported");
        row.put("shortfall_gb_per_gpu", round(e.shortfallGb(), 3));
        row.put("max_batch", e.maxBatch());
        row.put("activations_gb_per_gpu", round(e.activationsGb(), 3));
        row.put("overhead_gb_per_gpu", round(e.overheadGb(), 3));
        row.put("usable_gb_per_gpu", round(e.usableGb(), 3));
        row.put("communication_share", round(e.communicationShare(), 4));
        row.put("compute_precision", e.computePrecision() == null ? null : e.computePrecision().id());
        row.put("server", d.server().id());
        row.put("replicas", d.replicas());
        row.put("usd_per_hour", round(e.usdPerHour(), 3));
        row.put("usd_per_million_tokens", round(e.usdPerMillionTokens(), 4));
        row.put("unsupported", e.unsupportedReason());
        row.put("kv_block_tokens", e.kvBlockTokens());
        row.put("kv_tokens_per_sequence", round(e.kvTokensPerSequence(), 1));
        row.put("preempted_sequences", e.preemptedSequences());
        row.put("recompute_ms", round(e.recomputeMs(), 2));
        // Speculative decoding (#16): empty without a speculator; step_ms is then the decode time per token with it.
        var sp = e.speculation();
        row.put("speculator", sp == null ? null : sp.speculator().id());
        row.put("draft_tokens", sp == null ? null : sp.speculator().draftTokens());
        row.put("acceptance", sp == null ? null : sp.speculator().acceptance());
        row.put("tokens_per_verification", sp == null ? null : round(sp.tokensPerVerification(), 3));
        row.put("step_ms_without_speculator", sp == null ? null : round(sp.stepMsWithout(), 3));
        row.put("speculative_speedup", sp == null ? null : round(sp.speedup(), 3));
        row.put("crossover_batch", sp == null ? null : sp.crossoverBatch());
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
