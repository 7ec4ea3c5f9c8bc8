package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.workload.RequestShape;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;
import dev.infera.plan.DeploymentSpec;
import dev.infera.plan.SpecCsv;
import dev.infera.text.AtomicFile;
import dev.infera.report.EstimateRows;
import dev.infera.report.EstimateText;
import dev.infera.text.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code infera estimate}: the numbers of one configuration, or of every row of a CSV. */
@Command(name = "estimate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Estimate memory, TTFT, TPOT, throughput and cost of a deployment (physics only, no rules).",
        footerHeading = "%nExamples:%n",
        footer = {"  infera estimate --model llama-3-70b --gpu a100-sxm-80g --gpus 2 --tp 2 \\",
                "      --weights fp16 --context 8192 --batch 1 --explain",
                "  infera estimate --model llama-3-8b --gpu h100-sxm-80g --batch max --json"})
public final class EstimateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--model", completionCandidates = CatalogIds.Models.class, paramLabel = "ID", description = "Model id, or a path to a Hugging Face config.json.")
    String model;

    @Option(names = "--gpu", completionCandidates = CatalogIds.Hardware.class, paramLabel = "ID", description = "GPU or server id.")
    String gpu;

    @Option(names = "--gpus", paramLabel = "N", description = "Total GPUs (default: tp x pp, one replica; more make data-parallel replicas).")
    Integer gpus;

    @Option(names = "--tp", paramLabel = "N", defaultValue = "1", description = "Tensor-parallel degree (default: ${DEFAULT-VALUE}).")
    int tp;

    @Option(names = "--pp", paramLabel = "N", defaultValue = "1", description = "Pipeline stages (default: ${DEFAULT-VALUE}).")
    int pp;

    @Option(names = "--weights", completionCandidates = CatalogIds.Formats.class, paramLabel = "FORMAT", description = "Weight format: fp16, bf16, fp8, int8, int4, q4_k_m, nvfp4, 4.65bpw... (default: a quantized config.json's own format, else fp16).")
    String weights;

    @Option(names = "--kv", completionCandidates = CatalogIds.Formats.class, paramLabel = "FORMAT", description = "KV-cache format (default: 16-bit, fp8 with fp8 weights).")
    String kv;

    @Option(names = "--engine", completionCandidates = CatalogIds.Engines.class, paramLabel = "ID", description = "Serving engine: vllm, sglang, trtllm, llama.cpp, exllamav2, mlc, lmdeploy (default: the catalog's, vllm).")
    String engine;

    @Option(names = "--context", paramLabel = "TOKENS", description = "Tokens per sequence, prompt plus output (default: " + DEFAULT_CONTEXT + ").")
    Integer context;

    @Option(names = "--extend-context", arity = "0..1", paramLabel = "HOW", fallbackValue = "RoPE scaling",
            description = "Serve beyond the model's maximum context, saying how (e.g. 'YaRN factor 4'; default: RoPE scaling): a warning instead of an error.")
    String extendContext;

    private static final int DEFAULT_CONTEXT = 4096;

    @Option(names = "--output-tokens", paramLabel = "TOKENS", defaultValue = "256", description = "Generated tokens per request (default: ${DEFAULT-VALUE}); the prompt is the rest of --context.")
    int outputTokens;

    @Option(names = "--input-tokens", paramLabel = "TOKENS", description = "Prompt tokens (default: --context minus --output-tokens).")
    Integer inputTokens;

    @Option(names = "--batch", paramLabel = "N|max", defaultValue = "1", description = "Concurrent sequences per replica, or max: the throughput-optimal batch that fits (default: ${DEFAULT-VALUE}).")
    String batch;

    @Option(names = "--prefix-tokens", paramLabel = "TOKENS", description = "Prompt tokens shared across requests (a system prompt, a reused document) that a paged engine's prefix cache reuses; 0: none.")
    Integer prefixTokens;

    @Option(names = "--prefix-hit", paramLabel = "H", description = "With --prefix-tokens: share of requests that find the prefix cached, 0 to 1 (default 1).")
    Double prefixHit;

    // Disaggregated prefill and decode (#16): its own options and output, the rest of the command unchanged.
    @Mixin
    DisaggregationOptions disaggregation;

    @Option(names = "--speculator", paramLabel = "ID|eagle|mtp", description = "Speculative decoding: a draft model (catalog model id sharing the vocabulary), or the model's eagle or mtp head (models.yaml speculators).")
    String speculator;

    @Option(names = "--draft-tokens", paramLabel = "K", description = "With --speculator: tokens drafted per verification step, 1 or more (default: the speculator's).")
    Integer draftTokens;

    @Option(names = "--acceptance", paramLabel = "A", description = "With --speculator: chance each drafted token is accepted, in [0, 1) (default: the speculator's, with its source).")
    Double acceptance;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--explain", description = "Print the formula behind each number, with the values substituted.")
    boolean explain;

    @Option(names = "--input", paramLabel = "FILE.csv", description = "Estimate every row of a CSV (columns: " + "model,gpu,gpus,tp,pp,weights,kv,engine,batch,input_tokens,output_tokens; optional rate (requests/s or inf) and requests: simulated percentiles).")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "With --input: write here instead of standard output (atomically).")
    Path output;

    @Option(names = "--format", paramLabel = "csv|jsonl", defaultValue = "csv", description = "With --input: csv or jsonl (default: ${DEFAULT-VALUE}).")
    String format;

    // What a row of --input gives: a flag given too would be silently ignored, so it is an error.
    private static final List<String> ROW_FLAGS = List.of("--model", "--gpu", "--gpus", "--tp", "--pp", "--weights", "--kv", "--engine",
            "--context", "--extend-context", "--output-tokens", "--input-tokens", "--batch", "--prefix-tokens", "--prefix-hit",
            "--speculator", "--draft-tokens", "--acceptance", "--rate", "--requests");
    // Simulator settings no row column carries: rows are simulated at their own rate with the defaults, so these would be ignored.
    private static final List<String> NOT_FOR_ROWS = List.of("--cv", "--users", "--think", "--seed", "--ttft", "--tpot");

    private void refuseRowFlagsWithInput() {
        var parsed = spec.commandLine().getParseResult();
        List<String> given = ROW_FLAGS.stream().filter(parsed::hasMatchedOption).toList();
        if (!given.isEmpty()) {
            throw new BadInputException("--input " + input + " gives every row's " + String.join(", ", given)
                    + ": leave " + (given.size() == 1 ? "it" : "them") + " out, or put " + (given.size() == 1 ? "it" : "them") + " in the file's columns");
        }
        List<String> ignored = NOT_FOR_ROWS.stream().filter(parsed::hasMatchedOption).toList();
        if (!ignored.isEmpty()) {
            throw new BadInputException(String.join(", ", ignored) + " cannot apply to --input " + input
                    + ": each row is simulated at its own rate and requests columns with the simulator's defaults; leave "
                    + (ignored.size() == 1 ? "it" : "them") + " out");
        }
    }

    @Option(names = "--rate", paramLabel = "R|inf", description = "Simulate a request rate (requests/s over all replicas, Poisson unless --cv; inf sends every request at once): TTFT, TPOT and end-to-end percentiles.")
    String rate;

    @Option(names = "--requests", paramLabel = "N", description = "With --rate or --users: a finite run of N requests, as benchmarks send (default: a steady state of " + dev.infera.sim.Load.DEFAULT_REQUESTS + " per replica).")
    Integer requests;

    @Option(names = "--cv", paramLabel = "X", description = "With --rate: coefficient of variation of the gaps between arrivals, gamma-distributed (default 1: Poisson; above 1 bursty).")
    Double cv;

    @Option(names = "--users", paramLabel = "N", description = "Simulate N users in a closed loop, each sending its next request when its last ends (after --think).")
    Integer users;

    @Option(names = "--think", paramLabel = "SECONDS", description = "With --users: pause between a user's requests (default 0).")
    Double think;

    @Option(names = "--seed", paramLabel = "N", description = "With --rate or --users: the simulation's random seed (default " + dev.infera.sim.Load.DEFAULT_SEED + "; the same seed gives the same numbers).")
    Long seed;

    @Option(names = "--ttft", paramLabel = "MS[@pNN]", description = "With --rate or --users: TTFT target for goodput and the highest sustainable rate, a mean or a percentile (2000@p99).")
    String ttft;

    @Option(names = "--tpot", paramLabel = "MS[@pNN]", description = "With --rate or --users: TPOT target, a mean or a percentile (50@p90).")
    String tpot;

    @Override
    public Integer call() {
        Catalog catalog = common.catalog();
        Estimator estimator = new Estimator(catalog.assumptions());
        disaggregation.refuseWithout();
        if (input != null) {
            DisaggregationOptions.refuse("--input", disaggregation.given(), "it estimates the pools of one deployment, not rows of a file");
            refuseRowFlagsWithInput();
            return estimateFile(catalog, estimator);
        }
        if (model == null || gpu == null) {
            throw new BadInputException("estimate needs --model and --gpu (or --input FILE.csv)");
        }
        Limits.atLeast("--tp", tp, 1);
        Limits.atLeast("--pp", pp, 1);
        Limits.atLeast("--output-tokens", outputTokens, 1);
        if (inputTokens != null) {
            Limits.atLeast("--input-tokens", inputTokens, 1);
        }
        if (gpus != null) {
            Limits.atLeast("--gpus", gpus, 1);
        }
        if (context != null && inputTokens != null && inputTokens + outputTokens != context) {
            throw new BadInputException("--context " + context + " conflicts with --input-tokens " + inputTokens + " + --output-tokens "
                    + outputTokens + " (= " + (inputTokens + outputTokens) + "): give --context, or the prompt and output tokens");
        }
        int total = context != null ? context : DEFAULT_CONTEXT;
        if (inputTokens == null && total - outputTokens < 1) {
            throw new BadInputException("--context " + total + " leaves no prompt after --output-tokens " + outputTokens);
        }
        int prompt = RequestShape.of(context, inputTokens, outputTokens, DEFAULT_CONTEXT).promptTokens();
        Limits.context(catalog.model(model), prompt + outputTokens, extendContext, spec.commandLine().getErr());
        DeploymentSpec wanted = new DeploymentSpec(model, gpu, gpus == null ? 0 : gpus, tp, pp, weights, kv, engine, parseBatch(batch), prompt, outputTokens);
        if (disaggregation.given()) {
            return estimateDisaggregated(catalog, estimator, wanted);
        }
        dev.infera.sim.LoadSpec load = SimulationOptions.load(rate, requests, cv, users, think, seed);
        dev.infera.sim.Sla sla = SimulationOptions.sla(ttft, tpot, load != null);
        Deployment deployment = SpeculatorOptions.apply(PrefixOptions.apply(wanted.resolve(catalog), prefixTokens, prefixHit),
                catalog, speculator, draftTokens, acceptance);
        Estimate estimate = load == null || spec.commandLine().getParseResult().hasMatchedOption("--batch")
                ? wanted.estimate(deployment, catalog, estimator)
                : SimulationOptions.closedForm(deployment, load, catalog, estimator);
        dev.infera.sim.Simulation.Result simulated = load == null ? null
                : dev.infera.sim.Simulation.run(deployment, estimator, load, sla, true);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            java.util.Map<String, Object> document = EstimateText.document(deployment, estimate, explain);
            if (simulated != null) {
                document.put("simulation", dev.infera.report.SimulationText.document(simulated, sla));
            }
            out.println(Json.pretty(document));
        } else {
            out.print(EstimateText.render(deployment, estimate, explain));
            if (simulated != null) {
                out.print(dev.infera.report.SimulationText.render(simulated, sla));
            }
        }
        return Main.OK;
    }

    /**
     * --disaggregate: the two pools at --rate R or --users N, in closed form and simulated (the simulator's flags shape the
     * simulated load); flags of a colocated replica are refused.
     */
    private int estimateDisaggregated(Catalog catalog, Estimator estimator, DeploymentSpec wanted) {
        var parsed = spec.commandLine().getParseResult();
        DisaggregationOptions.refuse("--gpus", gpus != null, "each pool's GPUs are workers x TP (--disaggregate, --prefill-tp, --decode-tp)");
        DisaggregationOptions.refuse("--pp", pp != 1, "the pools are tensor-parallel workers (--prefill-tp, --decode-tp)");
        DisaggregationOptions.refuse("--batch", parsed.hasMatchedOption("--batch"), "the decode batch follows from the rate (Little's law)");
        if (rate == null && users == null) {
            throw new BadInputException("--disaggregate needs --rate R or --users N: the pools are sized to a load");
        }
        dev.infera.sim.LoadSpec load = SimulationOptions.load(rate, requests, cv, users, think, seed);
        dev.infera.sim.Sla sla = SimulationOptions.sla(ttft, tpot, true);
        if (load.allAtOnce()) {
            throw new BadInputException("--rate inf does not apply with --disaggregate: the closed form needs a finite rate");
        }
        if (users != null) {
            Limits.atLeast("--users", users, 1);
        }
        disaggregation.run(catalog, estimator, wanted, new DisaggregationOptions.Twins(prefixTokens, prefixHit, speculator, draftTokens, acceptance),
                load, sla, json, explain, spec.commandLine().getOut());
        return Main.OK;
    }

    private int estimateFile(Catalog catalog, Estimator estimator) {
        boolean jsonl = switch (format) {
            case "csv" -> false;
            case "jsonl" -> true;
            default -> throw new BadInputException("--format must be csv or jsonl, got '" + format + "'");
        };
        if (output != null) {
            Limits.writableFile("-o", output);
        }
        List<SpecCsv.Row> rows = SpecCsv.read(input);
        // Resolve every row before writing anything: a bad row stops the run with nothing half-written.
        List<DeploymentSpec> specs = new ArrayList<>();
        List<Deployment> deployments = new ArrayList<>();
        for (SpecCsv.Row row : rows) {
            try {
                deployments.add(row.spec().resolve(catalog));
                specs.add(row.spec());
            } catch (BadInputException e) {
                throw e.locatedAt(input.toString(), row.line());
            }
        }
        List<dev.infera.sim.LoadSpec> loads = null;
        if (SpecCsv.hasRateColumn(input)) {
            loads = new ArrayList<>();
            for (SpecCsv.Row row : rows) {
                loads.add(row.rate() == null ? null : dev.infera.sim.LoadSpec.atRate(row.rate(), row.requests()));
            }
        }
        List<dev.infera.sim.LoadSpec> rowLoads = loads;
        AtomicFile.Body body = writer -> EstimateRows.write(specs, deployments, rowLoads, catalog, estimator, jsonl, writer);
        if (output != null) {
            AtomicFile.write(output, body);
        } else {
            try {
                body.writeTo(spec.commandLine().getOut());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            spec.commandLine().getOut().flush();
        }
        return Main.OK;
    }


    private static int parseBatch(String text) {
        if (text.equalsIgnoreCase("max")) {
            return DeploymentSpec.MAX_BATCH;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < 1) {
                throw new BadInputException("--batch must be >= 1 or max, got " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadInputException("--batch must be a number or max, got '" + text + "'");
        }
    }
}
