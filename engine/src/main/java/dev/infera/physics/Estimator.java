package dev.infera.physics;

import dev.infera.catalog.Assumptions;
import dev.infera.catalog.Efficiency;
import dev.infera.catalog.EngineServing;
import dev.infera.catalog.Gpu;
import dev.infera.catalog.Interconnect;
import dev.infera.catalog.Model;
import dev.infera.catalog.Precision;
import dev.infera.catalog.Price;
import dev.infera.catalog.Speculator;

import java.util.function.IntFunction;

import static dev.infera.physics.Units.BYTES_FP16;
import static dev.infera.physics.Units.GB;
import static dev.infera.physics.Units.GIB;
import static dev.infera.physics.Units.MS;

/**
 * Turns a {@link Deployment} into an {@link Estimate}: memory per GPU, prefill (TTFT), the decode
 * step as a roofline over bytes and FLOPs plus all-reduces and per-step overhead (TPOT), throughput
 * and cost. Every constant comes from the catalog (engine efficiencies, assumptions, prices).
 */
public final class Estimator {
    /** Largest batch "max" will consider; beyond it schedulers cap anyway. */
    public static final int MAX_BATCH_CAP = 4096;

    private final Assumptions assumptions;

    public Estimator(Assumptions assumptions) {
        this.assumptions = assumptions;
    }

    public Assumptions assumptions() {
        return assumptions;
    }

    /** Estimates {@code d} as given; {@code price} may be null (cost is then NaN). */
    public Estimate estimate(Deployment d, Price price) {
        Gpu gpu = d.gpu();
        Model model = d.model();
        String unsupported = unsupportedReason(d);
        Precision precision = computePrecision(d);
        double peak = precision == null ? Double.NaN : peakTflops(d, precision);
        Efficiency eff = d.engine().efficiencyOn(gpu);
        double prefillMfuMax = prefillMfuMax(d, precision, eff);
        int t = d.tensorParallel();
        int p = d.pipelineParallel();

        // Memory per GPU.
        double capacity = gpu.memoryGb() * (assumptions.memoryIsBinary() ? GIB : GB);
        double usable = capacity * d.engine().memoryUtilisation();
        double weights = Memory.weightBytes(model.paramsB(), d.weights().bitsPerWeight()) / (t * p);
        int kvShards = Memory.kvShards(model, t) * p;
        // Paged engines hold what a sequence occupies on average (in whole blocks); static slots reserve the whole sequence.
        EngineServing serving = d.engine().serving();
        // A cached prefix: prefill computes only the uncached tokens, each sequence holds only its own, the prefix is held once.
        boolean cachesPrefix = d.cachesPrefix();
        int prefillTokens = cachesPrefix ? PrefixCache.uncachedPrefillTokens(d.inputTokens(), d.prefixTokens(), d.prefixHitRate()) : d.inputTokens();
        double heldTokens = cachesPrefix
                ? PrefixCache.averageHeldTokens(d.inputTokens(), d.outputTokens(), d.prefixTokens(), d.prefixHitRate(), serving.kvBlockTokens())
                : serving.paged() ? PagedKv.averageHeldTokens(d.inputTokens(), d.outputTokens(), serving.kvBlockTokens()) : d.sequenceTokens();
        double wholeTokens = cachesPrefix
                ? PrefixCache.peakHeldTokens(d.inputTokens(), d.outputTokens(), d.prefixTokens(), d.prefixHitRate(), serving.kvBlockTokens())
                : serving.paged() ? PagedKv.peakHeldTokens(d.inputTokens(), d.outputTokens(), serving.kvBlockTokens()) : d.sequenceTokens();
        double sharedPrefixTokens = cachesPrefix ? PrefixCache.sharedTokens(d.prefixTokens(), d.prefixHitRate(), serving.kvBlockTokens()) : 0;
        double sharedPrefixKv = cachesPrefix ? Memory.kvBytesPerSequence(model, d.kv().bytesPerElement(), sharedPrefixTokens) / kvShards : 0;
        // Speculative decoding (#16), memory: the speculator's weights are held once, its KV per sequence (Speculation).
        Speculator speculator = d.speculator();
        double draftWeights = speculator == null ? 0 : Speculation.draftWeightBytesPerGpu(speculator.shape().paramsB(), t);
        double draftKvPerToken = speculator == null ? 0 : Memory.kvBytesPerToken(speculator.shape(), d.kv().bytesPerElement())
                / (Memory.kvShards(speculator.shape(), t) * p);
        double kvPerSequence = Memory.kvBytesPerSequence(model, d.kv().bytesPerElement(), heldTokens) / kvShards + draftKvPerToken * heldTokens;
        double kvPerWholeSequence = Memory.kvBytesPerSequence(model, d.kv().bytesPerElement(), wholeTokens) / kvShards + draftKvPerToken * wholeTokens;
        double activations = Memory.activationBytes(model, Math.min(assumptions.prefillChunkTokens(), prefillTokens), t);
        double overhead = assumptions.runtimeOverheadGb() * GB;
        double fixed = weights + activations + overhead + sharedPrefixKv + draftWeights;
        double kvRoom = usable - fixed;
        // Paged: what the staggered batch holds with a margin for its fluctuation; static slots: whole reservations.
        long steadyStateBatch = serving.paged()
                ? PagedKv.steadyStateBatch(kvRoom, kvPerSequence, kvPerWholeSequence, PagedKv.STEADY_STATE_SIGMAS)
                : (long) Math.max(0, Math.floor(kvRoom / kvPerSequence));
        int maxBatch = PagedKv.admittedBatch(steadyStateBatch, serving.maxBatch(), serving.maxTokensPerStep(), MAX_BATCH_CAP);
        int preempted = serving.paged() ? PagedKv.preempted(d.batch(), steadyStateBatch) : 0;
        double kv = kvPerSequence * d.batch();
        double total = fixed + kv;
        boolean fits = total <= usable;

        // Links: tensor parallelism inside a node uses the node's link, wider than a node the network.
        Interconnect tpLink = d.tensorParallelLink();
        Interconnect ppLink = d.pipelineLink();
        double busGbs = busBandwidthGbs(tpLink);
        double latencyUs = StepOverhead.allReduceLatencyUs(allReduceLatencyUs(tpLink, eff), t, serving.fusedAllReduce());
        double stepOverheadMs = StepOverhead.stepOverheadMs(eff.stepOverheadMs(), t, serving.hostOverheadPerRankMs());

        // Prefill of one request (TTFT): compute over t GPUs, floored by one read of the weights.
        double prefillMfu = Roofline.prefillMfu(prefillMfuMax, prefillTokens, eff.prefillHalfTokens());
        double prefillFlops = cachesPrefix ? PrefixCache.prefillFlops(model, d.inputTokens(), d.prefixTokens(), d.prefixHitRate())
                : Roofline.prefillFlops(model, d.inputTokens());
        double prefillCompute = Roofline.computeSeconds(prefillFlops, peak * t, prefillMfu);
        double weightFloor = Roofline.memorySeconds(weights * p, gpu.memoryBandwidthGbs(), eff.decodeMbu());
        double prefillComm = 2.0 * model.layers()
                * Collectives.allReduceSeconds(t, prefillTokens * model.hiddenSize() * BYTES_FP16, busGbs, latencyUs);
        double hops = (p - 1) * Collectives.sendSeconds(prefillTokens * model.hiddenSize() * BYTES_FP16,
                ppLink.unidirectionalGbs(), assumptions.pipelineHopLatencyUs());
        double ttft = Math.max(prefillCompute, weightFloor) + prefillComm + hops + stepOverheadMs * MS;

        // Decode step at the average context; a batch splits into up to p micro-batches in flight.
        double context = d.averageDecodeContextTokens();
        boolean pipelines = d.engine().continuousBatching();
        int microBatches = Pipeline.decodeMicroBatches(d.batch(), p, pipelines);
        int b = (int) Math.ceil((double) d.batch() / microBatches);
        DecodeStep.Hardware hardware = new DecodeStep.Hardware(t, p, gpu.memoryBandwidthGbs(), eff.decodeMbu(), eff.decodeMfu(), busGbs,
                latencyUs, ppLink.unidirectionalGbs(), assumptions.pipelineHopLatencyUs());
        double bits = d.weights().bitsPerWeight();
        double kvBytes = d.kv().bytesPerElement();
        IntFunction<DecodeStep> plainAt = batch -> DecodeStep.of(model, bits, kvBytes, hardware, peak, batch, 1, context, stepOverheadMs * MS);
        DecodeStep decode = plainAt.apply(b);
        // Speculative decoding (#16), decode: the step per token is the speculation cycle over the tokens it yields; the
        // verification's roofline is the one judged (its compute grows with k). Drafts run inside the engine's step: no overhead of their own.
        SpeculativeStep speculation = null;
        if (speculator != null) {
            int k = speculator.draftTokens();
            double draftPeak = sixteenBitPeakTflops(d);
            SpeculativeStep.Steps steps = new SpeculativeStep.Steps(plainAt,
                    batch -> DecodeStep.of(model, bits, kvBytes, hardware, peak, batch, Speculation.verifiedTokensPerSequence(k), context, stepOverheadMs * MS),
                    batch -> DecodeStep.of(speculator.shape(), Speculation.DRAFT_BITS_PER_WEIGHT, kvBytes, hardware, draftPeak, batch, 1, context, 0));
            speculation = SpeculativeStep.at(speculator, steps, b, Math.max(1, maxBatch), draftWeights, draftKvPerToken * heldTokens * d.batch());
            decode = steps.verification().apply(b);
        }
        double memorySeconds = decode.memorySeconds();
        double computeSeconds = decode.computeSeconds();
        double commSeconds = decode.communicationSeconds();
        double tpot = speculation == null ? decode.seconds() : speculation.msPerToken() * MS;

        // Throughput over whole requests: a replica prefills its batch, then decodes it. The batch's
        // prompts go through together, so their MFU is that of B x L tokens in one pass.
        double batchPrefillCompute = Roofline.computeSeconds(d.batch() * prefillFlops, peak * t,
                Roofline.prefillMfu(prefillMfuMax, (double) d.batch() * prefillTokens, eff.prefillHalfTokens()));
        // Pipelined stages prefill different chunks at once; a layer split (llama.cpp) runs them one after another.
        int prefillMicroBatches = Pipeline.prefillMicroBatches(d.batch(), prefillTokens, serving.maxTokensPerStep());
        double pipelineShare = pipelines ? Pipeline.pipelinedShare(prefillMicroBatches, p) : 1;
        double batchPrefill = Math.max(batchPrefillCompute, weightFloor) * pipelineShare + d.batch() * prefillComm;
        // Preempted sequences lose their KV and prefill it again when readmitted.
        double recomputeTokens = PagedKv.recomputeTokens(prefillTokens, d.outputTokens());
        double recompute = preempted == 0 ? 0 : pipelineShare * Roofline.computeSeconds(preempted * Roofline.prefillFlops(model, recomputeTokens),
                peak * t, Roofline.prefillMfu(prefillMfuMax, preempted * recomputeTokens, eff.prefillHalfTokens()));
        double cycle = batchPrefill + recompute + d.outputTokens() * tpot;
        double perReplica = d.batch() * d.outputTokens() / cycle;
        double output = perReplica * d.replicas();

        // What a user sees under this concurrency: other requests' prefills share the GPUs.
        double prefillPerRequest = prefillCompute + prefillComm;
        double servedTtft;
        double servedTpot;
        double prefillTokensPerStep = Double.NaN;
        if (d.engine().continuousBatching() && serving.maxTokensPerStep() > 0) {
            // Chunked prefill: each step carries the batch's decode tokens plus prompt chunks up to the engine's budget.
            prefillTokensPerStep = Latency.prefillTokensPerStep(serving.maxTokensPerStep(), d.batch(), prefillTokens, d.outputTokens());
            servedTpot = Latency.servedTpotWithBudgetSeconds(tpot, prefillPerRequest, prefillTokens, prefillTokensPerStep);
            servedTtft = ttft + Latency.prefillQueueSeconds(prefillPerRequest, d.batch(), batchPrefill / cycle)
                    + Latency.budgetQueueSeconds(serving.maxTokensPerStep(), d.batch(), prefillTokens, d.outputTokens(), servedTpot);
        } else if (d.engine().continuousBatching()) {
            servedTpot = Latency.servedTpotSeconds(tpot, prefillPerRequest, d.batch(), d.outputTokens());
            servedTtft = ttft + Latency.prefillQueueSeconds(prefillPerRequest, d.batch(), batchPrefill / cycle);
        } else {
            servedTpot = tpot;
            servedTtft = ttft + (d.batch() - 1) * prefillPerRequest;
        }

        Bottleneck bottleneck = !fits ? Bottleneck.CAPACITY
                : commSeconds >= Math.max(memorySeconds, computeSeconds) ? Bottleneck.COMMUNICATION
                : computeSeconds > memorySeconds ? Bottleneck.COMPUTE
                : Bottleneck.MEMORY_BANDWIDTH;

        double usdPerHour = price == null ? Double.NaN : price.usdPerGpuHour() * d.totalGpus();
        double usdPerMillion = price == null ? Double.NaN : Cost.usdPerMillionTokens(price.usdPerGpuHour(), d.totalGpus(), output);

        return new Estimate(unsupported == null, unsupported, precision, peak,
                capacity / GB, usable / GB, weights / GB, kv / GB, activations / GB, overhead / GB, total / GB,
                fits, fits ? 0 : (total - usable) / GB,
                Memory.kvBytesPerToken(model, d.kv().bytesPerElement()),
                maxBatch, d.batch(),
                ttft / MS, prefillCompute / MS, prefillComm / MS,
                tpot / MS, p * memorySeconds / MS, p * computeSeconds / MS, p * commSeconds / MS, stepOverheadMs,
                servedTtft / MS, servedTpot / MS,
                1 / servedTpot, output, p * commSeconds / decode.seconds(), bottleneck, usdPerHour, usdPerMillion,
                serving.kvBlockTokens(), heldTokens, preempted, recompute / MS, batchPrefill / MS, pipelineShare, prefillMicroBatches,
                serving.maxTokensPerStep(), prefillTokensPerStep, serving.paged() ? steadyStateBatch : 0,
                cachesPrefix ? d.prefixTokens() : 0, cachesPrefix ? d.prefixHitRate() : 0, prefillTokens, sharedPrefixTokens, sharedPrefixKv / GB,
                speculation);
    }

    /** The throughput-optimal batch that fits: the largest, since tokens/s = B / TPOT(B) only grows with B. */
    public Estimate estimateAtMaxBatch(Deployment d, Price price) {
        Estimate probe = estimate(d.withBatch(1), price);
        return probe.maxBatch() <= 1 ? probe : estimate(d.withBatch(probe.maxBatch()), price);
    }

    /** The 16-bit tensor peak a draft's matmuls run at: FP16's, else BF16's (NaN when neither is sourced). */
    static double sixteenBitPeakTflops(Deployment d) {
        for (Precision sixteen : new Precision[] {Precision.FP16, Precision.BF16}) {
            if (d.gpu().peakTflops(sixteen).isPresent()) {
                return peakTflops(d, sixteen);
            }
        }
        return Double.NaN;
    }

    /** Saturated prefill MFU: the engine's, times its format multiplier where the GPU runs the format's own precision (a 16-bit fallback is another kernel). */
    static double prefillMfuMax(Deployment d, Precision precision, Efficiency eff) {
        return eff.prefillMfu() * (precision == d.weights().computePrecision() ? eff.prefillFormatFactor(d.weights().id()) : 1);
    }

    /** The dense tensor peak the engine's matmuls reach at {@code precision}: the catalog's, doubled for FP16 accumulation on GeForce. */
    static double peakTflops(Deployment d, Precision precision) {
        double listed = d.gpu().peakTflops(precision).orElse(Double.NaN);
        boolean fp16Accumulate = d.engine().fp16Accumulate() && precision == Precision.FP16 && d.gpu().halvesFp32Accumulate();
        return fp16Accumulate ? 2 * listed : listed;
    }

    /**
     * The estimate at the concurrency a request rate sustains on this deployment, by Little's law:
     * sequences in flight per replica B = rate / replicas x (served TTFT + output x served TPOT).
     * Latency grows with B, so B is found by fixed-point iteration. B stops at what fits in memory:
     * a rate the deployment cannot carry then shows as throughput short of rate x output tokens.
     */
    public Estimate estimateAtRate(Deployment d, double requestsPerS, Price price) {
        double perReplica = requestsPerS / d.replicas();
        int batch = 1;
        Estimate e = estimate(d.withBatch(batch), price);
        for (int step = 0; step < RATE_ITERATIONS; step++) {
            double requestSeconds = (e.ttftMs() + d.outputTokens() * e.tpotMs()) / 1000;
            int needed = (int) Math.min(Math.max(1, e.maxBatch()), Math.max(1, Math.ceil(perReplica * requestSeconds)));
            if (needed == batch) {
                break;
            }
            batch = needed;
            e = estimate(d.withBatch(batch), price);
        }
        return e;
    }

    /** Enough for the Little's-law batch to settle (it moves by a few percent after three steps). */
    private static final int RATE_ITERATIONS = 8;

    /**
     * The precision the matmuls run at: the format's own where the GPU has it, 16 bits for a
     * weight-only fallback, null when the GPU cannot run the format at all.
     */
    public static Precision computePrecision(Deployment d) {
        Gpu gpu = d.gpu();
        Precision wanted = d.weights().computePrecision();
        if (gpu.peakTflops(wanted).isPresent()) {
            return wanted;
        }
        boolean sixteenBit = wanted == Precision.FP16 || wanted == Precision.BF16;
        if (sixteenBit || d.weights().weightOnlyFallback()) {
            for (Precision fallback : new Precision[] {Precision.FP16, Precision.BF16}) {
                if (gpu.peakTflops(fallback).isPresent()) {
                    return fallback;
                }
            }
        }
        return null;
    }

    /** Why this deployment cannot run at all, or null. Not fitting in memory is a result, not this. */
    public static String unsupportedReason(Deployment d) {
        Gpu gpu = d.gpu();
        if (!d.engine().supportsVendor(gpu.vendor())) {
            return d.engine().name() + " has no kernels for " + gpu.vendor() + " GPUs";
        }
        if (!d.engine().runs(d.weights())) {
            return d.engine().name() + " does not load " + d.weights().id() + " weights";
        }
        if (!d.kv().kvCache()) {
            return d.kv().id() + " is not a KV-cache format";
        }
        if (!d.engine().runs(d.kv())) {
            return d.engine().name() + " has no " + d.kv().id() + " KV cache";
        }
        if (d.tensorParallel() > 1 && !d.engine().tensorParallel()) {
            return d.engine().name() + " has no tensor parallelism (it splits layers: use pipeline stages)";
        }
        if (d.model().attentionHeads() % d.tensorParallel() != 0) {
            return "TP=" + d.tensorParallel() + " does not divide " + d.model().attentionHeads() + " attention heads";
        }
        if (d.pipelineParallel() > d.model().layers()) {
            return "PP=" + d.pipelineParallel() + " exceeds " + d.model().layers() + " layers";
        }
        if (d.gpusPerReplica() > d.server().gpus() && d.server().interNodeLink() == null) {
            return d.server().name() + " holds " + d.server().gpus() + " GPUs and has no inter-node link for "
                    + d.gpusPerReplica() + " per replica";
        }
        Speculator speculator = d.speculator();
        if (speculator != null && !d.engine().serving().speculates(speculator.kind())) {
            return d.engine().name() + " does not serve " + speculator.kind().id() + " speculators (engines.yaml serving.speculators)";
        }
        if (speculator != null && d.pipelineParallel() > 1) {
            return "speculative decoding is not served with pipeline stages (vLLM: not compatible with pipeline parallelism)";
        }
        if (Double.isNaN(gpu.memoryBandwidthGbs())) {
            return gpu.name() + ": memory bandwidth not sourced in the catalog";
        }
        if (computePrecision(d) == null) {
            Precision wanted = d.weights().computePrecision();
            boolean sixteenBit = wanted == Precision.FP16 || wanted == Precision.BF16;
            return sixteenBit
                    ? gpu.name() + ": 16-bit tensor throughput not sourced in the catalog"
                    : gpu.name() + " has no " + wanted.id().toUpperCase() + " tensor cores for " + d.weights().id() + " (none listed in the catalog)";
        }
        return null;
    }

    /** Ring all-reduce bus bandwidth: measured where known, else the link's speed x efficiency. */
    public double busBandwidthGbs(Interconnect link) {
        return link.allReduceBusGbs() != null ? link.allReduceBusGbs() : link.unidirectionalGbs() * assumptions.linkEfficiency();
    }

    /** Latency of one all-reduce: the engine's over NVLink-class fabrics, the catalog's over PCIe or a network. */
    public double allReduceLatencyUs(Interconnect link, Efficiency eff) {
        if (link.isScaleUpFabric()) {
            return eff.allReduceLatencyUs();
        }
        return link.isPcie() ? assumptions.pcieAllReduceLatencyUs() : assumptions.networkAllReduceLatencyUs();
    }
}
