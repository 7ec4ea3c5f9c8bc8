package dev.infera.plan;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.Engine;
import dev.infera.catalog.Speculator;
import dev.infera.catalog.Format;
import dev.infera.catalog.Gpu;
import dev.infera.catalog.Model;
import dev.infera.catalog.Price;
import dev.infera.catalog.Server;
import dev.infera.physics.Deployment;
import dev.infera.physics.DisaggregatedEstimator.DisaggregatedEstimateOf;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;
import dev.infera.workload.Constraints;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioKind;
import dev.infera.workload.Workload;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Enumerates candidate architectures for a scenario: hardware x TP x PP x replicas x weight format
 * x KV format x engine, within structural limits (TP a power of two dividing the heads, a replica
 * inside one node unless multi-node is allowed, at most maxGpus), and estimates each.
 * Opinions (which of these are sensible) are the rules' business, not this class's.
 */
public final class CandidateGenerator {
    /** Engines tried when the user names none: the default, TensorRT-LLM, and llama.cpp for GGUF. */
    public static final List<String> DEFAULT_ENGINES = List.of("vllm", "trtllm", "llama.cpp");
    public static final List<String> DEFAULT_WEIGHTS = List.of("fp16", "fp8", "int8", "int4", "q4_k_m");
    /**
     * Formats tried by default only on GPUs with tensor cores for their arithmetic (NVFP4 on Blackwell):
     * a default set includes every format a GPU computes natively, and none it would only emulate.
     */
    public static final List<String> DEFAULT_NATIVE_WEIGHTS = List.of("nvfp4");
    public static final List<String> DEFAULT_KV = List.of("fp16", "fp8");

    private final Catalog catalog;
    private final Estimator estimator;
    private final dev.infera.physics.DisaggregatedEstimator disaggregated;

    public CandidateGenerator(Catalog catalog, Estimator estimator) {
        this.catalog = catalog;
        this.estimator = estimator;
        this.disaggregated = new dev.infera.physics.DisaggregatedEstimator(estimator);
    }

    /** The candidates for {@code scenario}, prefix-cached twins for the prefix it states (none: no twins). */
    public List<Candidate> generate(Scenario scenario) {
        return generate(scenario, scenario.workload().statedPrefix());
    }

    /**
     * The candidates for {@code scenario}; where {@code prefix} repeats, each plain candidate on an engine that caches prefixes
     * has a twin with the cache on (the thresholds table's default for the kind, or what the scenario states).
     */
    public List<Candidate> generate(Scenario scenario, dev.infera.workload.PrefixReuse prefix) {
        Workload w = scenario.workload();
        Constraints c = scenario.constraints();
        Model model = catalog.model(w.model());
        if (c.region() != null) {
            catalog.exportControls().region(c.region());
        }
        String beyond = model.beyondMaxContext(w.contextTokens());
        if (beyond != null && w.contextExtension() == null) {
            throw new BadInputException(beyond + ": " + Model.EXTEND_CONTEXT_HINT);
        }
        boolean defaultFormats = w.weightFormats().isEmpty();
        List<Format> weights = formats(defaultFormats ? defaultWeights(model) : w.weightFormats());
        List<Format> kvs = formats(w.kvFormats().isEmpty() ? DEFAULT_KV : w.kvFormats());
        List<Engine> engines = (c.engines().isEmpty() ? DEFAULT_ENGINES : c.engines()).stream().map(catalog::engine).toList();
        List<Candidate> out = new ArrayList<>();
        List<Hardware> pool = hardware(c);
        for (Hardware hardware : pool) {
            // The degrees tried and the most stages: catalog/assumptions.yaml (parallelDegrees, maxPipelineStages).
            for (int tp : catalog.assumptions().parallelDegrees()) {
                for (int pp : catalog.assumptions().parallelDegrees()) {
                    int perReplica = tp * pp;
                    if (perReplica > c.maxGpus() || pp > catalog.assumptions().maxPipelineStages() || model.attentionHeads() % tp != 0) {
                        continue;
                    }
                    Server server = hardware.server != null ? hardware.server : catalog.serverFor(hardware.gpu, perReplica);
                    boolean multiNode = perReplica > server.gpus();
                    if (multiNode && (!c.allowMultiNode() || server.interNodeLink() == null)) {
                        continue;
                    }
                    for (int replicas : replicaCounts(w, c, perReplica)) {
                        for (Format weight : weights) {
                            if (defaultFormats && DEFAULT_NATIVE_WEIGHTS.contains(weight.id())
                                    && hardware.gpu.peakTflops(weight.computePrecision()).isEmpty()) {
                                continue;
                            }
                            for (Engine engine : engines) {
                                if (!engine.runs(weight) || (tp > 1 && !engine.tensorParallel())) {
                                    continue;
                                }
                                for (Format kv : kvs) {
                                    if (!engine.runs(kv)) {
                                        continue;
                                    }
                                    int batch = Deployment.batchPerReplica(w.users(), replicas);
                                    Deployment d = new Deployment(model, server, tp, pp, replicas, weight, kv, engine,
                                            batch, w.inputTokens(), w.outputTokens());
                                    Price price = catalog.price(server.gpu()).orElse(null);
                                    Estimate e = estimate(w, d, price);
                                    out.add(new Candidate(out.size(), d, e, catalog.errorBands()));
                                    // Disaggregated prefill and decode (#16): the same replicas split into two pools, where it applies.
                                    for (var split : splits(w, c, pool, hardware, tp, d, e, price)) {
                                        out.add(new Candidate(out.size(), d, e, catalog.errorBands(), split));
                                    }
                                    if (cachesPrefix(d, prefix)) {
                                        Deployment cached = d.withPrefix(prefix.tokens(), prefix.hitRate());
                                        Estimate cachedEstimate = estimate(w, cached, price);
                                        out.add(Candidate.prefixCached(out.size(), cached, cachedEstimate, catalog.errorBands(), e));
                                        // Its split twins: the prefill pool prefills only the uncached tokens, the decode pool holds whole prompts.
                                        for (var split : splits(w, c, pool, hardware, tp, cached, cachedEstimate, price)) {
                                            out.add(Candidate.prefixCachedSplit(out.size(), cached, cachedEstimate, catalog.errorBands(), split, e));
                                        }
                                    }
                                    for (Speculator head : speculators(w, d)) {
                                        Deployment speculating = d.withSpeculator(head);
                                        Estimate speculatingEstimate = estimate(w, speculating, price);
                                        out.add(new Candidate(out.size(), speculating, speculatingEstimate, catalog.errorBands()));
                                        // Its split twins: the decode pool runs the speculator, the prefill pool none (DisaggregatedDeployment.of).
                                        for (var split : splits(w, c, pool, hardware, tp, speculating, speculatingEstimate, price)) {
                                            out.add(new Candidate(out.size(), speculating, speculatingEstimate, catalog.errorBands(), split));
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@code d}'s split twins: its replicas split into two pools on its own GPU ({@link DisaggregatedCandidates#split}), then
     * that split decoding on each other GPU of the pool; none where no split applies. Plain, prefix-cached and speculating
     * candidates alike.
     */
    private List<DisaggregatedEstimateOf> splits(Workload w, Constraints c, List<Hardware> pool,
            Hardware hardware, int tp, Deployment d, Estimate colocated, Price price) {
        var split = DisaggregatedCandidates.split(w, d, colocated, price, disaggregated);
        if (split == null) {
            return List.of();
        }
        List<DisaggregatedEstimateOf> out = new ArrayList<>();
        out.add(split);
        out.addAll(decodeElsewhere(w, c, pool, hardware, tp, split, colocated, price));
        return out;
    }

    /**
     * Heterogeneous pools where the user's pool names other GPUs: {@code split} with its decode workers on each of them
     * (not over the whole catalog, whose every pair would multiply the candidates by its GPU count); none that cannot serve it.
     */
    private List<DisaggregatedEstimateOf> decodeElsewhere(Workload w, Constraints c, List<Hardware> pool,
            Hardware prefillHardware, int tp, DisaggregatedEstimateOf split, Estimate colocated, Price price) {
        List<DisaggregatedEstimateOf> out = new ArrayList<>();
        for (Hardware other : c.gpus().isEmpty() ? List.<Hardware>of() : pool) {
            if (other.gpu == prefillHardware.gpu) {
                continue;
            }
            Server decodeServer = other.server != null ? other.server : catalog.serverFor(other.gpu, tp);
            var mixed = DisaggregatedCandidates.decodeOn(w, split, colocated, decodeServer, price,
                    catalog.price(decodeServer.gpu()).orElse(null), disaggregated);
            if (mixed != null) {
                out.add(mixed);
            }
        }
        return out;
    }

    private Estimate estimate(Workload w, Deployment d, Price price) {
        return w.kind() == ScenarioKind.OFFLINE ? estimator.estimateAtMaxBatch(d, price)
                : w.concurrencyFromRate() ? estimator.estimateAtRate(d, w.requestsPerS(), price)
                : estimator.estimate(d, price);
    }

    /**
     * The model's trained speculators (EAGLE heads, MTP modules) the engine serves, each a candidate beside the plain one;
     * none with pipeline stages (not served); at a request rate too, where the closed form estimates the verification at the
     * Little's-law batch and the simulated screen simulates the drafts (tokens per verification drawn per step).
     */
    private List<Speculator> speculators(Workload w, Deployment d) {
        if (d.pipelineParallel() > 1) {
            return List.of();
        }
        List<Speculator> tried = w.speculator() != null ? List.of(catalog.speculator(d.model(), w.speculator()))
                : catalog.speculators().headsFor(d.model());
        return tried.stream().filter(h -> d.engine().serving().speculates(h.kind())).map(h -> stated(w, h)).toList();
    }

    /** {@code s} with the scenario's own draft length and acceptance where it states them (Workload.draftTokens, acceptance). */
    private static Speculator stated(Workload w, Speculator s) {
        Speculator k = w.draftTokens() != null ? s.withDraftTokens(w.draftTokens()) : s;
        return w.acceptance() != null ? k.withAcceptance(w.acceptance(), "the scenario's acceptance") : k;
    }

    /** Whether {@code d} gets a prefix-cached twin: the prefix repeats and the engine caches prefixes (engines.yaml serving.prefixCaching). */
    private static boolean cachesPrefix(Deployment d, dev.infera.workload.PrefixReuse prefix) {
        return prefix.repeats() && prefix.tokens() <= d.inputTokens() && d.engine().serving().cachesPrefixes();
    }

    /** The default weight formats, the native-only ones, and the model's own checkpoint format (gpt-oss's MXFP4): the released weights are always a candidate. */
    static List<String> defaultWeights(Model model) {
        List<String> out = new ArrayList<>(DEFAULT_WEIGHTS);
        out.addAll(DEFAULT_NATIVE_WEIGHTS);
        String own = model.checkpointFormat();
        if (own != null && !out.contains(own)) {
            out.add(own);
        }
        return out;
    }

    /**
     * Data-parallel replica counts. Offline: every count up to the GPU budget, so the fewest GPUs that
     * meet the deadline can win (a job needing 3,556 tokens/s may need 6 H100s, not 8). Interactive:
     * powers of two until the replicas reach the users (one replica per user at most), one is a baseline.
     */
    private static List<Integer> replicaCounts(Workload w, Constraints c, int perReplica) {
        Set<Integer> counts = new LinkedHashSet<>();
        boolean offline = w.kind() == ScenarioKind.OFFLINE;
        for (int r = 1; r * perReplica <= c.maxGpus(); r = offline ? r + 1 : r * 2) {
            counts.add(r);
            if (w.kind() != ScenarioKind.OFFLINE && !w.concurrencyFromRate() && r >= w.users()) {
                break;
            }
        }
        return new ArrayList<>(counts);
    }

    private List<Format> formats(List<String> ids) {
        return ids.stream().map(catalog::format).toList();
    }

    /** A GPU to place (on the smallest server that holds a replica) or a fixed server the user named. */
    private record Hardware(Gpu gpu, Server server) {}

    private List<Hardware> hardware(Constraints c) {
        List<Hardware> pool = new ArrayList<>();
        if (c.gpus().isEmpty()) {
            for (Gpu gpu : catalog.getGpus()) {
                pool.add(new Hardware(gpu, null));
            }
            return pool;
        }
        for (String id : c.gpus()) {
            catalog.requireGpuOrServer(id);
            pool.add(catalog.hasServer(id) ? new Hardware(catalog.server(id).gpu(), catalog.server(id)) : new Hardware(catalog.gpu(id), null));
        }
        return pool;
    }
}
