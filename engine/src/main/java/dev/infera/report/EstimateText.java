package dev.infera.report;

import dev.infera.text.Numbers;
import dev.infera.text.TextTable;
import dev.infera.plan.DeploymentSpec;
import dev.infera.plan.EstimateColumns;

import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;
import dev.infera.physics.Explain;

import java.util.LinkedHashMap;
import java.util.Map;

/** One estimate as `infera estimate` shows it: a table, optionally the formulas, or a JSON document. */
public final class EstimateText {
    private EstimateText() {}

    public static String render(Deployment d, Estimate e, boolean explain) {
        StringBuilder out = new StringBuilder(table(d, e));
        if (explain) {
            out.append('\n');
            for (Explain.Derivation step : Explain.of(d, e)) {
                out.append(String.format("%s = %s%n    = %s%n    = %s%n", step.quantity(), step.formula(), step.substituted(), step.result()));
            }
        }
        return out.toString();
    }

    public static Map<String, Object> document(Deployment d, Estimate e, boolean explain) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("configuration", describe(d));
        document.put("estimate", EstimateColumns.out(d, e));
        if (e.prefixTokens() > 0) {
            document.put("prefix_cache", prefixCache(e));
        }
        if (e.speculation() != null) {
            document.put("speculation", speculation(e.speculation()));
        }
        if (explain) {
            document.put("explain", Explain.of(d, e));
        }
        return document;
    }

    /** The prefix cache's own numbers, only where one is given (output without it is unchanged). */
    static Map<String, Object> prefixCache(Estimate e) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("prefix_tokens", e.prefixTokens());
        c.put("hit_rate", e.prefixHitRate());
        c.put("uncached_prefill_tokens", e.uncachedPrefillTokens());
        c.put("shared_kv_tokens", e.sharedPrefixTokens());
        c.put("shared_kv_gb_per_gpu", Math.round(e.sharedPrefixKvGb() * 1000) / 1000.0);
        return c;
    }

    /** Speculative decoding's own numbers, only where a speculator is given (output without one is unchanged). */
    static Map<String, Object> speculation(dev.infera.physics.SpeculativeStep s) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("speculator", s.speculator().id());
        c.put("kind", s.speculator().kind().id());
        c.put("draft_tokens", s.speculator().draftTokens());
        c.put("acceptance", s.speculator().acceptance());
        c.put("acceptance_source", s.speculator().acceptanceSource());
        c.put("tokens_per_verification", Math.round(s.tokensPerVerification() * 1000) / 1000.0);
        c.put("verification_ms", Math.round(s.verificationMs() * 1000) / 1000.0);
        c.put("draft_step_ms", Math.round(s.draftStepMs() * 1000) / 1000.0);
        c.put("cycle_ms", Math.round(s.cycleMs() * 1000) / 1000.0);
        c.put("step_ms_without_speculator", Math.round(s.stepMsWithout() * 1000) / 1000.0);
        c.put("speedup", Math.round(s.speedup() * 1000) / 1000.0);
        c.put("crossover_batch", s.crossoverBatch());
        c.put("draft_weights_gb_per_gpu", Math.round(s.draftWeightsGb() * 1000) / 1000.0);
        c.put("draft_kv_gb_per_gpu", Math.round(s.draftKvGb() * 1000) / 1000.0);
        return c;
    }

    static Map<String, Object> describe(Deployment d) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", d.model().id());
        c.put("gpu", d.gpu().id());
        c.put("server", d.server().id());
        c.put("link", d.server().intraNodeLink().id());
        c.put("gpus", d.totalGpus());
        c.put("tp", d.tensorParallel());
        c.put("pp", d.pipelineParallel());
        c.put("replicas", d.replicas());
        c.put("weights", d.weights().id());
        c.put("kv", d.kv().id());
        c.put("kv_engine_default", DeploymentSpec.defaultKv(d.weights(), d.engine()));
        c.put("engine", d.engine().id());
        c.put("engine_profile", d.engine().profileOn(d.gpu()));
        c.put("engine_calibrated", d.engine().calibrated());
        c.put("input_tokens", d.inputTokens());
        c.put("output_tokens", d.outputTokens());
        return c;
    }

    static String table(Deployment d, Estimate e) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s on %d x %s (%s), TP=%d PP=%d replicas=%d, %s weights, %s KV, %s%n",
                d.model().name(), d.totalGpus(), d.gpu().name(), d.server().intraNodeLink().shortName(),
                d.tensorParallel(), d.pipelineParallel(), d.replicas(), d.weights().id(), d.kv().id(), d.engine().name()));
        out.append(String.format("%d prompt + %d output tokens, batch %d per replica%n", d.inputTokens(), d.outputTokens(), e.batch()));
        out.append(String.format("engine profile: %s, %s factors (%s)%n%n", d.engine().name(), d.engine().profileOn(d.gpu()),
                d.engine().calibrated() ? "calibrated on " + d.engine().calibration() : "engines.yaml priors, not calibrated"));
        if (!e.supported()) {
            out.append("NOT SUPPORTED: ").append(e.unsupportedReason()).append('\n');
        }
        TextTable table = new TextTable("quantity", "value");
        table.row("fits", e.fits() ? "yes" : "NO, short by " + Numbers.fmt(e.shortfallGb()) + " GB per GPU");
        table.row("memory per GPU", Numbers.fmt(e.memoryGb()) + " GB of " + Numbers.fmt(e.usableGb()) + " GB usable (" + Numbers.fmt(e.capacityGb()) + " GB)");
        table.row("  weights", Numbers.fmt(e.weightsGb()) + " GB");
        table.row("  KV cache", Numbers.fmt(e.kvGb()) + " GB (" + Numbers.fmt(e.kvBytesPerToken() / 1024) + " KiB per token, " + d.kv().id()
                + "; " + d.engine().name() + "'s default with " + d.weights().id() + " weights: " + DeploymentSpec.defaultKv(d.weights(), d.engine()) + ")");
        if (e.prefixTokens() > 0) {
            table.row("  shared prefix KV", Numbers.fmt(e.sharedPrefixKvGb()) + " GB (" + Numbers.fmt(e.sharedPrefixTokens())
                    + " prefix tokens held once per replica; hit rate " + Numbers.fmt(e.prefixHitRate()) + ", prefill computes "
                    + e.uncachedPrefillTokens() + " of " + d.inputTokens() + " prompt tokens)");
        }
        table.row("  activations", Numbers.fmt(e.activationsGb()) + " GB");
        table.row("  runtime overhead", Numbers.fmt(e.overheadGb()) + " GB");
        table.row("max concurrent sequences", e.maxBatch() + " per replica");
        table.row("  KV per sequence", e.kvBlockTokens() > 0 && e.kvReservesWholeSequence()
                ? "paged in blocks of " + e.kvBlockTokens() + " tokens, reserved whole at admission: " + Numbers.fmt(e.kvTokensPerSequence())
                        + " tokens per sequence " + (e.prefixTokens() > 0 ? "(own tokens: prompt - hit x prefix + output)" : "(prompt + output)")
                        + "; none preempted (a request that does not fit waits)"
                : e.kvBlockTokens() > 0
                ? "paged in blocks of " + e.kvBlockTokens() + " tokens: " + Numbers.fmt(e.kvTokensPerSequence())
                        + " tokens held on average " + (e.prefixTokens() > 0 ? "(own tokens: prompt - hit x prefix + output / 2)" : "(prompt + output / 2)") + "; " + e.preemptedSequences() + " preempted and recomputed (" + e.kvSteadyStateBatch() + " held staggered)"
                        + (e.preemptedSequences() > 0 ? " (" + Numbers.fmt(e.recomputeMs()) + " ms per batch cycle)" : "")
                : "static slots: " + Numbers.fmt(e.kvTokensPerSequence()) + " tokens reserved per sequence (prompt + output)");
        table.row("TTFT", Numbers.fmt(e.ttftMs()) + " ms" + (e.batch() > 1
                ? " as a user sees it, queued behind " + (e.batch() - 1) + " other prefills (TTFT alone " + Numbers.fmt(e.ttftAloneMs()) + " ms)" : ""));
        table.row("TPOT", Numbers.fmt(e.tpotMs()) + " ms" + (e.batch() > 1
                ? " as a user sees it, others' prefills interleaved (decode step " + Numbers.fmt(e.stepMs()) + " ms)" : "")
                + " (" + Numbers.fmt(e.perSequenceTokensPerS()) + " tokens/s per sequence)");
        if (e.batch() > 1 && !Double.isNaN(e.prefillTokensPerStep())) {
            table.row("  chunked prefill", Numbers.fmt(e.prefillTokensPerStep()) + " prompt tokens per step beside " + e.batch()
                    + " decode tokens, budget " + e.stepTokenBudget() + " tokens per step");
        }
        if (e.speculation() != null) {
            var sp = e.speculation();
            table.row("  speculative decoding", sp.speculator().describe() + ": " + Numbers.fmt(sp.tokensPerVerification())
                    + " tokens per verification of " + Numbers.fmt(sp.verificationMs()) + " ms + " + sp.speculator().draftTokens() + " draft steps of "
                    + Numbers.fmt(sp.draftStepMs()) + " ms = decode step " + Numbers.fmt(e.stepMs()) + " ms per token, " + Numbers.fmt(sp.speedup())
                    + "x the " + Numbers.fmt(sp.stepMsWithout()) + " ms without; " + (sp.crossoverBatch() == 0 ? "pays at every batch that fits"
                            : "stops paying at batch " + sp.crossoverBatch()));
            table.row("  speculator memory", Numbers.fmt(sp.draftWeightsGb()) + " GB weights + " + Numbers.fmt(sp.draftKvGb()) + " GB KV per GPU (in the totals above)");
        }
        table.row(e.speculation() != null ? "  verification step" : "  decode step", "memory " + Numbers.fmt(e.decodeMemoryMs()) + " ms, compute " + Numbers.fmt(e.decodeComputeMs())
                + " ms, all-reduce " + Numbers.fmt(e.decodeCommunicationMs()) + " ms, overhead " + Numbers.fmt(e.stepOverheadMs()) + " ms");
        table.row("output throughput", Numbers.fmt(e.outputTokensPerS()) + " tokens/s (all GPUs)");
        table.row("bottleneck", e.supported() ? e.bottleneck().label() : "unsupported");
        table.row("compute precision", e.computePrecision() == null ? "n/a" : e.computePrecision().id() + " at " + Numbers.fmt(e.peakTflops()) + " TFLOPS dense");
        table.row("cost", e.hasCost() ? Numbers.money(e.usdPerHour()) + "/hour, " + Numbers.money(e.usdPerMillionTokens()) + " per million output tokens" : "no price in catalog");
        out.append(table.render());
        return out.toString();
    }

}
