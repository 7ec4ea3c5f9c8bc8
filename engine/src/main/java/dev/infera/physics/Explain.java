package dev.infera.physics;

import dev.infera.catalog.Efficiency;
import dev.infera.catalog.LayerPattern;
import dev.infera.catalog.Model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "Show your work": the formula behind each key number of an {@link Estimate}, with the values
 * substituted. Built only on request (--explain, reports), never in the hot path.
 */
public final class Explain {
    private Explain() {}

    /** One number: what it is, its formula, the formula with values, and the result. */
    public record Derivation(String quantity, String formula, String substituted, String result) {}

    public static List<Derivation> of(Deployment asked, Estimate e) {
        // The estimate's own batch: with --batch max (or a rate) it is not the one asked for.
        Deployment d = asked.withBatch(e.batch());
        Model m = d.model();
        Efficiency eff = d.engine().efficiencyOn(d.gpu());
        int t = d.tensorParallel();
        int p = d.pipelineParallel();
        List<Derivation> out = new ArrayList<>();
        out.add(new Derivation("weights per GPU", "P x bits / 8 / (t x p)",
                f("%.3f B x %.2f / 8 / (%d x %d)", m.paramsB(), d.weights().bitsPerWeight(), t, p),
                f("%.2f GB", e.weightsGb())));
        String kvFormula = m.mla() != null ? "layers x (kv_lora_rank + rope_dim) x bytes"
                : "2 x layers x kv_heads x head_dim x bytes";
        LayerPattern pattern = m.layerPattern();
        String kvValues = m.mla() != null
                ? f("%d x (%d + %d) x %.2f", pattern.kvLayers(), m.mla().kvLoraRank(), m.mla().qkRopeHeadDim(), d.kv().bytesPerElement())
                : f("2 x %d x %d x %d x %.2f", pattern.kvLayers(), m.kvHeads(), m.headDim(), d.kv().bytesPerElement());
        out.add(new Derivation("KV bytes per token", kvFormula, kvValues, f("%.0f B", e.kvBytesPerToken())));
        int block = e.kvBlockTokens();
        boolean prefix = e.prefixTokens() > 0;
        if (prefix) {
            out.add(new Derivation("prompt tokens prefilled (prefix cache)", "max(1, ceil(prompt - hit rate x prefix))",
                    f("max(1, ceil(%d - %.2f x %d))", d.inputTokens(), e.prefixHitRate(), e.prefixTokens()),
                    f("%d tokens", e.uncachedPrefillTokens())));
            out.add(new Derivation("KV tokens held per sequence (paged, own tokens, on average over its life)",
                    "ceil((prompt - hit rate x prefix + output / 2) / block) x block",
                    f("ceil((%d - %.2f x %d + %d / 2) / %d) x %d", d.inputTokens(), e.prefixHitRate(), e.prefixTokens(), d.outputTokens(), block, block),
                    f("%.0f tokens", e.kvTokensPerSequence())));
            out.add(pattern.isAllFull()
                    ? new Derivation("shared prefix KV per GPU (held once per replica)", "bytes/token x ceil(prefix / block) x block / (min(t, kv_heads) x p)",
                            f("%.0f x %.0f / (%d x %d)", e.kvBytesPerToken(), e.sharedPrefixTokens(), Memory.kvShards(m, t), p),
                            f("%.2f GB", e.sharedPrefixKvGb()))
                    : new Derivation("shared prefix KV per GPU (held once per replica)",
                            "KV of one sequence of ceil(prefix / block) x block tokens / (min(t, kv_heads) x p), layers: " + pattern.describe(),
                            f("KV of %.0f tokens / (%d x %d)", e.sharedPrefixTokens(), Memory.kvShards(m, t), p),
                            f("%.2f GB", e.sharedPrefixKvGb())));
        } else if (block > 0) {
            out.add(new Derivation("KV tokens held per sequence (paged, on average over its life)", "ceil((prompt + output / 2) / block) x block",
                    f("ceil((%d + %d / 2) / %d) x %d", d.inputTokens(), d.outputTokens(), block, block),
                    f("%.0f tokens", e.kvTokensPerSequence())));
        }
        int held = (int) Math.round(e.kvTokensPerSequence());
        out.add(pattern.isAllFull()
                ? new Derivation("KV cache per GPU", "bytes/token x tokens held x sequences / (min(t, kv_heads) x p)",
                        f("%.0f x %d x %d / (%d x %d)", e.kvBytesPerToken(), held, d.batch(), Memory.kvShards(m, t), p),
                        f("%.2f GB", e.kvGb()))
                : new Derivation("KV cache per GPU",
                        "(bytes per layer and token x layer-tokens held + linear state) x sequences / (min(t, kv_heads) x p), layers: "
                                + pattern.describe(),
                        f("(%.0f x (%s)%s) x %d / (%d x %d)", Memory.kvBytesPerTokenPerLayer(m, d.kv().bytesPerElement()),
                                heldTerms(pattern, held), linearTerm(pattern, d.kv().bytesPerElement()), d.batch(),
                                Memory.kvShards(m, t), p),
                        f("%.2f GB", e.kvGb())));
        if (block > 0) {
            double room = e.usableGb() - e.weightsGb() - e.activationsGb() - e.overheadGb() - e.sharedPrefixKvGb();
            out.add(new Derivation("sequences the cache holds staggered (steady state)",
                    "largest B with B x KV per sequence + 2 x sqrt(B) x sigma <= KV room, sigma = 2 x (KV of a whole sequence - KV per sequence) / sqrt(12)",
                    f("KV room %.2f GB, KV per sequence %.4f GB, whole sequence of %.0f tokens", room,
                            e.kvGb() / Math.max(1, d.batch()), prefix
                                    ? PrefixCache.peakHeldTokens(d.inputTokens(), d.outputTokens(), e.prefixTokens(), e.prefixHitRate(), block)
                                    : PagedKv.peakHeldTokens(d.inputTokens(), d.outputTokens(), block)),
                    f("%d sequences", e.kvSteadyStateBatch())));
            out.add(new Derivation("preempted and recomputed", "max(0, B - sequences held staggered)",
                    f("max(0, %d - %d)", d.batch(), e.kvSteadyStateBatch()),
                    f("%d sequences, %.0f ms per batch cycle prefilling %.0f tokens each again", e.preemptedSequences(), e.recomputeMs(),
                            PagedKv.recomputeTokens(e.uncachedPrefillTokens(), d.outputTokens()))));
        }
        SpeculativeStep spec = e.speculation();
        if (spec != null) {
            out.add(new Derivation("speculator weights per GPU (" + spec.speculator().id() + ")", "draft params x 16 bits / 8 / t",
                    f("%.3f B x 16 / 8 / %d", spec.speculator().shape().paramsB(), t), f("%.2f GB", spec.draftWeightsGb())));
            out.add(new Derivation("speculator KV per GPU (in the KV above)", "draft KV bytes/token x tokens held x B / (min(t, kv_heads) x p)",
                    f("%.0f B x %.0f x %d / (%d x %d)", Memory.kvBytesPerToken(spec.speculator().shape(), d.kv().bytesPerElement()),
                            e.kvTokensPerSequence(), d.batch(), Memory.kvShards(spec.speculator().shape(), t), p),
                    f("%.3f GB", spec.draftKvGb())));
        }
        List<String> names = new ArrayList<>(List.of("weights", "KV"));
        List<Double> values = new ArrayList<>(List.of(e.weightsGb(), e.kvGb()));
        if (prefix) {
            names.add("shared prefix KV");
            values.add(e.sharedPrefixKvGb());
        }
        if (spec != null) {
            names.add("speculator weights");
            values.add(spec.draftWeightsGb());
        }
        names.addAll(List.of("activations", "overhead"));
        values.addAll(List.of(e.activationsGb(), e.overheadGb()));
        out.add(new Derivation("memory per GPU", String.join(" + ", names) + " <= capacity x utilisation",
                String.join(" + ", values.stream().map(v -> f("%.2f", v)).toList()) + f(" <= %.1f x %.2f", e.capacityGb(), d.engine().memoryUtilisation()),
                f("%.2f GB of %.2f usable: %s", e.memoryGb(), e.usableGb(), e.fits() ? "fits" : "does not fit")));
        double prefillMfu = Roofline.prefillMfu(Estimator.prefillMfuMax(d, e.computePrecision(), eff), e.uncachedPrefillTokens(), eff.prefillHalfTokens());
        out.add(prefix
                ? new Derivation("TTFT alone (one request, idle GPUs, prefix cached)",
                        "max((F(prompt) - hit rate x F(prefix)) / (t x peak x MFU(L uncached)), weight read) + all-reduces + overhead, F = 2 x P x L + attention",
                        f("(F(%d) - %.2f x F(%d)) over t=%d at %.0f TFLOPS x %.2f (MFU at %d tokens)", d.inputTokens(), e.prefixHitRate(),
                                e.prefixTokens(), t, e.peakTflops(), prefillMfu, e.uncachedPrefillTokens()),
                        f("%.0f ms (compute %.0f ms, communication %.1f ms)", e.ttftAloneMs(), e.prefillComputeMs(), e.prefillCommunicationMs()))
                : new Derivation("TTFT alone (one request, idle GPUs)", "max(prefill FLOPs / (t x peak x MFU(L)), weight read) + all-reduces + overhead",
                f("2 x %.2f B x %d + attention over t=%d at %.0f TFLOPS x %.2f", m.activeParamsBOrTotal(), d.inputTokens(), t,
                        e.peakTflops(), prefillMfu),
                f("%.0f ms (compute %.0f ms, communication %.1f ms)", e.ttftAloneMs(), e.prefillComputeMs(), e.prefillCommunicationMs())));
        out.add(new Derivation("decode step",
                "p x max(bytes / (BW x MBU), FLOPs / (peak x MFU)) + all-reduces + step overhead",
                f("max(%.2f ms memory at %.0f GB/s x %.2f, %.2f ms compute) + %.2f ms all-reduce + %.1f ms",
                        e.decodeMemoryMs(), d.gpu().memoryBandwidthGbs(), eff.decodeMbu(), e.decodeComputeMs(),
                        e.decodeCommunicationMs(), e.stepOverheadMs()),
                f("%.1f ms per %s (%s-bound)", spec == null ? e.stepMs() : spec.verificationMs(), spec == null ? "token" : "verification",
                        e.bottleneck().label())));
        if (spec != null) {
            int k = spec.speculator().draftTokens();
            double a = spec.speculator().acceptance();
            out.add(new Derivation("tokens per verification (" + spec.speculator().kind().id() + ", k drafted, each accepted with a)",
                    "(1 - a^(k+1)) / (1 - a)", f("(1 - %.2f^%d) / (1 - %.2f)", a, k + 1, a), f("%.2f tokens", spec.tokensPerVerification())));
            out.add(new Derivation("verification step", "the decode step above over k + 1 tokens per sequence: FLOPs, experts touched and all-reduces x (k + 1), reads once",
                    f("B = %d, %d tokens each", d.batch(), k + 1), f("%.2f ms", spec.verificationMs())));
            out.add(new Derivation("draft step (" + spec.speculator().id() + ")", "max(draft bytes / (BW x MBU), draft FLOPs / (16-bit peak x MFU)) + all-reduces",
                    f("%.3f B params at 16 bits, %d layer(s), B = %d", spec.speculator().shape().paramsB(), spec.speculator().shape().layers(), d.batch()),
                    f("%.3f ms", spec.draftStepMs())));
            out.add(new Derivation("decode step per token with the speculator", "(verification + k x draft step) / tokens per verification",
                    f("(%.2f + %d x %.3f) / %.2f", spec.verificationMs(), k, spec.draftStepMs(), spec.tokensPerVerification()),
                    f("%.2f ms per token, %.2fx the plain step of %.2f ms", e.stepMs(), spec.speedup(), spec.stepMsWithout())));
            out.add(new Derivation("crossover batch (speculation stops paying)", "first B with (verification(B) + k x draft(B)) / tokens per verification >= plain step(B)",
                    f("B up to %d that fit", e.maxBatch()),
                    spec.crossoverBatch() == 0 ? "pays at every batch that fits" : f("batch %d", spec.crossoverBatch())));
        }
        if (d.batch() > 1) {
            double prefillMs = e.prefillComputeMs() + e.prefillCommunicationMs();
            if (e.stepTokenBudget() > 0 && d.engine().continuousBatching()) {
                out.add(new Derivation("prompt tokens per decode step (chunked prefill)", "min(budget - B, (B - 1) x prompt / output)",
                        f("min(%d - %d, %d x %d / %d)", e.stepTokenBudget(), d.batch(), d.batch() - 1, e.uncachedPrefillTokens(), d.outputTokens()),
                        f("%.1f tokens", e.prefillTokensPerStep())));
                out.add(new Derivation("TPOT (what a user sees)", "step + prefill / prompt x prompt tokens per step",
                        f("%.3f ms + %.3f ms / %d x %.1f", e.stepMs(), prefillMs, e.uncachedPrefillTokens(), e.prefillTokensPerStep()),
                        f("%.1f ms", e.tpotMs())));
                out.add(new Derivation("TTFT (what a user sees)", "prefill + min(rho / (2(1 - rho)) x prefill, (B - 1) x prefill)"
                                + " + max(0, (B - 1) x prompt / max(1, budget - B) - output) x TPOT, rho = prefill share of the replica's time",
                        f("%.0f ms + queue", e.ttftAloneMs()), f("%.0f ms", e.ttftMs())));
            } else {
                out.add(new Derivation("TPOT (what a user sees)", "step + (B - 1) x prefill / output tokens",
                        f("%.1f ms + %d x %.0f ms / %d", e.stepMs(), d.batch() - 1, prefillMs, d.outputTokens()),
                        f("%.1f ms", e.tpotMs())));
                out.add(new Derivation("TTFT (what a user sees)", "prefill + min(rho / (2(1 - rho)) x prefill, (B - 1) x prefill), rho = prefill share of the replica's time",
                        f("%.0f ms + queue", e.ttftAloneMs()), f("%.0f ms", e.ttftMs())));
            }
        }
        if (p > 1) {
            out.add(new Derivation("batch prefill over the pipeline", d.engine().continuousBatching()
                            ? "sequential prefill x (M + p - 1) / (M x p), M = ceil(B x prompt / step budget) micro-batches"
                            : "sequential prefill (a layer split runs one stage at a time)",
                    f("M = %d, p = %d: share %.4f", e.prefillMicroBatches(), p, e.pipelineShare()),
                    f("%.0f ms per batch cycle", e.batchPrefillMs())));
        }
        out.add(new Derivation("output throughput", "replicas x batch x output / (batch prefill + recompute + output x step)",
                f("%d x %d x %d / (%.1f ms + %.1f ms + %d x %.3f ms)", d.replicas(), d.batch(), d.outputTokens(),
                        e.batchPrefillMs(), e.recomputeMs(), d.outputTokens(), e.stepMs()),
                f("%.0f tokens/s", e.outputTokensPerS())));
        double need = RulesOfThumb.requiredBandwidthGbs(Memory.weightBytes(m.paramsB(), d.weights().bitsPerWeight()), e.perSequenceTokensPerS());
        out.add(new Derivation("bandwidth needed at this speed (seed rule of thumb)", "weight bytes x tokens/s",
                f("%.1f GB x %.1f tok/s", Memory.weightBytes(m.paramsB(), d.weights().bitsPerWeight()) / Units.GB, e.perSequenceTokensPerS()),
                f("%.0f GB/s vs %.0f GB/s across %d GPUs", need, d.gpu().memoryBandwidthGbs() * d.gpusPerReplica(), d.gpusPerReplica())));
        if (e.hasCost()) {
            out.add(new Derivation("cost", "$/GPU-hour x GPUs / (tokens/s x 3600) x 10^6",
                    f("$%.2f x %d / (%.0f x 3600) x 10^6", e.usdPerHour() / d.totalGpus(), d.totalGpus(), e.outputTokensPerS()),
                    f("$%.3f per million output tokens", e.usdPerMillionTokens())));
        }
        return out;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** The layer-tokens a sequence holds, kind by kind, as LayerAttention.heldLayerTokens sums them. */
    private static String heldTerms(LayerPattern p, int tokens) {
        List<String> terms = new ArrayList<>();
        if (p.full() + p.sparse() > 0) {
            terms.add(f("%d x %d", p.full() + p.sparse(), tokens));
        }
        if (p.sliding() > 0) {
            terms.add(f("%d x %d", p.sliding(), Math.min(tokens, p.window())));
        }
        if (p.chunked() > 0) {
            terms.add(f("%d x %d", p.chunked(), Math.min(tokens, p.chunk())));
        }
        return terms.isEmpty() ? "0" : String.join(" + ", terms);
    }

    private static String linearTerm(LayerPattern p, double bytesPerElement) {
        return p.linear() == 0 ? "" : f(" + %d x %d x %.2f", p.linear(), p.linearStateElements(), bytesPerElement);
    }
}
