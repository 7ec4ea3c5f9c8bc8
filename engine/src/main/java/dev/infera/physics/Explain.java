package dev.infera.physics;

import dev.infera.catalog.Efficiency;
import dev.infera.catalog.LayerPattern;
import dev.infera.catalog.Model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.infera.physics.Units.GB;
import static dev.infera.physics.Units.MS;

/**
 * "Show your work": the formula behind each number of an {@link Estimate}, part by part (memory, TTFT alone, decode step,
 * batch cycle, served latency, cost), with the values substituted. Each line is written from the same part's fields its
 * number was computed from, and its substituted side is plain arithmetic (numbers, + - x / ^, parentheses, min, max, ceil,
 * floor, sqrt) that evaluates to the number the result starts with, in the result's unit (ExplainTest evaluates every line).
 * Units follow from the values: parameters in billions (B) x bytes = GB, GFLOP / TFLOPS = ms, GB / (GB/s) = s.
 * Built only on request (--explain, reports), never in the hot path.
 */
public final class Explain {
    private Explain() {}

    /** One number: what it is, its formula, the formula with values, and the result. */
    public record Derivation(String quantity, String formula, String substituted, String result) {}

    public static List<Derivation> of(Deployment asked, Estimate e) {
        // The estimate's own batch: with --batch max (or a rate) it is not the one asked for.
        Lines lines = new Lines(asked.withBatch(e.batch()), e);
        lines.memory();
        lines.prefill();
        lines.decodeStep();
        lines.batchCycle();
        lines.served();
        lines.cost();
        return lines.out;
    }

    /** The lines of one estimate, written part by part. */
    private static final class Lines {
        private final Deployment d;
        private final Estimate e;
        private final Model m;
        private final LayerPattern pattern;
        private final Efficiency eff;
        private final int t;
        private final int p;
        private final int batch;
        private final List<Derivation> out = new ArrayList<>();

        Lines(Deployment d, Estimate e) {
            this.d = d;
            this.e = e;
            this.m = d.model();
            this.pattern = m.layerPattern();
            this.eff = e.compute().efficiency();
            this.t = d.tensorParallel();
            this.p = d.pipelineParallel();
            this.batch = e.batch();
        }

        private void add(String quantity, String formula, String substituted, double value, String unit) {
            add(quantity, formula, substituted, value, unit, "");
        }

        private void add(String quantity, String formula, String substituted, double value, String unit, String tail) {
            String number = unit.equals("$") ? "$" + n(value) : n(value) + (unit.isEmpty() ? "" : " " + unit);
            out.add(new Derivation(quantity, formula, substituted, number + tail));
        }

        void memory() {
            MemoryUse mem = e.memory();
            int block = mem.kvBlockTokens();
            boolean prefix = mem.prefixTokens() > 0;
            String shards = f("(%d x %d)", Memory.kvShards(m, t), p);
            add("weights per GPU", "P x bits / 8 / (t x p)",
                    f("%s x %s / 8 / (%d x %d)", n(m.paramsB()), n(d.weights().bitsPerWeight()), t, p), e.weightsGb(), "GB");
            add("KV bytes per token", m.mla() != null ? "layers x (kv_lora_rank + rope_dim) x bytes" : "2 x layers x kv_heads x head_dim x bytes",
                    m.mla() != null
                            ? f("%d x (%d + %d) x %s", pattern.kvLayers(), m.mla().kvLoraRank(), m.mla().qkRopeHeadDim(), n(d.kv().bytesPerElement()))
                            : f("2 x %d x %d x %d x %s", pattern.kvLayers(), m.kvHeads(), m.headDim(), n(d.kv().bytesPerElement())),
                    e.kvBytesPerToken(), "B");
            String prompt = prefix ? f("%d - %s x %d", d.inputTokens(), n(mem.prefixHitRate()), mem.prefixTokens()) : String.valueOf(d.inputTokens());
            if (prefix) {
                add("prompt tokens prefilled (prefix cache)", "max(1, ceil(prompt - hit rate x prefix))", f("max(1, ceil(%s))", prompt),
                        e.uncachedPrefillTokens(), "tokens");
            }
            String own = prefix ? "prompt - hit rate x prefix" : "prompt";
            if (block > 0 && mem.reservesWholeSequence()) {
                add("KV tokens held per sequence (paged, " + (prefix ? "own tokens, " : "") + "reserved whole at admission)",
                        f("ceil((%s + output) / block) x block", own), f("ceil((%s + %d) / %d) x %d", prompt, d.outputTokens(), block, block),
                        mem.heldTokens(), "tokens");
            } else if (block > 0) {
                add("KV tokens held per sequence (paged, " + (prefix ? "own tokens, " : "") + "on average over its life)",
                        f("ceil((%s + output / 2) / block) x block", own), f("ceil((%s + %d / 2) / %d) x %d", prompt, d.outputTokens(), block, block),
                        mem.heldTokens(), "tokens");
                add("KV tokens a sequence holds at its end (paged)", f("ceil((%s + output) / block) x block", own),
                        f("ceil((%s + %d) / %d) x %d", prompt, d.outputTokens(), block, block), mem.wholeTokens(), "tokens");
            } else {
                add("KV tokens held per sequence (static slots reserve the whole sequence)", "prompt + output",
                        f("%d + %d", d.inputTokens(), d.outputTokens()), mem.heldTokens(), "tokens");
            }
            String kvFormula = pattern.isAllFull() ? "bytes/token x tokens / (min(t, kv_heads) x p)"
                    : "(bytes per layer and token x layer-tokens + linear state) / (min(t, kv_heads) x p), layers: " + pattern.describe();
            if (prefix) {
                add("shared prefix tokens (held once per replica)", "ceil(prefix / block) x block", f("ceil(%d / %d) x %d", mem.prefixTokens(), block, block),
                        mem.sharedPrefixTokens(), "tokens");
                add("shared prefix KV per GPU (held once per replica)", kvFormula + " / 10^9",
                        f("%s / %s / 10^9", kvBytes(mem.sharedPrefixTokens()), shards), e.sharedPrefixKvGb(), "GB");
            }
            SpeculativeStep spec = e.speculation();
            String draftKv = spec == null ? "" : " + speculator KV per token per GPU x tokens";
            if (spec != null) {
                Model shape = spec.speculator().shape();
                add("speculator weights per GPU (" + spec.speculator().id() + ")", "draft params x 16 bits / 8 / t",
                        f("%s x %s / 8 / %d", n(shape.paramsB()), n(Speculation.DRAFT_BITS_PER_WEIGHT), t), spec.draftWeightsGb(), "GB");
                add("speculator KV bytes per token per GPU", (shape.mla() != null ? "layers x (kv_lora_rank + rope_dim) x bytes" : "2 x layers x kv_heads x head_dim x bytes")
                                + " / (min(t, kv_heads) x p)",
                        (shape.mla() != null
                                ? f("%d x (%d + %d) x %s", shape.layerPattern().kvLayers(), shape.mla().kvLoraRank(), shape.mla().qkRopeHeadDim(), n(d.kv().bytesPerElement()))
                                : f("2 x %d x %d x %d x %s", shape.layerPattern().kvLayers(), shape.kvHeads(), shape.headDim(), n(d.kv().bytesPerElement())))
                                + f(" / (%d x %d)", Memory.kvShards(shape, t), p),
                        mem.speculatorKvBytesPerToken(), "B");
            }
            String ownDraft = spec == null ? "" : f(" + %s x %s", n(mem.speculatorKvBytesPerToken()), n(mem.heldTokens()));
            add("KV per sequence per GPU", kvFormula + draftKv + " / 10^9, tokens held", f(spec == null ? "%s / %s%s / 10^9" : "(%s / %s%s) / 10^9", kvBytes(mem.heldTokens()), shards, ownDraft),
                    mem.kvPerSequenceBytes() / GB, "GB");
            if (block > 0) {
                String wholeDraft = spec == null ? "" : f(" + %s x %s", n(mem.speculatorKvBytesPerToken()), n(mem.wholeTokens()));
                add("KV of a whole sequence per GPU", kvFormula + draftKv + " / 10^9, tokens at its end",
                        f(spec == null ? "%s / %s%s / 10^9" : "(%s / %s%s) / 10^9", kvBytes(mem.wholeTokens()), shards, wholeDraft), mem.kvPerWholeSequenceBytes() / GB, "GB");
            }
            if (spec != null) {
                add("speculator KV per GPU (in the KV cache)", "speculator KV per token per GPU x tokens held x B / 10^9",
                        f("%s x %s x %d / 10^9", n(mem.speculatorKvBytesPerToken()), n(mem.heldTokens()), batch), spec.draftKvGb(), "GB");
            }
            add("KV cache per GPU", "KV per sequence x sequences", f("%s x %d", n(mem.kvPerSequenceBytes() / GB), batch), e.kvGb(), "GB");
            boolean binary = mem.capacityBytes() != d.gpu().memoryGb() * GB;
            if (d.engine().serving().kvShareOfFreeMemory()) {
                // The engine gives the KV cache its share of what weights, activations and runtime leave (TensorRT-LLM's free_gpu_memory_fraction).
                double fixedGb = mem.usableBytes() / GB - mem.kvRoomBytes() / GB;
                add("usable memory per GPU", "fixed + utilisation x (capacity - fixed), fixed = usable - KV room (weights, activations, overhead"
                                + (prefix ? ", shared prefix KV" : "") + (spec != null ? ", speculator weights" : "") + ")",
                        f(binary ? "%s + %s x (%s x 2^30 / 10^9 - %s)" : "%s + %s x (%s - %s)", n(fixedGb), n(d.engine().memoryUtilisation()),
                                n(d.gpu().memoryGb()), n(fixedGb)), e.usableGb(), "GB");
            } else {
                add("usable memory per GPU", binary ? "capacity GiB x 2^30 / 10^9 x utilisation" : "capacity x utilisation",
                        f(binary ? "%s x 2^30 / 10^9 x %s" : "%s x %s", n(d.gpu().memoryGb()), n(d.engine().memoryUtilisation())), e.usableGb(), "GB");
            }
            int width = m.isMoe() ? m.moe().expertIntermediateSize() * m.moe().expertsPerToken() : m.intermediateSize();
            add("activations per GPU", "min(prefill chunk, prompt prefilled) x (4 x hidden + 2 x " + (m.isMoe() ? "expert width x experts per token" : "intermediate")
                            + " / t) x 2 / 10^9",
                    f("min(%d, %d) x (4 x %d + 2 x %s / %d) x 2 / 10^9", e.memory().prefillChunkTokens(), e.uncachedPrefillTokens(), m.hiddenSize(),
                            m.isMoe() ? f("%d x %d", m.moe().expertIntermediateSize(), m.moe().expertsPerToken()) : String.valueOf(width), t),
                    e.activationsGb(), "GB");
            add("KV room per GPU", "usable - weights - activations - overhead" + (prefix ? " - shared prefix KV" : "") + (spec != null ? " - speculator weights" : ""),
                    f("%s - %s - %s - %s", n(e.usableGb()), n(e.weightsGb()), n(e.activationsGb()), n(e.overheadGb()))
                            + (prefix ? " - " + n(e.sharedPrefixKvGb()) : "") + (spec != null ? " - " + n(spec.draftWeightsGb()) : ""),
                    mem.kvRoomBytes() / GB, "GB");
            heldByMemory(mem);
            add("max concurrent sequences", "min(sequences memory holds" + (d.engine().serving().maxBatch() > 0 ? ", engine max batch" : "")
                            + (d.engine().serving().maxTokensPerStep() > 0 ? ", tokens per step" : "") + ", cap)",
                    f("max(0, min(%d%s%s, %d))", mem.heldByMemory(), limit(d.engine().serving().maxBatch()), limit(d.engine().serving().maxTokensPerStep()),
                            mem.maxBatchCap()), e.maxBatch(), "sequences per replica");
            if (block > 0 && mem.reservesWholeSequence()) {
                add("preempted and recomputed", "0: admission reserves whole sequences, a request that does not fit waits", "0",
                        e.preemptedSequences(), "sequences");
            } else if (block > 0) {
                add("preempted and recomputed", "max(0, B - sequences held staggered)", f("max(0, %d - %d)", batch, mem.heldByMemory()),
                        e.preemptedSequences(), "sequences");
            }
            add("memory per GPU", "weights + KV" + (prefix ? " + shared prefix KV" : "") + (spec != null ? " + speculator weights" : "")
                            + " + activations + overhead",
                    f("%s + %s%s%s + %s + %s", n(e.weightsGb()), n(e.kvGb()), prefix ? " + " + n(e.sharedPrefixKvGb()) : "",
                            spec != null ? " + " + n(spec.draftWeightsGb()) : "", n(e.activationsGb()), n(e.overheadGb())),
                    e.memoryGb(), "GB", f(" of %s usable: %s", n(e.usableGb()), e.fits() ? "fits" : "does not fit, short by " + n(e.shortfallGb()) + " GB"));
        }

        /** Sequences the KV room holds: staggered with a margin (paged), whole reservations (static slots, reserving admission). In bytes, so floor sees the exact values. */
        private void heldByMemory(MemoryUse mem) {
            String room = whole(mem.kvRoomBytes());
            String perSequence = whole(mem.kvPerSequenceBytes());
            if (mem.kvBlockTokens() == 0 || mem.reservesWholeSequence()) {
                add(mem.kvBlockTokens() == 0 ? "sequences the cache holds (static slots)" : "sequences the cache holds (whole reservations)", "max(0, floor(KV room / KV per sequence)), bytes",
                        f("max(0, floor(%s / %s))", room, perSequence), mem.heldByMemory(), "sequences");
            } else if (mem.kvRoomBytes() <= 0 || mem.kvPerSequenceBytes() <= 0) {
                add("sequences the cache holds staggered (steady state)", "0: no KV room is left", "0", mem.heldByMemory(), "sequences");
            } else {
                String c = f("%s x 2 x max(0, %s - %s) / sqrt(12)", n(PagedKv.STEADY_STATE_SIGMAS), whole(mem.kvPerWholeSequenceBytes()), perSequence);
                add("sequences the cache holds staggered (steady state)",
                        "largest B with B x m + z x sqrt(B) x sigma <= room = floor(((sqrt(c^2 + 4 x m x room) - c) / (2 x m))^2), c = z x sigma,"
                                + " sigma = 2 x (KV of a whole sequence - m) / sqrt(12), m = KV per sequence, z = " + n(PagedKv.STEADY_STATE_SIGMAS) + ", bytes",
                        f("floor(((sqrt((%s)^2 + 4 x %s x %s) - %s) / (2 x %s))^2)", c, perSequence, room, c, perSequence),
                        mem.heldByMemory(), "sequences");
            }
        }

        void prefill() {
            PrefillAlone pre = e.prefill();
            ComputeRate rate = e.compute();
            boolean prefix = e.prefixTokens() > 0;
            if (pattern.isAllFull()) {
                add("prefill attention FLOPs of the prompt", "4 x heads x head_dim x layers x L^2 / 2 / 10^9",
                        f("4 x %d x %d x %d x %d^2 / 2 / 10^9", m.attentionHeads(), m.headDim(), pattern.full(), d.inputTokens()),
                        prefillAttentionGflop(d.inputTokens()), "GFLOP");
            }
            add("prefill FLOPs per request", prefix
                            ? "F(prompt) - hit rate x F(prefix), F(L) = 2 x P_active x L + attention(L)"
                            : "2 x P_active x prompt + attention",
                    prefix ? f("(%s) - %s x (%s)", flops(d.inputTokens()), n(e.prefixHitRate()), flops(e.prefixTokens())) : flops(d.inputTokens()),
                    pre.flops() / 1e9, "GFLOP");
            add("prefill MFU", "MFU_max x L / (L + L_half), L = prompt tokens prefilled", mfu(pre.tokens()), pre.mfu(), "");
            add("prefill compute", "FLOPs / (t x peak x MFU)", f("%s / (%d x %s x %s)", n(pre.flops() / 1e9), t, n(rate.peakTflops()), n(pre.mfu())),
                    e.prefillComputeMs(), "ms");
            add("weight read (the prefill's floor)", "weights per GPU x p / (BW x MBU) x 1000",
                    f("%s x %d / (%s x %s) x 1000", n(e.weightsGb()), p, n(d.gpu().memoryBandwidthGbs()), n(eff.decodeMbu())),
                    pre.weightReadSeconds() / MS, "ms");
            if (t > 1) {
                add("prefill all-reduces", "2 x layers x all-reduce(tokens x hidden x 2 B)" + ALL_REDUCE, allReduces(f("2 x %d", m.layers()), pre.tokens()),
                        e.prefillCommunicationMs(), "ms");
            }
            if (p > 1) {
                add("prefill pipeline hops", "(p - 1) x send(tokens x hidden x 2 B)" + SEND, hops(pre.tokens()), pre.hopSeconds() / MS, "ms");
            }
            add("step overhead", "engine's + (t - 1) x host overhead per rank + layers x overhead per layer us / 1000",
                    f("%s + %d x %s + %d x %s / 1000", n(eff.stepOverheadMs()), t - 1, n(d.engine().serving().hostOverheadPerRankMs()), m.layers(),
                            n(eff.layerOverheadUs())), e.stepOverheadMs(), "ms");
            // Shown where the profile has one: a step carrying prompt tokens launches its kernels (StepOverhead.prefillOverheadMs).
            boolean launches = rate.prefillOverheadMs() > 0;
            if (launches) {
                add("prefill overhead (a step carrying prompt tokens)", "layers x prefill overhead per layer us / 1000",
                        f("%d x %s / 1000", m.layers(), n(eff.prefillLayerOverheadUs())), rate.prefillOverheadMs(), "ms");
            }
            add("TTFT alone (one request, idle GPUs" + (prefix ? ", prefix cached" : "") + ")",
                    "max(prefill compute, weight read) + all-reduces + pipeline hops + step overhead" + (launches ? " + prefill overhead" : ""),
                    f("max(%s, %s) + %s + %s + %s", n(e.prefillComputeMs()), n(pre.weightReadSeconds() / MS), n(e.prefillCommunicationMs()),
                            n(pre.hopSeconds() / MS), n(e.stepOverheadMs())) + (launches ? " + " + n(rate.prefillOverheadMs()) : ""),
                    e.ttftAloneMs(), "ms");
        }

        void decodeStep() {
            DecodeStep step = e.step();
            SpeculativeStep spec = e.speculation();
            int b = step.sequencesPerMicroBatch();
            int n = step.tokensPerSequence();
            // A verification runs n = k + 1 tokens per sequence: FLOPs, experts touched and all-reduces grow with b x n, reads do not.
            String bn = n == 1 ? "b" : "b x n";
            String bnValues = n == 1 ? String.valueOf(b) : f("%d x %d", b, n);
            if (p > 1) {
                add("sequences per decode micro-batch", d.engine().continuousBatching() ? "ceil(B / min(p, B)): stages work on micro-batches at once"
                                : "ceil(B / 1): every stage waits for the whole batch",
                        d.engine().continuousBatching() ? f("ceil(%d / min(%d, %d))", batch, p, batch) : f("ceil(%d / 1)", batch), b, "sequences");
            }
            if (m.isMoe()) {
                moeWeightsRead("weights one decode step reads (MoE: shared part + experts the micro-batch touches)", m, d.weights().bitsPerWeight(), step);
            }
            add("decode bytes per stage", "weights read / (t x p) + b x KV at the average context / (min(t, kv_heads) x p), context = prompt + output / 2",
                    f("%s / (%d x %d) + %d x %s / (%d x %d) / 10^9", n(step.weightBytesRead() / GB), t, p, b, kvBytes(step.contextTokens()),
                            Memory.kvShards(m, t), p),
                    step.stageBytes() / GB, "GB");
            add("decode attention FLOPs per token", "4 x heads x head_dim x layer-tokens attended / 10^9" + (pattern.isAllFull() ? ", all layers: layers x context" : ""),
                    f("4 x %d x %d x %s / 10^9", m.attentionHeads(), m.headDim(), attended(step.contextTokens())), decodeAttentionGflop(step.contextTokens()),
                    "GFLOP");
            add("decode FLOPs per stage", bn + " x (2 x P_active + attention per token) / (t x p)",
                    f("%s x (2 x %s + %s) / (%d x %d)", bnValues, n(m.activeParamsBOrTotal()), n(decodeAttentionGflop(step.contextTokens())), t, p),
                    step.stageFlops() / 1e9, "GFLOP");
            add("decode memory time", "p x " + READS + " x 1000", f("%d x %s x 1000", p, reads(step)), e.decodeMemoryMs(), "ms");
            add("decode compute time", "p x FLOPs per stage / (peak x MFU)",
                    f("%d x %s / (%s x %s)", p, n(step.stageFlops() / 1e9), n(e.peakTflops()), n(eff.decodeMfu())), e.decodeComputeMs(), "ms");
            if (t > 1) {
                add("decode all-reduces", "p x 2 x layers / p x all-reduce(" + bn + " x hidden x 2 B)" + ALL_REDUCE,
                        allReduces(f("%d x 2 x %d / %d", p, m.layers(), p), b * n), e.decodeCommunicationMs(), "ms");
            }
            if (p > 1) {
                add("decode pipeline hops", "(p - 1) x send(" + bn + " x hidden x 2 B)" + SEND, hops(b * n), step.hopSeconds() / MS, "ms");
            }
            add(spec == null ? "decode step" : f("verification step (the target over n = k + 1 = %d tokens per sequence)", n),
                    "max(memory, compute) + all-reduces + pipeline hops + step overhead",
                    f("max(%s, %s) + %s + %s + %s", n(e.decodeMemoryMs()), n(e.decodeComputeMs()), n(e.decodeCommunicationMs()), n(step.hopSeconds() / MS),
                            n(step.overheadSeconds() / MS)),
                    step.stepSeconds() / MS, "ms", " (" + e.bottleneck().label() + "-bound)");
            if (t > 1) {
                add(spec == null ? "all-reduce share of the decode step" : "all-reduce share of the decode step (the verification's)", "all-reduces / step",
                        f("%s / %s", n(e.decodeCommunicationMs()), n(step.stepSeconds() / MS)), e.communicationShare(), "");
            }
            if (spec != null) {
                speculation(spec);
            }
        }

        /** Speculative decoding: the tokens a verification yields, the plain step it replaces, the draft step, the step per token. */
        private void speculation(SpeculativeStep spec) {
            int k = spec.speculator().draftTokens();
            double a = spec.speculator().acceptance();
            add("tokens per verification (" + spec.speculator().kind().id() + ", k = " + k + " drafted, each accepted with a)", "(1 - a^(k+1)) / (1 - a)",
                    f("(1 - %s^%d) / (1 - %s)", n(a), k + 1, n(a)), spec.tokensPerVerification(), "tokens");
            DecodeStep plain = spec.plain();
            add("plain decode step (one token per sequence)", "p x (max(memory, compute) + all-reduces) per stage + pipeline hops + step overhead",
                    f("%d x (max(%s, %s) + %s) + %s + %s", p, n(plain.memorySeconds() / MS), n(plain.computeSeconds() / MS),
                            n(plain.communicationSeconds() / MS), n(plain.hopSeconds() / MS), n(plain.overheadSeconds() / MS)),
                    spec.stepMsWithout(), "ms");
            Model shape = spec.speculator().shape();
            DecodeStep draft = spec.draft();
            String id = spec.speculator().id();
            if (shape.isMoe()) {
                moeWeightsRead("weights one draft step reads (" + id + ", MoE: shared part + experts the micro-batch touches)", shape,
                        Speculation.DRAFT_BITS_PER_WEIGHT, draft);
            }
            add("draft bytes per stage (" + id + ", 16-bit weights)", "weights read / (t x p) + b x draft KV at the average context / (min(t, kv_heads) x p)",
                    f("%s / (%d x %d) + %d x %s / (%d x %d) / 10^9", n(draft.weightBytesRead() / GB), t, p, draft.sequencesPerMicroBatch(),
                            n(Memory.kvBytesPerSequence(shape, d.kv().bytesPerElement(), draft.contextTokens())), Memory.kvShards(shape, t), p),
                    draft.stageBytes() / GB, "GB");
            add("draft FLOPs per stage (" + id + ")", "b x (2 x P_draft + attention per token) / (t x p)",
                    f("%d x (2 x %s + %s) / (%d x %d)", draft.sequencesPerMicroBatch(), n(shape.activeParamsBOrTotal()),
                            n(LayerAttention.decodeAttentionFlopsPerToken(shape.layerPattern(), shape.attentionHeads(), shape.headDim(), draft.contextTokens()) / 1e9), t, p),
                    draft.stageFlops() / 1e9, "GFLOP");
            add("draft step (" + id + ")", "p x (max(" + READS + ", FLOPs per stage / (16-bit peak x MFU)) + all-reduces) + pipeline hops,"
                            + " no step overhead of its own",
                    f("%d x (max(%s x 1000, %s / (%s x %s)) + %s) + %s", p, reads(draft),
                            n(draft.stageFlops() / 1e9), n(ComputeRate.sixteenBitPeakTflops(d)), n(eff.decodeMfu()),
                            n(draft.communicationSeconds() / MS), n(draft.hopSeconds() / MS)),
                    spec.draftStepMs(), "ms");
            add("decode step (per token with the speculator)", "(verification + k x draft step) / tokens per verification",
                    f("(%s + %d x %s) / %s", n(spec.verificationMs()), k, n(spec.draftStepMs()), n(spec.tokensPerVerification())), e.stepMs(), "ms");
            add("speculative speedup", "plain step / step per token", f("%s / %s", n(spec.stepMsWithout()), n(e.stepMs())), spec.speedup(), "",
                    spec.pays() ? "x: pays at this batch" : "x: costs more than it saves at this batch");
            add("crossover batch (speculation stops paying)",
                    "first B up to the batch that fits with (verification(B) + k x draft(B)) / tokens per verification >= plain step(B); 0: pays at every batch that fits",
                    String.valueOf(spec.crossoverBatch()), spec.crossoverBatch(), "", f(" (of %d that fit)", e.maxBatch()));
        }

        /** Weights a step of an MoE model reads: the shared part plus the experts its b x n tokens touch. */
        private void moeWeightsRead(String quantity, Model model, double bits, DecodeStep step) {
            Model.Moe moe = model.moe();
            int layers = moe.moeLayers(model.layers());
            String expert = n(Memory.expertBytes(model, bits) / GB);
            String tokens = step.tokensPerSequence() == 1 ? "b" : "(b x n)";
            add(quantity,
                    "P x bits / 8 - MoE layers x E x expert + MoE layers x E x (1 - (1 - k / E)^" + tokens + ") x expert, expert = 3 x hidden x expert width x bits / 8",
                    f("%s x %s / 8 - %d x %d x %s + %d x %d x (1 - (1 - %d / %d)^%d) x %s", n(model.paramsB()), n(bits),
                            layers, moe.experts(), expert, layers, moe.experts(), moe.expertsPerToken(), moe.experts(),
                            step.sequencesPerMicroBatch() * step.tokensPerSequence(), expert),
                    step.weightBytesRead() / GB, "GB");
        }

        void batchCycle() {
            BatchCycle cycle = e.cycle();
            PrefillAlone pre = e.prefill();
            double batchTokens = (double) batch * pre.tokens();
            add("batch prefill MFU", "MFU_max x B x L / (B x L + L_half)", mfu(batchTokens),
                    Roofline.prefillMfu(e.compute().prefillMfuMax(), batchTokens, eff.prefillHalfTokens()), "");
            double batchMfu = Roofline.prefillMfu(e.compute().prefillMfuMax(), batchTokens, eff.prefillHalfTokens());
            add("batch prefill compute", "B x FLOPs per request / (t x peak x MFU(B x L))",
                    f("%d x %s / (%d x %s x %s)", batch, n(pre.flops() / 1e9), t, n(e.peakTflops()), n(batchMfu)), cycle.computeSeconds() / MS, "ms");
            if (p > 1) {
                if (d.engine().continuousBatching()) {
                    int budget = d.engine().serving().maxTokensPerStep();
                    add("prefill micro-batches", budget > 0 ? "max(1, ceil(B x L / step budget))" : "B: one per prompt (no step budget)",
                            budget > 0 ? f("max(1, ceil(%d x %d / %d))", batch, pre.tokens(), budget) : String.valueOf(batch), e.prefillMicroBatches(), "");
                    add("pipeline share of the batch prefill", "(M + p - 1) / (M x p): stages prefill different micro-batches at once",
                            f("(%d + %d - 1) / (%d x %d)", e.prefillMicroBatches(), p, e.prefillMicroBatches(), p), e.pipelineShare(), "");
                } else {
                    add("pipeline share of the batch prefill", "1: a layer split runs one stage at a time", "1", e.pipelineShare(), "");
                }
            }
            double launchMs = e.compute().prefillOverheadMs();
            if (launchMs > 0) {
                add("batch prefill launches", "M prefill steps x prefill overhead", f("%d x %s", e.prefillMicroBatches(), n(launchMs)),
                        e.prefillMicroBatches() * launchMs, "ms");
                add("batch prefill", "(max(compute, weight read) + launches) x pipeline share + B x prefill all-reduces",
                        f("(max(%s, %s) + %s) x %s + %d x %s", n(cycle.computeSeconds() / MS), n(pre.weightReadSeconds() / MS),
                                n(e.prefillMicroBatches() * launchMs), n(e.pipelineShare()), batch, n(e.prefillCommunicationMs())),
                        e.batchPrefillMs(), "ms");
            } else {
                add("batch prefill", "max(compute, weight read) x pipeline share + B x prefill all-reduces",
                        f("max(%s, %s) x %s + %d x %s", n(cycle.computeSeconds() / MS), n(pre.weightReadSeconds() / MS), n(e.pipelineShare()), batch,
                                n(e.prefillCommunicationMs())),
                        e.batchPrefillMs(), "ms");
            }
            if (e.preemptedSequences() > 0) {
                double tokens = cycle.recomputeTokens();
                int preempted = e.preemptedSequences();
                add("recompute of preempted sequences", "pipeline share x preempted x F(prompt + output / 2) / (t x peak x MFU(preempted x tokens)), "
                                + "F(L) = 2 x P_active x L + attention(L)",
                        f("%s x %d x (%s) / (%d x %s x %s)", n(e.pipelineShare()), preempted, flops(tokens), t, n(e.peakTflops()),
                                n(Roofline.prefillMfu(e.compute().prefillMfuMax(), preempted * tokens, eff.prefillHalfTokens()))),
                        e.recomputeMs(), "ms");
            }
            add("batch cycle", "batch prefill + recompute + output x step",
                    f("%s + %s + %d x %s", n(e.batchPrefillMs()), n(e.recomputeMs()), d.outputTokens(), n(e.stepMs())), cycle.cycleSeconds() / MS, "ms");
            add("output throughput", "replicas x B x output / batch cycle x 1000",
                    f("%d x %d x %d / %s x 1000", d.replicas(), batch, d.outputTokens(), n(cycle.cycleSeconds() / MS)), e.outputTokensPerS(), "tokens/s");
        }

        void served() {
            ServedLatency served = e.served();
            PrefillAlone pre = e.prefill();
            double prefillMs = pre.perRequestSeconds() / MS;
            int budget = served.stepTokenBudget();
            add("prefill per request beside the batch", "prefill compute + prefill all-reduces",
                    f("%s + %s", n(e.prefillComputeMs()), n(e.prefillCommunicationMs())), prefillMs, "ms");
            switch (served.scheduling()) {
                case CHUNKED_PREFILL -> {
                    add("prompt tokens per decode step (chunked prefill)", "min(max(1, budget - B), (B - 1) x prompt / output)",
                            f("min(max(1, %d - %d), (%d - 1) x %d / %d)", budget, batch, batch, pre.tokens(), d.outputTokens()),
                            e.prefillTokensPerStep(), "tokens");
                    add("TPOT (what a user sees)", "step + prefill per request / prompt x prompt tokens per step",
                            f("%s + %s / %d x %s", n(e.stepMs()), n(prefillMs), pre.tokens(), n(e.prefillTokensPerStep())), e.tpotMs(), "ms");
                }
                case INTERLEAVED_PREFILL -> add("TPOT (what a user sees)", "step + (B - 1) x prefill per request / output",
                        f("%s + (%d - 1) x %s / %d", n(e.stepMs()), batch, n(prefillMs), d.outputTokens()), e.tpotMs(), "ms");
                case STATIC_BATCH -> add("TPOT (what a user sees)", "step: a static batch decodes without prefills between its steps",
                        n(e.stepMs()), e.tpotMs(), "ms");
            }
            add("per-sequence speed", "1000 / TPOT", f("1000 / %s", n(e.tpotMs())), e.perSequenceTokensPerS(), "tokens/s");
            double waitMs = served.prefillWaitSeconds() / MS;
            if (served.scheduling() == ServedLatency.Scheduling.STATIC_BATCH) {
                add("wait behind the other prefills", "(B - 1) x prefill per request", f("(%d - 1) x %s", batch, n(prefillMs)), waitMs, "ms");
            } else {
                double rho = e.cycle().prefillShare();
                add("prefill share of the replica's time (rho)", "batch prefill / batch cycle",
                        f("%s / %s", n(e.batchPrefillMs()), n(e.cycle().cycleSeconds() / MS)), rho, "");
                add("wait behind the other prefills", rho >= 1 ? "(B - 1) x prefill per request (rho >= 1)"
                                : "min(rho / (2 x (1 - rho)) x prefill per request, (B - 1) x prefill per request)",
                        rho >= 1 ? f("(%d - 1) x %s", batch, n(prefillMs)) : f("min(%s / (2 x (1 - %s)) x %s, (%d - 1) x %s)", n(rho), n(rho), n(prefillMs), batch, n(prefillMs)),
                        waitMs, "ms");
            }
            if (served.scheduling() == ServedLatency.Scheduling.CHUNKED_PREFILL) {
                add("wait for the step budget", "max(0, (B - 1) x prompt / max(1, budget - B) - output) x TPOT",
                        f("max(0, (%d - 1) x %d / max(1, %d - %d) - %d) x %s", batch, pre.tokens(), budget, batch, d.outputTokens(), n(e.tpotMs())),
                        served.budgetWaitSeconds() / MS, "ms");
            }
            boolean budgetWait = served.scheduling() == ServedLatency.Scheduling.CHUNKED_PREFILL;
            add("TTFT (what a user sees)", "TTFT alone + wait behind the other prefills" + (budgetWait ? " + wait for the step budget" : ""),
                    f("%s + %s", n(e.ttftAloneMs()), n(waitMs)) + (budgetWait ? " + " + n(served.budgetWaitSeconds() / MS) : ""), e.ttftMs(), "ms");
            double weightsGb = Memory.weightBytes(m.paramsB(), d.weights().bitsPerWeight()) / GB;
            add("bandwidth needed at this speed (seed rule of thumb)", "weight bytes x tokens/s", f("%s x %s", n(weightsGb), n(e.perSequenceTokensPerS())),
                    RulesOfThumb.requiredBandwidthGbs(weightsGb * GB, e.perSequenceTokensPerS()), "GB/s",
                    f(" vs %s GB/s across %d GPUs", n(d.gpu().memoryBandwidthGbs() * d.gpusPerReplica()), d.gpusPerReplica()));
        }

        void cost() {
            ServingCost cost = e.cost();
            if (!cost.priced()) {
                return;
            }
            add("cost per hour", "$/GPU-hour x GPUs", f("%s x %d", n(cost.usdPerGpuHour()), cost.gpus()), cost.usdPerHour(), "$", " per hour");
            add("cost", "$/GPU-hour x GPUs / (tokens/s x 3600) x 10^6",
                    f("%s x %d / (%s x 3600) x 10^6", n(cost.usdPerGpuHour()), cost.gpus(), n(e.outputTokensPerS())), e.usdPerMillionTokens(), "$",
                    " per million output tokens");
        }

        private static final String ALL_REDUCE = ", all-reduce(bytes) = (2 x (t - 1) / t x bytes / (bus GB/s x 10^9) + latency us / 10^6) x 1000 ms";
        private static final String SEND = ", send(bytes) = (bytes / (link GB/s x 10^9) + hop latency us / 10^6) x 1000 ms";

        private static final String READS = "((bytes per stage - KV bytes) / (BW x MBU) + KV bytes / (BW x MBU_attention))";

        /** A step's read time in seconds, as Roofline.decodeMemorySeconds: its weights at MBU, its KV at the attention's MBU. */
        private String reads(DecodeStep step) {
            String bw = n(d.gpu().memoryBandwidthGbs());
            return f("((%s - %s) / (%s x %s) + %s / (%s x %s))", n(step.stageBytes() / GB), n(step.stageKvBytes() / GB), bw, n(eff.decodeMbu()),
                    n(step.stageKvBytes() / GB), bw, n(eff.kvReadMbu()));
        }

        /** {@code count} ring all-reduces of {@code tokens} x hidden x 2 bytes over the TP link, in ms. */
        private String allReduces(String count, int tokens) {
            Links links = e.links();
            return f("%s x (2 x (%d - 1) / %d x %d x %d x 2 / (%s x 10^9) + %s / 10^6) x 1000", count, t, t, tokens, m.hiddenSize(),
                    n(links.busGbs()), n(links.allReduceLatencyUs()));
        }

        /** (p - 1) sends of {@code tokens} x hidden x 2 bytes between stages, in ms. */
        private String hops(int tokens) {
            Links links = e.links();
            return f("(%d - 1) x (%d x %d x 2 / (%s x 10^9) + %s / 10^6) x 1000", p, tokens, m.hiddenSize(), n(links.pipeline().unidirectionalGbs()),
                    n(links.hopLatencyUs()));
        }

        /** MFU_max x L / (L + L_half), MFU_max = the engine's prefill MFU x its format factor where one applies. */
        private String mfu(double tokens) {
            double factor = ComputeRate.formatFactor(d, e.computePrecision(), eff);
            String max = factor == 1 ? n(eff.prefillMfu()) : f("%s x %s", n(eff.prefillMfu()), n(factor));
            return f("%s x %s / (%s + %s)", max, n(tokens), n(tokens), n(eff.prefillHalfTokens()));
        }

        /** F(L) = 2 x P_active x L + attention(L), GFLOP. */
        private String flops(double tokens) {
            return f("2 x %s x %s + %s", n(m.activeParamsBOrTotal()), n(tokens), n(prefillAttentionGflop(tokens)));
        }

        private double prefillAttentionGflop(double tokens) {
            return LayerAttention.prefillAttentionFlops(pattern, m.attentionHeads(), m.headDim(), tokens) / 1e9;
        }

        private double decodeAttentionGflop(double context) {
            return LayerAttention.decodeAttentionFlopsPerToken(pattern, m.attentionHeads(), m.headDim(), context) / 1e9;
        }

        /** Layer-tokens one decoded token attends at {@code context}, kind by kind, as LayerAttention.attendedLayerTokens sums them (+ linear state). */
        private String attended(double context) {
            List<String> terms = new ArrayList<>();
            String c = n(context);
            if (pattern.full() > 0) {
                terms.add(f("%d x %s", pattern.full(), c));
            }
            if (pattern.sliding() > 0) {
                terms.add(f("%d x min(%s, %d)", pattern.sliding(), c, pattern.window()));
            }
            if (pattern.chunked() > 0) {
                terms.add(f("%d x min(%s, %d)", pattern.chunked(), c, pattern.chunk()));
            }
            if (pattern.sparse() > 0) {
                terms.add(f("%d x min(%s, %d)", pattern.sparse(), c, pattern.topK()));
            }
            String sum = "(" + (terms.isEmpty() ? "0" : String.join(" + ", terms)) + ")";
            // A linear layer's state update: 4 x state elements per layer, written over 4 x heads x head_dim to share the factor.
            return pattern.linear() == 0 ? sum
                    : f("(%s + %d x %d / (%d x %d))", sum, pattern.linear(), pattern.linearStateElements(), m.attentionHeads(), m.headDim());
        }

        /** KV bytes of one sequence of {@code tokens} (whole model), as LayerAttention.kvBytesPerSequence sums them. */
        private String kvBytes(double tokens) {
            String c = n(tokens);
            double perLayerToken = Memory.kvBytesPerTokenPerLayer(m, d.kv().bytesPerElement());
            if (pattern.isAllFull()) {
                return f("%s x %s", n(e.kvBytesPerToken()), c);
            }
            List<String> terms = new ArrayList<>();
            if (pattern.full() + pattern.sparse() > 0) {
                terms.add(f("%d x %s", pattern.full() + pattern.sparse(), c));
            }
            if (pattern.sliding() > 0) {
                terms.add(f("%d x min(%s, %d)", pattern.sliding(), c, pattern.window()));
            }
            if (pattern.chunked() > 0) {
                terms.add(f("%d x min(%s, %d)", pattern.chunked(), c, pattern.chunk()));
            }
            String held = terms.isEmpty() ? "0" : String.join(" + ", terms);
            String linear = pattern.linear() == 0 ? ""
                    : f(" + %d x %d x %s", pattern.linear(), pattern.linearStateElements(), n(d.kv().bytesPerElement()));
            return f("(%s x (%s)%s)", n(perLayerToken), held, linear);
        }

        private static String limit(int value) {
            return value > 0 ? ", " + value : "";
        }
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** A value as the lines show it: whole numbers whole, others to 6 significant digits (enough for every line to evaluate to its result). */
    static String n(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "NaN";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** Bytes to the byte: inputs of a floor, where 6 significant digits could move the result. */
    static String whole(double bytes) {
        return Double.isNaN(bytes) ? "NaN" : String.valueOf(Math.round(bytes));
    }
}
