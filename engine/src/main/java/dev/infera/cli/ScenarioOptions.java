package dev.infera.cli;

import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import dev.infera.workload.ScenarioFile;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The scenario flags shared by advise and report; -f FILE fills the same builder first, flags override. */
public final class ScenarioOptions {
    @Option(names = {"-f", "--file"}, paramLabel = "SCENARIO.yaml", description = "Scenario file; flags given too override its fields.")
    Path file;

    @Option(names = "--model", completionCandidates = CatalogIds.Models.class, paramLabel = "ID", description = "Model id or path to a config.json.")
    String model;

    @Option(names = "--scenario", completionCandidates = CatalogIds.Kinds.class, paramLabel = "KIND", description = "chat, rag, offline or agent (default: chat).")
    String kind;

    @Option(names = "--context", paramLabel = "TOKENS", description = "Tokens per sequence, prompt plus output (default: 4096; rag 32768).")
    Integer context;

    @Option(names = "--input-tokens", paramLabel = "TOKENS", description = "Prompt tokens (default: context minus output).")
    Integer inputTokens;

    @Option(names = "--output-tokens", paramLabel = "TOKENS", description = "Generated tokens per request (default: chat 256, agent 128, rag/offline 512).")
    Integer outputTokens;

    @Option(names = "--users", paramLabel = "N", description = "Concurrent users / sequences (default: 1).")
    Integer users;

    @Option(names = "--rate", paramLabel = "REQ/S", description = "Requests per second the deployment must sustain (needs rate x output tokens of throughput).")
    Double rate;

    @Option(names = "--ttft", paramLabel = "MS[@pNN]", description = "TTFT target in ms, the mean, or a percentile of a simulated load with --rate: 2000@p99 (default: from the thresholds table).")
    String ttft;

    @Option(names = "--tpot", paramLabel = "MS[@pNN]", description = "TPOT target in ms, the mean, or a percentile of a simulated load with --rate: 50@p90 (default: from the thresholds table).")
    String tpot;

    @Option(names = "--min-quality", paramLabel = "CLASS",
            description = "Lowest weight-format quality accepted: lossless, near-lossless, small-loss or noticeable-loss (default: from the thresholds table; formats.yaml gives each format's class and its source).")
    String minQuality;

    @Option(names = "--throughput", paramLabel = "TOKENS/S", description = "Output tokens/s the deployment must sustain.")
    Double throughput;

    @Option(names = "--documents", paramLabel = "N", description = "Offline: requests in the job.")
    Long documents;

    @Option(names = "--deadline", paramLabel = "HOURS", description = "Offline: hours the job may take.")
    Double deadline;

    @Option(names = "--weights", completionCandidates = CatalogIds.Formats.class, split = ",", paramLabel = "FORMAT", description = "Weight formats to consider (default: fp16,fp8,int8,int4,q4_k_m).")
    List<String> weights = new ArrayList<>();

    @Option(names = "--kv", completionCandidates = CatalogIds.Formats.class, split = ",", paramLabel = "FORMAT", description = "KV-cache formats to consider (default: fp16,fp8).")
    List<String> kv = new ArrayList<>();

    @Option(names = "--gpus", completionCandidates = CatalogIds.Hardware.class, split = ",", paramLabel = "ID", description = "GPU or server ids to consider (default: the whole catalog).")
    List<String> gpus = new ArrayList<>();

    @Option(names = "--engines", completionCandidates = CatalogIds.Engines.class, split = ",", paramLabel = "ID", description = "Serving engines to consider (default: vllm,trtllm,llama.cpp).")
    List<String> engines = new ArrayList<>();

    @Option(names = "--max-gpus", paramLabel = "N", description = "Most GPUs per deployment (default: 16).")
    Integer maxGpus;

    @Option(names = "--deployment", completionCandidates = CatalogIds.Deployments.class, paramLabel = "WHERE", description = "datacenter, workstation or any (default: datacenter).")
    String deployment;

    @Option(names = "--region", paramLabel = "CODE", description = "Region for export rules, e.g. CN.")
    String region;

    @Option(names = "--max-power", paramLabel = "WATTS", description = "Power budget of the whole fleet, W: each node's GPUs, CPUs, NICs and fans where servers.yaml gives the node's power, else GPU TDPs plus an assumed host (the message says which).")
    Double maxPower;

    @Option(names = "--budget-per-hour", paramLabel = "USD", description = "Rental budget per hour.")
    Double budgetPerHour;

    @Option(names = "--capital-budget", paramLabel = "USD", description = "Purchase budget for the GPUs.")
    Double capitalBudget;

    @Option(names = "--single-node", description = "Keep each replica inside one node.")
    boolean singleNode;

    @Option(names = "--extend-context", arity = "0..1", paramLabel = "HOW", fallbackValue = "RoPE scaling",
            description = "Serve beyond the model's maximum context, saying how (e.g. 'YaRN factor 4'; default: RoPE scaling): a warning instead of an error.")
    String extendContext;
    @picocli.CommandLine.Mixin
    ProcurementOptions procurement = new ProcurementOptions();

    /**
     * The scenario, checked against the model's limits: a context beyond its maximum is an error
     * naming the limit, or with --extend-context a warning on {@code err}.
     */
    public Scenario scenario(dev.infera.catalog.Catalog catalog, java.io.PrintWriter err) {
        if (file != null) {
            ScenarioFileIds.check(file, catalog, new ScenarioFileIds.FromFile(model == null, gpus.isEmpty(), engines.isEmpty(),
                    weights.isEmpty(), kv.isEmpty(), region == null));
        }
        Scenario s = scenario();
        var model = catalog.model(s.workload().model());
        if (s.constraints().region() != null) {
            catalog.exportControls().region(s.constraints().region());
        }
        Limits.context(model, s.workload().contextTokens(), s.workload().contextExtension(), err);
        return s;
    }

    public Scenario scenario() {
        ScenarioBuilder b = file != null ? ScenarioFile.read(file) : new ScenarioBuilder();
        if (model != null) b.model(model);
        if (kind != null) b.kind(kind);
        if (context != null) b.context(context);
        // The flag the user typed is named, not the field it fills.
        if (inputTokens != null) Limits.atLeast("--input-tokens", inputTokens, 1);
        if (outputTokens != null) Limits.atLeast("--output-tokens", outputTokens, 1);
        if (inputTokens != null) b.inputTokens(inputTokens);
        if (outputTokens != null) b.outputTokens(outputTokens);
        if (users != null) b.users(users);
        if (rate != null) b.requestsPerS(rate);
        if (ttft != null) target("--ttft", ttft, b::ttft, b::ttftMs);
        if (tpot != null) target("--tpot", tpot, b::tpot, b::tpotMs);
        if (minQuality != null) b.minQuality(minQuality);
        if (throughput != null) b.throughput(throughput);
        if (documents != null) b.documents(documents);
        if (deadline != null) b.deadlineHours(deadline);
        b.weights(weights).kv(kv).gpus(gpus).engines(engines);
        if (maxGpus != null) b.maxGpus(maxGpus);
        if (deployment != null) b.deployment(deployment);
        if (region != null) b.region(region);
        if (maxPower != null) b.maxPowerW(maxPower);
        if (budgetPerHour != null) b.maxUsdPerHour(budgetPerHour);
        if (capitalBudget != null) b.maxCapitalUsd(capitalBudget);
        if (singleNode) b.allowMultiNode(false);
        if (extendContext != null) b.contextExtension(extendContext);
        procurement.applyTo(b.site());
        return b.build();
    }

    /** "2000@p99" names a percentile; a bare number is the mean, checked by the builder as before. */
    private static void target(String flag, String text, java.util.function.Consumer<dev.infera.workload.LatencyTarget> percentile,
                               java.util.function.DoubleConsumer mean) {
        if (text.contains("@")) {
            percentile.accept(dev.infera.workload.LatencyTarget.parse(flag, text));
            return;
        }
        try {
            mean.accept(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            throw new dev.infera.BadInputException(flag + " must be milliseconds, optionally @p50/@p90/@p99 (e.g. 2000@p99), got '" + text + "'");
        }
    }
}
