package dev.infera.report;

import dev.infera.physics.Deployment;
import dev.infera.physics.DisaggregatedDeployment;
import dev.infera.physics.DisaggregatedEstimate;
import dev.infera.physics.DisaggregatedExplain;
import dev.infera.physics.Estimate;
import dev.infera.physics.Explain;
import dev.infera.physics.Units;
import dev.infera.text.Numbers;
import dev.infera.text.TextTable;

import java.util.LinkedHashMap;
import java.util.Map;

/** A disaggregated estimate as `infera estimate --disaggregate xPyD` shows it, beside the colocated replicas on the same GPUs where they are the same. */
public final class DisaggregationText {
    private DisaggregationText() {}

    /** The derivations a report shows for {@code c}: the split's where it is one, else its estimate's. */
    public static java.util.List<Explain.Derivation> derivations(dev.infera.plan.Candidate c) {
        return c.isDisaggregated() ? DisaggregatedExplain.of(c.split().deployment(), c.split().estimate()) : Explain.of(c.deployment(), c.estimate());
    }

    public static String render(DisaggregatedDeployment d, DisaggregatedEstimate e, Estimate colocated, boolean explain) {
        Deployment p = d.prefill();
        Deployment q = d.decode();
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s, disaggregated %s over %s, %s, %s weights, %s KV%n", p.model().name(), d.split(),
                d.link() == null ? "no link" : d.link().name(), p.engine().name(), q.weights().id(), q.kv().id()));
        out.append(String.format("%d prompt + %d output tokens at %s requests/s (closed form: M/D/1 prefill queue, Little's law decode batch)%n%n",
                p.inputTokens(), p.outputTokens(), Numbers.fmt(e.requestsPerS())));
        if (!e.supported()) {
            out.append("NOT SUPPORTED: ").append(!e.prefill().supported() ? e.prefill().unsupportedReason() : e.decode().unsupportedReason()).append('\n');
        }
        TextTable table = new TextTable("quantity", "value");
        table.row("prefill pool", pool(p) + ", " + Numbers.fmt(e.prefill().memoryGb()) + " GB per GPU of " + Numbers.fmt(e.prefill().usableGb())
                + (e.prefill().fits() ? "" : " (DOES NOT FIT)"));
        if (p.cachesPrefix()) {
            table.row("  prefix cache", p.prefixTokens() + " prefix tokens, hit by " + Numbers.percent(p.prefixHitRate()) + " of requests: "
                    + Numbers.fmt(e.prefill().uncachedPrefillTokens()) + " of " + Numbers.fmt(p.inputTokens()) + " prompt tokens prefilled; the decode pool caches none");
        }
        table.row("  prefill", Numbers.fmt(e.prefillMs()) + " ms per request, utilisation " + Numbers.percent(e.prefillUtilisation())
                + ", wait " + Numbers.fmt(e.prefillWaitMs()) + " ms");
        table.row("KV transfer", Numbers.fmt(e.kvTransferBytes() / Units.GB) + " GB per request in " + e.kvStreams() + " stream"
                + (e.kvStreams() == 1 ? "" : "s") + ": " + Numbers.fmt(e.kvTransferMs()) + " ms");
        table.row("decode pool", pool(q) + ", " + Numbers.fmt(e.decode().memoryGb()) + " GB per GPU of " + Numbers.fmt(e.decode().usableGb())
                + (e.decode().fits() ? "" : " (DOES NOT FIT)"));
        if (e.decode().speculation() != null) {
            var spec = e.decode().speculation();
            table.row("  speculator", spec.speculator().id() + " (" + spec.speculator().kind().id() + "), k = " + spec.speculator().draftTokens() + ", acceptance "
                    + Numbers.fmt(spec.speculator().acceptance()) + ": " + Numbers.fmt(spec.tokensPerVerification()) + " tokens per verification, "
                    + Numbers.fmt(spec.speedup()) + "x the plain step per token; the prefill pool drafts none");
        }
        table.row("  decode batch", e.decodeBatch() + " sequences per worker (at most " + e.decodeMaxBatch() + ")");
        table.row("TTFT", Numbers.fmt(e.ttftMs()) + " ms = prefill + wait + transfer");
        table.row("TPOT", Numbers.fmt(e.tpotMs()) + " ms, the decode step: no prompt interleaved (" + Numbers.fmt(e.perSequenceTokensPerS()) + " tokens/s per sequence)");
        table.row("capacity", Numbers.fmt(e.capacityRequestsPerS()) + " requests/s" + (e.sustainable() ? "" : ": the rate is NOT sustainable"));
        table.row("output throughput", Numbers.fmt(e.outputTokensPerS()) + " tokens/s (" + d.totalGpus() + " GPUs)");
        table.row("cost", Double.isNaN(e.usdPerMillionTokens()) ? "no price in catalog"
                : Numbers.money(e.usdPerHour()) + "/hour, " + Numbers.money(e.usdPerMillionTokens()) + " per million output tokens");
        if (colocated != null) {
            table.row("colocated, same GPUs", "TTFT " + Numbers.fmt(colocated.ttftMs()) + " ms, TPOT " + Numbers.fmt(colocated.tpotMs())
                    + " ms (decode step " + Numbers.fmt(colocated.stepMs()) + " ms plus others' prompts) on " + colocated.batch() + " sequences per replica x "
                    + (d.prefillWorkers() + d.decodeWorkers()) + " replicas");
        }
        out.append(table.render());
        if (explain) {
            out.append('\n');
            for (Explain.Derivation step : DisaggregatedExplain.of(d, e)) {
                out.append(String.format("%s = %s%n    = %s%n    = %s%n", step.quantity(), step.formula(), step.substituted(), step.result()));
            }
        }
        return out.toString();
    }

    private static String pool(Deployment w) {
        return w.replicas() + " x " + w.tensorParallel() + "x " + w.gpu().name() + (w.tensorParallel() > 1 ? " (TP=" + w.tensorParallel() + ")" : "");
    }

    public static Map<String, Object> document(DisaggregatedDeployment d, DisaggregatedEstimate e, Estimate colocated, boolean explain) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("split", d.split());
        doc.put("link", d.link() == null ? null : d.link().id());
        doc.put("prefill_pool", poolDocument(d.prefill(), e.prefill()));
        doc.put("decode_pool", poolDocument(d.decode(), e.decode()));
        doc.put("requests_per_s", e.requestsPerS());
        if (d.prefill().cachesPrefix()) {
            doc.put("prefix_tokens", d.prefill().prefixTokens());
            doc.put("prefix_hit", d.prefill().prefixHitRate());
            doc.put("prefill_tokens", e.prefill().uncachedPrefillTokens());
        }
        if (e.decode().speculation() != null) {
            doc.put("speculator", e.decode().speculation().speculator().id());
            doc.put("tokens_per_verification", round(e.decode().speculation().tokensPerVerification()));
        }
        doc.put("prefill_ms", round(e.prefillMs()));
        doc.put("prefill_utilisation", round(e.prefillUtilisation()));
        doc.put("prefill_wait_ms", round(e.prefillWaitMs()));
        doc.put("kv_transfer_gb", round(e.kvTransferBytes() / Units.GB));
        doc.put("kv_streams", e.kvStreams());
        doc.put("kv_transfer_ms", round(e.kvTransferMs()));
        doc.put("ttft_ms", round(e.ttftMs()));
        doc.put("decode_batch", e.decodeBatch());
        doc.put("decode_max_batch", e.decodeMaxBatch());
        doc.put("tpot_ms", round(e.tpotMs()));
        doc.put("capacity_requests_per_s", round(e.capacityRequestsPerS()));
        doc.put("sustainable", e.sustainable());
        doc.put("output_tokens_per_s", round(e.outputTokensPerS()));
        doc.put("gpus_total", d.totalGpus());
        doc.put("usd_per_hour", Double.isNaN(e.usdPerHour()) ? null : round(e.usdPerHour()));
        doc.put("usd_per_million_tokens", Double.isNaN(e.usdPerMillionTokens()) ? null : round(e.usdPerMillionTokens()));
        if (colocated != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("ttft_ms", round(colocated.ttftMs()));
            c.put("tpot_ms", round(colocated.tpotMs()));
            c.put("step_ms", round(colocated.stepMs()));
            c.put("batch", colocated.batch());
            doc.put("colocated_same_gpus", c);
        }
        if (explain) {
            doc.put("explain", DisaggregatedExplain.of(d, e));
        }
        return doc;
    }

    private static Map<String, Object> poolDocument(Deployment w, Estimate e) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("workers", w.replicas());
        c.put("gpu", w.gpu().id());
        c.put("server", w.server().id());
        c.put("tp", w.tensorParallel());
        c.put("gpus", w.totalGpus());
        c.put("weights", w.weights().id());
        c.put("kv", w.kv().id());
        c.put("memory_gb_per_gpu", round(e.memoryGb()));
        c.put("fits", e.fits());
        return c;
    }

    /** Infinite values (a saturated queue) are written as null: JSON has no infinity. */
    private static Double round(double v) {
        return Double.isInfinite(v) || Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
    }
}
