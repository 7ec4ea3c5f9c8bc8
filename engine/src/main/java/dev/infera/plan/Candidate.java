package dev.infera.plan;

import dev.infera.catalog.Gpu;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;
import dev.infera.physics.Memory;
import dev.infera.physics.RulesOfThumb;
import dev.infera.physics.Units;
import dev.infera.workload.Constraints;
import dev.infera.workload.Thresholds;
import dev.infera.workload.Workload;

/**
 * A candidate architecture with its estimate: the fact rules reason about. Getters are JavaBean
 * style so rule conditions read plainly ({@code Candidate(tp > 1, linkKind == "pcie")}).
 */
public final class Candidate {
    private final int id;
    private final Deployment deployment;
    private final Estimate estimate;

    // The scenario the candidate is judged in, set by the rule run before it inserts the candidate.
    // Rules read them as the candidate's own properties (workload.interactive, thresholds.ttftMs), so
    // Drools tests them in its alpha network, once per candidate, instead of joining three facts.
    private Workload workload;
    private Constraints constraints;
    private Thresholds thresholds;
    // Whether a reader sees this candidate's findings. Notes and warnings only explain a candidate,
    // so their rules test `shown` first and run for the rows shown, not for every candidate a sweep
    // ranks; rules that score or reject never test it (the rule run refuses those).
    private boolean shown;
    // What buying it means (nodes, power, racks, owned vs rented cost): made when first read, under the
    // scenario's resolved procurement terms.
    private Fleet fleet;
    // The cross-validated error of estimates by the candidate's engine on its GPU family (null: none known).
    private final dev.infera.catalog.ErrorBands bands;

    public Candidate(int id, Deployment deployment, Estimate estimate) {
        this(id, deployment, estimate, null);
    }

    /** A candidate whose estimate carries the catalog's error bands for its engine and GPU family. */
    public Candidate(int id, Deployment deployment, Estimate estimate, dev.infera.catalog.ErrorBands bands) {
        this(id, deployment, estimate, bands, null);
    }

    // Disaggregated prefill and decode (#16): the split of this candidate's replicas into a prefill and a decode pool and its
    // estimate, or null (colocated). Where set, latency, throughput and cost are the split's; `estimate` stays the colocated
    // replicas' on the same GPUs, which the disaggregation rules compare against.
    // Not final: the simulated screen may re-size it to a neighbouring ratio of the same GPUs (#16, resplit).
    private dev.infera.physics.DisaggregatedEstimator.DisaggregatedEstimateOf split;

    /** The same replicas split into prefill and decode pools, estimated as {@code split}. */
    public Candidate(int id, Deployment deployment, Estimate colocated, dev.infera.catalog.ErrorBands bands,
            dev.infera.physics.DisaggregatedEstimator.DisaggregatedEstimateOf split) {
        this(id, deployment, colocated, bands, split, null);
    }

    // Prefix caching (#16): the estimate of the same deployment with the cache off (its plain twin), or null: this candidate
    // caches no prefix. The rule "Prefix caching pays when prompts repeat" reads what the cache saves against it.
    private final Estimate uncached;

    private Candidate(int id, Deployment deployment, Estimate estimate, dev.infera.catalog.ErrorBands bands,
            dev.infera.physics.DisaggregatedEstimator.DisaggregatedEstimateOf split, Estimate uncached) {
        this.bands = bands;
        this.id = id;
        this.deployment = deployment;
        this.estimate = estimate;
        this.split = split;
        this.uncached = uncached;
    }

    /** {@code cached} (a deployment with its prefix cache) estimated as {@code estimate}, beside its plain twin estimated as {@code uncached}. */
    public static Candidate prefixCached(int id, Deployment cached, Estimate estimate, dev.infera.catalog.ErrorBands bands, Estimate uncached) {
        if (!cached.cachesPrefix()) {
            throw new IllegalArgumentException("a prefix-cached candidate needs a deployment that caches a prefix");
        }
        return new Candidate(id, cached, estimate, bands, null, uncached);
    }

    /** {@link #prefixCached}'s split twin (#16): {@code split}'s prefill pool caches the prefix, its decode pool receives whole prompts' KV. */
    public static Candidate prefixCachedSplit(int id, Deployment cached, Estimate estimate, dev.infera.catalog.ErrorBands bands,
            dev.infera.physics.DisaggregatedEstimator.DisaggregatedEstimateOf split, Estimate uncached) {
        if (!cached.cachesPrefix() || !split.deployment().prefill().cachesPrefix()) {
            throw new IllegalArgumentException("a prefix-cached split needs a prefill pool that caches a prefix");
        }
        return new Candidate(id, cached, estimate, bands, split, uncached);
    }

    /** Sets the scenario the rules judge this candidate in: its workload, constraints and the thresholds the table chose. */
    public void judgeIn(Workload workload, Constraints constraints, Thresholds thresholds, boolean shown) {
        this.workload = workload;
        this.constraints = constraints;
        this.thresholds = thresholds;
        this.shown = shown;
        this.fleet = null;
    }

    /** Marks the candidate as shown to a reader: the rule run then updates it so the explaining rules see it. */
    public void show() {
        this.shown = true;
    }

    public int getId() { return id; }
    public Deployment deployment() { return deployment; }
    public Estimate estimate() { return estimate; }

    // The scenario it is judged in (null before a rule run).
    public Workload getWorkload() { return workload; }
    public Constraints getConstraints() { return constraints; }
    public Thresholds getThresholds() { return thresholds; }
    public boolean isShown() { return shown; }

    // The configuration.
    public String getGpu() { return deployment.gpu().id(); }
    public String getGpuName() { return deployment.gpu().name(); }
    public String getGpuFamily() { return deployment.gpu().family(); }
    public Gpu gpuSpec() { return deployment.gpu(); }
    public String getServer() { return deployment.server().id(); }
    public int getGpus() { return deployment.totalGpus(); }
    public int getGpusPerReplica() { return deployment.gpusPerReplica(); }
    public int getTp() { return deployment.tensorParallel(); }
    public int getPp() { return deployment.pipelineParallel(); }
    public int getReplicas() { return deployment.replicas(); }
    public int getNodes() { return deployment.nodes(); }
    public String getWeights() { return deployment.weights().id(); }
    public String getKv() { return deployment.kv().id(); }
    public String getEngine() { return deployment.engine().id(); }
    public double getWeightBits() { return deployment.weights().bitsPerWeight(); }
    public boolean isWeightOnly() { return deployment.weights().isWeightOnly(); }
    public double getKvBits() { return deployment.kv().bitsPerWeight(); }
    /** The link tensor parallelism uses: nvlink, nvswitch, pcie, xgmi, infiniband, ethernet. */
    public String getLinkKind() { return estimate.links().tensorParallel().kind().id(); }
    /** The link tensor parallelism uses, as a sentence names it: the node's, or the network when TP spans nodes. */
    public String getLinkName() { return estimate.links().tensorParallel().shortName(); }
    /** Whether tensor parallelism all-reduces over a scale-up fabric (NVLink, NVSwitch, xGMI): the same link as getLinkKind. */
    public boolean isOverNvlink() { return estimate.links().tensorParallelOverScaleUpFabric(); }
    public boolean isMultiNode() { return deployment.gpusPerReplica() > deployment.server().gpus(); }
    public boolean isWorkstation() { return deployment.server().isWorkstation(); }
    public boolean isDatacenterUseAllowed() { return deployment.gpu().datacenterUseAllowed(); }
    public java.util.List<String> getExportRestrictedIn() { return deployment.gpu().exportRestrictedIn(); }
    /** The GPU's export status in the scenario's region: restricted, allowed or not verified (no region: not verified). */
    public String getExportStatus() { return deployment.gpu().exportStatusIn(constraints == null ? null : constraints.region()); }
    /** The rule, its effective date and its source behind the export status, as a message quotes them ("" when not verified). */
    public String getExportBasis() {
        var fact = deployment.gpu().exportFactIn(constraints == null ? null : constraints.region());
        return fact == null ? "" : fact.rule() + ", in effect since " + fact.effective() + " (source: " + fact.source() + ")";
    }
    /** The model's maximum context in the catalog, tokens (a longer one runs only as the scenario extends it). */
    public int getModelMaxContext() { return deployment.model().maxContext(); }
    public boolean isMoe() { return deployment.model().isMoe(); }
    public double getMemoryBandwidthGbs() { return deployment.gpu().memoryBandwidthGbs(); }
    public double getGpuMemoryGb() { return deployment.gpu().memoryGb(); }
    /** Sum of the GPUs' TDPs = TDP x GPUs, each pool's own GPU for a split; NaN where a GPU's TDP is unknown. */
    public double getPowerW() { return sumOverPools(g -> g.tdpW()); }
    /** Whether the catalog has a purchase price for every GPU used (capitalUsd is NaN when not). */
    public boolean isPurchasePriced() { return !Double.isNaN(getCapitalUsd()); }
    /** GPUs' list price = price x GPUs, each pool's own GPU for a split; NaN where a GPU has no price. */
    public double getCapitalUsd() { return sumOverPools(g -> g.priceUsd()); }

    /** value(GPU) x GPUs summed over the pools (one pool unless split): a mixed split's pools have different GPUs. */
    private double sumOverPools(java.util.function.Function<Gpu, ? extends Number> value) {
        java.util.List<Deployment> pools = split == null ? java.util.List.of(deployment) : java.util.List.of(split.deployment().prefill(), split.deployment().decode());
        double sum = 0;
        for (Deployment pool : pools) {
            Number v = value.apply(pool.gpu());
            if (v == null) {
                return Double.NaN;
            }
            sum += v.doubleValue() * pool.totalGpus();
        }
        return sum;
    }
    public double getGpuTdpW() { return deployment.gpu().tdpW() == null ? Double.NaN : deployment.gpu().tdpW(); }

    // The model and the request.
    public String getModelName() { return deployment.model().name(); }
    public int getKvHeads() { return deployment.model().kvHeads(); }
    /** Full multi-head attention: a K and a V for every head (no GQA, MQA or MLA). */
    public boolean isMultiHeadAttention() { return deployment.model().attention() == dev.infera.catalog.Model.Attention.MHA; }
    /** Prompt plus output: what one sequence holds at its end. */
    public int getSequenceTokens() { return deployment.sequenceTokens(); }

    // The estimate.
    public boolean isSupported() { return estimate.supported(); }
    public String getUnsupportedReason() { return estimate.unsupportedReason(); }
    /** Unsupported because the GPU lacks tensor cores for the format's precision (FP8 on Ampere, FP4 before Blackwell). */
    public boolean isMissingTensorCores() { return !estimate.supported() && estimate.unsupported().missingTensorCores(); }
    /** The tensor precisions the GPU computes natively (catalog peaks), for the hint of a rejected format. */
    public String getNativePrecisions() { return deployment.gpu().nativePrecisions(); }
    public boolean isFits() { return split != null ? split.estimate().fits() : estimate.fits(); }
    public double getShortfallGb() { return estimate.shortfallGb(); }
    public double getMemoryGb() { return estimate.memoryGb(); }
    public double getUsableGb() { return estimate.usableGb(); }
    public double getKvGb() { return estimate.kvGb(); }
    /** KV cache per GPU had it been kept in 16 bits: kvGb x 16 / KV bits. */
    public double getKvGbAt16Bits() { return estimate.kvGb() * 16 / getKvBits(); }
    /** KV bytes per token of the whole model in its KV format, in MB (10^6 bytes). */
    public double getKvMbPerToken() { return estimate.kvBytesPerToken() / Units.MB; }
    /** KV cache of one whole sequence (prompt + output) of the whole model = bytes per token x sequence tokens, in GB. */
    public double getKvGbPerSequence() { return estimate.kvBytesPerToken() * deployment.sequenceTokens() / Units.GB; }
    /** How many times smaller the KV cache of a GQA model with 8 KV heads would be: kv heads / 8 (at least 1). */
    public int getKvShrinkWithEightKvHeads() { return Math.max(1, deployment.model().kvHeads() / 8); }
    public double getKvShare() { return estimate.kvShareOfMemory(); }
    public double getHeadroom() { return estimate.headroom(); }
    public int getMaxBatch() { return split != null ? split.estimate().decodeMaxBatch() : estimate.maxBatch(); }
    public int getBatch() { return split != null ? split.estimate().decodeBatch() : estimate.batch(); }
    /** TTFT a user sees at this concurrency (queue behind other prefills included). */
    public double getTtftMs() { return split != null ? split.estimate().ttftMs() : estimate.ttftMs(); }
    /** Time per output token a user sees at this concurrency (other prefills interleaved). */
    public double getTpotMs() { return split != null ? split.estimate().tpotMs() : estimate.tpotMs(); }
    /** One decode step of the batch, without other users' prefills. */
    public double getStepMs() { return split != null ? split.estimate().decode().stepMs() : estimate.stepMs(); }
    public double getPerSequenceTokensPerS() { return split != null ? split.estimate().perSequenceTokensPerS() : estimate.perSequenceTokensPerS(); }
    public double getThroughput() { return split != null ? split.estimate().outputTokensPerS() : estimate.outputTokensPerS(); }
    public double getCommunicationShare() { return estimate.communicationShare(); }
    public double getCommunicationMs() { return estimate.decodeCommunicationMs(); }
    public double getDecodeMemoryMs() { return estimate.decodeMemoryMs(); }
    public double getDecodeComputeMs() { return estimate.decodeComputeMs(); }
    public double getPrefillComputeMs() { return estimate.prefillComputeMs(); }
    public String getBottleneck() { return estimate.bottleneck().label(); }
    // Speculative decoding (#16): NaN, 0 or "" without a speculator.
    public boolean isSpeculating() { return estimate.speculation() != null; }
    public String getSpeculator() { return isSpeculating() ? estimate.speculation().speculator().id() : ""; }
    public int getDraftTokens() { return isSpeculating() ? estimate.speculation().speculator().draftTokens() : 0; }
    public double getAcceptance() { return isSpeculating() ? estimate.speculation().speculator().acceptance() : Double.NaN; }
    public double getTokensPerVerification() { return isSpeculating() ? estimate.speculation().tokensPerVerification() : Double.NaN; }
    public double getStepMsWithoutSpeculator() { return isSpeculating() ? estimate.speculation().stepMsWithout() : estimate.stepMs(); }
    public double getSpeculativeSpeedup() { return isSpeculating() ? estimate.speculation().speedup() : Double.NaN; }
    /** The first batch at which speculation no longer pays; 0 when it pays at every batch that fits. */
    public int getCrossoverBatch() { return isSpeculating() ? estimate.speculation().crossoverBatch() : 0; }
    /** For messages: "it stops paying at batch 162" or "it pays at every batch that fits (up to 472)". */
    public String getCrossover() {
        return getCrossoverBatch() > 0 ? "it stops paying at batch " + getCrossoverBatch()
                : "it pays at every batch that fits (up to " + estimate.maxBatch() + ")";
    }
    // Prefix caching (#16): 0, or the plain twin's numbers, without a prefix cache.
    public boolean isPrefixCached() { return uncached != null; }
    /** Prompt tokens per request (prefill reads them all without a prefix cache). */
    public int getInputTokens() { return deployment.inputTokens(); }
    public int getPrefixTokens() { return isPrefixCached() ? deployment.prefixTokens() : 0; }
    public double getPrefixHitRate() { return isPrefixCached() ? deployment.prefixHitRate() : 0; }
    /** Prompt tokens prefill computes on average (PrefixCache.uncachedPrefillTokens; the prompt without a cache). */
    public int getUncachedPrefillTokens() { return estimate.uncachedPrefillTokens(); }
    /** TTFT a user sees at this concurrency on the same deployment with the cache off. */
    public double getTtftMsWithoutPrefixCache() { return isPrefixCached() ? uncached.ttftMs() : getTtftMs(); }
    /**
     * The KV cache's share of usable memory on the same deployment with the prefix cache off: a format's credit
     * (rules/bottleneck.dslr, FP8 KV) is judged on it, since the cache, not the format, is what shrinks a twin's KV.
     */
    public double getKvShareWithoutPrefixCache() { return isPrefixCached() ? uncached.kvShareOfMemory() : getKvShare(); }
    /** TTFT the prefix cache saves = TTFT without it - TTFT with it. */
    public double getTtftSavedMs() { return getTtftMsWithoutPrefixCache() - getTtftMs(); }
    /** GPU-hours a million requests save by the cache (PrefixCache.gpuHoursSavedPerMillionRequests). */
    public double getGpuHoursSavedPerMillionRequests() {
        return isPrefixCached() ? dev.infera.physics.PrefixCache.gpuHoursSavedPerMillionRequests(uncached.prefillComputeMs(),
                estimate.prefillComputeMs(), deployment.tensorParallel()) : 0;
    }
    public String getComputePrecision() { return estimate.computePrecision() == null ? "" : estimate.computePrecision().id(); }
    public double getPeakTflops() { return estimate.peakTflops(); }
    public boolean isPriced() { return estimate.hasCost(); }
    /**
     * The catalog price rows this candidate's GPUs are charged at: one, or for a split the prefill pool's
     * then the decode pool's where they differ; empty where no GPU has a price.
     */
    public java.util.List<dev.infera.catalog.Price> chargedPrices() {
        java.util.List<Estimate> parts = split != null ? java.util.List.of(split.estimate().prefill(), split.estimate().decode())
                : java.util.List.of(estimate);
        return parts.stream().map(e -> e.cost().price()).filter(java.util.Objects::nonNull).distinct().toList();
    }
    public double getUsdPerHour() { return split != null ? split.estimate().usdPerHour() : estimate.usdPerHour(); }
    public double getUsdPerMillionTokens() { return split != null ? split.estimate().usdPerMillionTokens() : estimate.usdPerMillionTokens(); }

    // Disaggregated prefill and decode (#16): the split's own numbers, and the colocated replicas' on the same GPUs.
    public boolean isDisaggregated() { return split != null; }
    public dev.infera.physics.DisaggregatedEstimator.DisaggregatedEstimateOf split() { return split; }
    /** "1P3D" ("" when colocated). */
    public String getSplit() { return split == null ? "" : split.deployment().split(); }
    public int getPrefillWorkers() { return split == null ? 0 : split.deployment().prefillWorkers(); }
    public int getDecodeWorkers() { return split == null ? 0 : split.deployment().decodeWorkers(); }
    /** The decode pool's GPU: another type than the prefill pool's in a heterogeneous split ("" when colocated). */
    public String getDecodeGpu() { return split == null ? "" : split.deployment().decode().gpu().id(); }
    public boolean isHeterogeneous() { return split != null && !split.deployment().homogeneous(); }
    /** Served TPOT of the same GPUs as colocated replicas, others' prompts interleaved. */
    public double getColocatedTpotMs() { return estimate.tpotMs(); }
    public double getColocatedTtftMs() { return estimate.ttftMs(); }
    public double getColocatedThroughput() { return estimate.outputTokensPerS(); }
    /** How many times the colocated served TPOT the split's is: colocated TPOT / split TPOT (1 when colocated). */
    public double getTpotGainFromSplit() { return split == null ? 1 : estimate.tpotMs() / split.estimate().tpotMs(); }
    public double getKvTransferMs() { return split == null ? 0 : split.estimate().kvTransferMs(); }
    public double getKvTransferGb() { return split == null ? 0 : split.estimate().kvTransferBytes() / Units.GB; }
    /** KV transfer as a share of the split's served TTFT (0 when colocated). */
    public double getKvTransferShareOfTtft() { return split == null ? 0 : split.estimate().kvTransferMs() / split.estimate().ttftMs(); }
    public String getKvLinkName() { return split == null || split.deployment().link() == null ? "" : split.deployment().link().name(); }
    public String getKvLinkKind() { return split == null || split.deployment().link() == null ? "" : split.deployment().link().kind().id(); }
    public double getPrefillUtilisation() { return split == null ? 0 : split.estimate().prefillUtilisation(); }
    public boolean isSplitSustainable() { return split == null || split.estimate().sustainable(); }
    /**
     * Compute-bound throughput ceiling of the deployment = effective TFLOPS / 2P:
     * peak x decode MFU x GPUs x 10^12 / (2 x P_active x 10^9) tokens/s.
     */
    public double getComputeCeilingTokensPerS() {
        double mfu = deployment.engine().efficiencyOn(deployment.gpu()).decodeMfu();
        return RulesOfThumb.computeBoundTokensPerS(estimate.peakTflops() * mfu * getGpus(), deployment.model().activeParamsBOrTotal());
    }

    /** Per-sequence speed the workload's own TPOT target asks = 1000 / TPOT target ms (NaN without a target). */
    public double getTargetTokensPerSPerSequence() {
        return workload == null || workload.tpotTargetMs() == null ? Double.NaN : 1000 / workload.tpotTargetMs();
    }

    /** Bandwidth the replica's weight reads need at the target speed = weight bytes x target tokens/s (the seed's rule of thumb). */
    public double getBandwidthForTargetGbs() {
        return RulesOfThumb.requiredBandwidthGbs(Memory.weightBytes(deployment.model().paramsB(), getWeightBits()), getTargetTokensPerSPerSequence());
    }

    /** Peak memory bandwidth of one replica's GPUs = per-GPU bandwidth x GPUs per replica. */
    public double getReplicaBandwidthGbs() { return RulesOfThumb.aggregateBandwidthGbs(getMemoryBandwidthGbs(), getGpusPerReplica()); }

    /** Peak memory bandwidth the tensor-parallel group reads with = per-GPU bandwidth x TP. */
    public double getTensorParallelBandwidthGbs() { return RulesOfThumb.aggregateBandwidthGbs(getMemoryBandwidthGbs(), getTp()); }

    /** Hours an offline job takes at this throughput = documents x output tokens / throughput / 3600 (NaN without documents). */
    public double getJobHours() {
        return workload == null || workload.documents() == null ? Double.NaN
                : RulesOfThumb.jobHours(workload.documents() * (double) workload.outputTokens(), getThroughput());
    }

    /** Bandwidth the replica needs at its decode speed = weight bytes x tokens/s (the seed's rule of thumb). */
    public double getRequiredBandwidthGbs() {
        return RulesOfThumb.requiredBandwidthGbs(Memory.weightBytes(deployment.model().paramsB(), getWeightBits()), getPerSequenceTokensPerS());
    }

    /** The bought fleet under the scenario's procurement terms; null before a rule run, or when the terms were not resolved. */
    public Fleet fleet() {
        if (fleet == null && constraints != null && constraints.terms() != null) {
            // A split buys each pool's servers, and serves (and rents) at its own throughput and price.
            fleet = split != null ? Fleet.ofSplit(split.deployment(), split.estimate(), constraints.facility(), constraints.terms())
                    : new Fleet(deployment, estimate, constraints.facility(), constraints.terms());
        }
        return fleet;
    }

    private double ofFleet(java.util.function.ToDoubleFunction<Fleet> figure) {
        Fleet f = fleet();
        return f == null ? Double.NaN : figure.applyAsDouble(f);
    }

    // Facility (whole nodes: GPUs, CPUs, NICs, switches, fans) and ownership, read by the procurement rules.
    public double getNodePowerKw() { return ofFleet(Fleet::nodePowerKw); }
    public double getFleetPowerKw() { return ofFleet(Fleet::fleetPowerKw); }
    /** What the node power counts (whole node, or GPU TDPs plus an assumed host), as the power rule's message says it. */
    public String getNodePowerBasis() { Fleet f = fleet(); return f == null ? "no procurement terms" : f.nodePowerBasis(); }
    /** Whole-fleet power in W, what --max-power-w limits. */
    public double getFleetPowerW() { return ofFleet(f -> f.fleetPowerKw() * 1000); }
    /** Whether the fleet's power is known (a NaN power never passes a power budget: it cannot be checked). */
    public boolean isFleetPowerKnown() { return !Double.isNaN(getFleetPowerW()); }
    public double getNodesBought() { return ofFleet(Fleet::nodes); }
    public double getGpusBought() { return ofFleet(Fleet::gpusBought); }
    public double getRackKw() { return ofFleet(Fleet::rackKw); }
    public double getNodesPerRack() { return ofFleet(Fleet::nodesPerRack); }
    public double getRacksNeeded() { return ofFleet(Fleet::racks); }
    public boolean isNeedsLiquidCooling() { Fleet f = fleet(); return f != null && f.needsLiquidCooling(); }
    public String getCooling() { Fleet f = fleet(); return f == null ? "" : f.cooling(); }
    public boolean isOwnershipPriced() { Fleet f = fleet(); return f != null && f.isPurchasePriced(); }
    public String getPurchaseBasis() { Fleet f = fleet(); return f == null ? "" : f.purchaseBasis(); }
    public double getPurchaseUsd() { return ofFleet(Fleet::purchaseUsd); }
    public double getOwnedUsdPerMonth() { return ofFleet(Fleet::ownedUsdPerMonth); }
    public double getRentedUsdPerMonth() { return ofFleet(Fleet::rentedUsdPerMonth); }
    public double getOwnedUsdPerMillionTokens() { return ofFleet(Fleet::ownedUsdPerMillionTokens); }
    public double getBreakEvenMonth() { return ofFleet(Fleet::breakEvenMonth); }
    public double getAmortisationMonths() { return ofFleet(f -> f.terms().months()); }
    public double getTokensPerKwh() { return ofFleet(Fleet::tokensPerKwh); }
    public double getRunningUsdPerMonth() { return ofFleet(Fleet::runningUsdPerMonth); }
    public double getRentedUsdPerMillionTokens() { return ofFleet(Fleet::rentedUsdPerMillionTokens); }
    /** Whether its fleet was costed at all (the scenario's procurement terms were resolved). */
    public boolean isCosted() { return fleet() != null; }
    /** Whether buying has paid for itself by the end of the amortisation period: break-even month <= years x 12. */
    public boolean isPaysBack() { return getBreakEvenMonth() <= getAmortisationMonths(); }
    /** Whether the scenario states procurement terms (a procurement block, a quote or a procurement flag): the ownership rules speak only then. */
    public boolean isProcurementStated() { return constraints != null && constraints.procurement().isStated(); }
    /** The racks the site has (--racks), NaN when not stated. */
    public double getSiteRacks() {
        return constraints == null || constraints.facility().racks() == null ? Double.NaN : constraints.facility().racks();
    }

    /** The error band of {@code quantity} for this engine on this GPU family; null without the catalog's bands. */
    public dev.infera.catalog.ErrorBand band(dev.infera.catalog.ErrorBand.Quantity quantity) {
        return bands == null ? null : bands.of(getEngine(), getGpuFamily(), quantity);
    }

    private double bandEnd(dev.infera.catalog.ErrorBand.Quantity quantity, boolean high) {
        var band = band(quantity);
        return band == null ? Double.NaN : high ? band.high() : band.low();
    }

    // The estimate at the pessimistic end of its error band: latencies at the high end, throughput at the low.
    public double getTpotBandHigh() { return bandEnd(dev.infera.catalog.ErrorBand.Quantity.TPOT, true); }
    public double getTtftBandHigh() { return bandEnd(dev.infera.catalog.ErrorBand.Quantity.TTFT, true); }
    public double getThroughputBandLow() { return bandEnd(dev.infera.catalog.ErrorBand.Quantity.THROUGHPUT, false); }
    public double getTpotMsPessimistic() { return dev.infera.physics.Uncertainty.atBandEnd(getTpotMs(), getTpotBandHigh()); }
    public double getTtftMsPessimistic() { return dev.infera.physics.Uncertainty.atBandEnd(getTtftMs(), getTtftBandHigh()); }
    public double getThroughputPessimistic() { return dev.infera.physics.Uncertainty.atBandEnd(getThroughput(), getThroughputBandLow()); }
    /** Where the TPOT band comes from ("leave-one-GPU-out on 40 trtllm measurements, hopper", or "uncalibrated: ..."). */
    public String getTpotBandBasis() { var b = band(dev.infera.catalog.ErrorBand.Quantity.TPOT); return b == null ? "" : b.basis(); }
    /**
     * The weight format's quality class (formats.yaml), lossless where the format is the model's own
     * checkpoint (gpt-oss ships MXFP4: serving it as MXFP4 loses nothing further).
     */
    public dev.infera.catalog.Quality weightQuality() {
        boolean ownCheckpoint = deployment.weights().id().equals(deployment.model().checkpointFormat());
        return ownCheckpoint ? dev.infera.catalog.Quality.LOSSLESS : deployment.weights().quality();
    }
    public String getWeightQuality() { return weightQuality().id(); }
    public int getWeightQualityRank() { return weightQuality().rank(); }
    public String getWeightQualitySource() {
        return weightQuality() == dev.infera.catalog.Quality.LOSSLESS ? "the model's own checkpoint" : deployment.weights().qualitySource();
    }
    /** The lowest class the scenario accepts here: --min-quality, else the thresholds table's for a datacenter or a workstation. */
    /** Free memory share this candidate should keep: the thresholds table's for where it is deployed. */
    public double getMinHeadroom() { return thresholds == null ? 0 : thresholds.minHeadroom(isWorkstationDeployment()); }
    public String getAcceptedQuality() { return thresholds == null ? "" : thresholds.acceptedQuality(isWorkstationDeployment()).id(); }
    public int getAcceptedQualityRank() { return thresholds == null ? 0 : thresholds.acceptedQuality(isWorkstationDeployment()).rank(); }
    /** On a workstation: the scenario says so, or (deployment unstated) the server is a workstation box. */
    private boolean isWorkstationDeployment() {
        return constraints != null && (constraints.isWorkstation() || (!constraints.isDatacenter() && isWorkstation()));
    }

    /**
     * Points off tensor parallelism without a scale-up fabric = 40 x min(1, all-reduce share of the step /
     * the thresholds table's limit): the full 40 at the limit, proportionally less where all-reduce is cheap.
     */
    public double getPcieTensorParallelPenalty() {
        return thresholds == null ? 40 : 40 * Math.min(1, getCommunicationShare() / thresholds.maxCommShare());
    }

    /** Whether throughput falls short of the workload's stated need (tokens/s); false where none is stated. */
    public boolean isShortOfRequiredThroughput() {
        Double need = workload.requiredTokensPerS();
        return need != null && getThroughput() < need;
    }

    /**
     * Short of the stated need by more than the estimate's error: throughput < need x (1 - the thresholds
     * table's tolerance). A shortfall inside the tolerance is "meets within model error", not a miss.
     */
    public boolean isShortBeyondModelError() {
        Double need = workload.requiredTokensPerS();
        double tolerance = thresholds == null ? 0 : thresholds.throughputTolerance();
        return need != null && getThroughput() < need * (1 - tolerance);
    }

    /** Throughput's shortfall from the stated need as a share of it (0 when it meets the need or none is stated). */
    public double getThroughputShortfall() {
        Double need = workload.requiredTokensPerS();
        return need == null || getThroughput() >= need ? 0 : 1 - getThroughput() / need;
    }

    /** Whether the TTFT and TPOT targets (the thresholds table's, or the user's) hold at the estimate. */
    public boolean isMeetsLatencyTargets() {
        return thresholds != null && getTtftMsJudged() <= thresholds.ttftMs() && getTpotMsJudged() <= thresholds.tpotMs();
    }
    /** Whether they hold even at the pessimistic end of the error band (false where no band is known). */
    public boolean isMeetsLatencyTargetsAtPessimisticEnd() {
        return thresholds != null && getTtftMsPessimistic() <= thresholds.ttftMs() && getTpotMsPessimistic() <= thresholds.tpotMs();
    }

    /**
     * What a reader sees as one entry: GPU, counts, layout and weights; engines and KV formats are its variants. A key for
     * grouping, not words: the label a reader sees is advice.ArchitectureLabel's.
     */
    public String architectureKey() {
        return getGpu() + "|" + getGpus() + "|" + getTp() + "|" + getPp() + "|" + getReplicas() + "|" + getWeights() + "|" + getSplit() + "|" + getDecodeGpu();
    }

    // A simulated load (advice's screen sets it for the rows a reader sees and those near the SLA), or null:
    // judged on the closed form. Set before the rule run that judges the candidate.
    private dev.infera.sim.Simulation.Result simulation;
    // A split's simulated load (the split simulated whole), or null.
    private dev.infera.sim.DisaggregatedSimulation.Result splitSimulation;

    public void simulated(dev.infera.sim.Simulation.Result result) {
        this.simulation = result;
    }

    public void simulated(dev.infera.sim.DisaggregatedSimulation.Result result) {
        this.splitSimulation = result;
    }

    /**
     * Re-sizes this split to another x:y of the same workers, simulated as {@code result} (the simulated screen sizes splits
     * by simulation, #16); its fleet is made again when next read.
     */
    public void resplit(dev.infera.physics.DisaggregatedEstimator.DisaggregatedEstimateOf resized, dev.infera.sim.DisaggregatedSimulation.Result result) {
        if (split == null || resized.deployment().prefillWorkers() + resized.deployment().decodeWorkers()
                != split.deployment().prefillWorkers() + split.deployment().decodeWorkers()) {
            throw new IllegalArgumentException("a split is re-sized over the same workers");
        }
        this.split = resized;
        this.splitSimulation = result;
        this.fleet = null;
    }

    /** The colocated replicas' simulation, or null (not simulated, or a split: {@link #splitSimulation()}). */
    public dev.infera.sim.Simulation.Result simulation() {
        return simulation;
    }

    public dev.infera.sim.DisaggregatedSimulation.Result splitSimulation() {
        return splitSimulation;
    }

    public boolean isSimulated() {
        return simulation != null || splitSimulation != null;
    }

    /** What the simulation measured: a replica's, or the whole split's; null when not simulated. */
    private dev.infera.sim.SimResult simulatedResult() {
        return simulation != null ? simulation.replica() : splitSimulation != null ? splitSimulation.split() : null;
    }

    /** The TTFT the target is judged on: the simulated percentile it names where simulated, else the closed-form TTFT (a mean). */
    public double getTtftMsJudged() {
        Integer p = ttftPercentile();
        return p != null && isSimulated() ? simulatedResult().ttftMs().statistic(p) : getTtftMs();
    }

    /** The TPOT the target is judged on, as {@link #getTtftMsJudged()}. */
    public double getTpotMsJudged() {
        Integer p = tpotPercentile();
        return p != null && isSimulated() ? simulatedResult().tpotMs().statistic(p) : getTpotMs();
    }

    /** What {@link #getTtftMsJudged()} is, for messages: " at p99 (simulated)", " (closed-form mean, screened)" or "". */
    public String getTtftStatistic() {
        return statistic(ttftPercentile());
    }

    public String getTpotStatistic() {
        return statistic(tpotPercentile());
    }

    // The statistic each target is judged on: the thresholds' (the workload's own target, else the decision table's).
    private Integer ttftPercentile() {
        return thresholds != null ? thresholds.ttftPercentile() : workload == null ? null : workload.ttftPercentile();
    }

    private Integer tpotPercentile() {
        return thresholds != null ? thresholds.tpotPercentile() : workload == null ? null : workload.tpotPercentile();
    }

    private String statistic(Integer percentile) {
        if (percentile == null) {
            return "";
        }
        return isSimulated() ? " at p" + percentile + " (simulated)" : " (closed-form mean, screened)";
    }

    @Override
    public String toString() {
        // For debugging only: what readers see is advice.ArchitectureLabel's wording.
        return "#" + id + " " + architectureKey();
    }
}
