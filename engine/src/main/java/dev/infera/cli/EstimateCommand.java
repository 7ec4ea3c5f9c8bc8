package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;
import dev.infera.physics.Explain;
import dev.infera.plan.DeploymentSpec;
import dev.infera.plan.SpecCsv;
import dev.infera.report.AtomicFile;
import dev.infera.report.Csv;
import dev.infera.report.EstimateColumns;
import dev.infera.report.Json;
import dev.infera.report.Numbers;
import dev.infera.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code infera estimate}: the numbers of one configuration, or of every row of a CSV. */
@Command(name = "estimate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Estimate memory, TTFT, TPOT, throughput and cost of a deployment (physics only, no rules).",
        description = {"Example: infera estimate --model llama-3-70b --gpu a100-sxm-80g --gpus 2 --tp 2 --weights fp16 --context 8192 --batch 1"})
public final class EstimateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--model", paramLabel = "ID", description = "Model id, or a path to a Hugging Face config.json.")
    String model;

    @Option(names = "--gpu", paramLabel = "ID", description = "GPU or server id.")
    String gpu;

    @Option(names = "--gpus", paramLabel = "N", defaultValue = "0", description = "Total GPUs (default: tp x pp, one replica; more make data-parallel replicas).")
    int gpus;

    @Option(names = "--tp", paramLabel = "N", defaultValue = "1", description = "Tensor-parallel degree (default: ${DEFAULT-VALUE}).")
    int tp;

    @Option(names = "--pp", paramLabel = "N", defaultValue = "1", description = "Pipeline stages (default: ${DEFAULT-VALUE}).")
    int pp;

    @Option(names = "--weights", paramLabel = "FORMAT", defaultValue = "fp16", description = "Weight format: fp16, bf16, fp8, int8, int4, q4_k_m, nvfp4, 4.65bpw... (default: ${DEFAULT-VALUE}).")
    String weights;

    @Option(names = "--kv", paramLabel = "FORMAT", description = "KV-cache format (default: 16-bit, fp8 with fp8 weights).")
    String kv;

    @Option(names = "--engine", paramLabel = "ID", description = "Serving engine: vllm, sglang, trtllm, llama.cpp, exllamav2, mlc, lmdeploy (default: the catalog's, vllm).")
    String engine;

    @Option(names = "--context", paramLabel = "TOKENS", defaultValue = "4096", description = "Tokens per sequence, prompt plus output (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--output-tokens", paramLabel = "TOKENS", defaultValue = "256", description = "Generated tokens per request (default: ${DEFAULT-VALUE}); the prompt is the rest of --context.")
    int outputTokens;

    @Option(names = "--input-tokens", paramLabel = "TOKENS", description = "Prompt tokens (default: --context minus --output-tokens).")
    Integer inputTokens;

    @Option(names = "--batch", paramLabel = "N|max", defaultValue = "1", description = "Concurrent sequences per replica, or max: the throughput-optimal batch that fits (default: ${DEFAULT-VALUE}).")
    String batch;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--explain", description = "Print the formula behind each number, with the values substituted.")
    boolean explain;

    @Option(names = "--input", paramLabel = "FILE.csv", description = "Estimate every row of a CSV (columns: " + "model,gpu,gpus,tp,pp,weights,kv,engine,batch,input_tokens,output_tokens).")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "With --input: write here instead of standard output (atomically).")
    Path output;

    @Option(names = "--format", paramLabel = "csv|jsonl", defaultValue = "csv", description = "With --input: csv or jsonl (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws IOException {
        Catalog catalog = common.catalog();
        Estimator estimator = new Estimator(catalog.assumptions());
        if (input != null) {
            return estimateFile(catalog, estimator);
        }
        if (model == null || gpu == null) {
            throw new BadInputException("estimate needs --model and --gpu (or --input FILE.csv)");
        }
        int prompt = inputTokens != null ? inputTokens : context - outputTokens;
        if (prompt < 1) {
            throw new BadInputException("--context " + context + " leaves no prompt after --output-tokens " + outputTokens);
        }
        DeploymentSpec wanted = new DeploymentSpec(model, gpu, gpus, tp, pp, weights, kv, engine, parseBatch(batch), prompt, outputTokens);
        Deployment deployment = wanted.resolve(catalog);
        Estimate estimate = estimate(estimator, catalog, wanted, deployment);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("configuration", describe(deployment));
            document.put("estimate", EstimateColumns.out(deployment, estimate));
            if (explain) {
                document.put("explain", Explain.of(deployment, estimate));
            }
            out.println(Json.pretty(document));
        } else {
            out.print(table(deployment, estimate));
            if (explain) {
                out.println();
                for (Explain.Derivation step : Explain.of(deployment, estimate)) {
                    out.printf("%s = %s%n    = %s%n    = %s%n", step.quantity(), step.formula(), step.substituted(), step.result());
                }
            }
        }
        return Main.OK;
    }

    static Estimate estimate(Estimator estimator, Catalog catalog, DeploymentSpec spec, Deployment deployment) {
        var price = catalog.price(deployment.gpu()).orElse(null);
        return spec.wantsMaxBatch() ? estimator.estimateAtMaxBatch(deployment, price) : estimator.estimate(deployment, price);
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

    private static Map<String, Object> describe(Deployment d) {
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
        c.put("engine", d.engine().id());
        c.put("engine_profile", d.engine().profileOn(d.gpu()));
        c.put("engine_calibrated", d.engine().calibrated());
        c.put("input_tokens", d.inputTokens());
        c.put("output_tokens", d.outputTokens());
        return c;
    }

    private static String table(Deployment d, Estimate e) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s on %d x %s (%s), TP=%d PP=%d replicas=%d, %s weights, %s KV, %s%n",
                d.model().name(), d.totalGpus(), d.gpu().name(), d.server().intraNodeLink().shortName(),
                d.tensorParallel(), d.pipelineParallel(), d.replicas(), d.weights().id(), d.kv().id(), d.engine().name()));
        out.append(String.format("%d prompt + %d output tokens, batch %d per replica%n", d.inputTokens(), d.outputTokens(), d.batch()));
        out.append(String.format("engine profile: %s, %s factors (%s)%n%n", d.engine().name(), d.engine().profileOn(d.gpu()),
                d.engine().calibrated() ? "calibrated on " + d.engine().calibration() : "engines.yaml priors, not calibrated"));
        if (!e.supported()) {
            out.append("NOT SUPPORTED: ").append(e.unsupportedReason()).append('\n');
        }
        TextTable table = new TextTable("quantity", "value");
        table.row("fits", e.fits() ? "yes" : "NO, short by " + Numbers.fmt(e.shortfallGb()) + " GB per GPU");
        table.row("memory per GPU", Numbers.fmt(e.memoryGb()) + " GB of " + Numbers.fmt(e.usableGb()) + " GB usable (" + Numbers.fmt(e.capacityGb()) + " GB)");
        table.row("  weights", Numbers.fmt(e.weightsGb()) + " GB");
        table.row("  KV cache", Numbers.fmt(e.kvGb()) + " GB (" + Numbers.fmt(e.kvBytesPerToken() / 1024) + " KiB per token)");
        table.row("  activations", Numbers.fmt(e.activationsGb()) + " GB");
        table.row("  runtime overhead", Numbers.fmt(e.overheadGb()) + " GB");
        table.row("max concurrent sequences", e.maxBatch() + " per replica");
        table.row("TTFT", Numbers.fmt(e.ttftMs()) + " ms" + (e.batch() > 1
                ? " alone, " + Numbers.fmt(e.servedTtftMs()) + " ms queued behind " + (e.batch() - 1) + " other prefills" : ""));
        table.row("TPOT", Numbers.fmt(e.tpotMs()) + " ms per step" + (e.batch() > 1
                ? ", " + Numbers.fmt(e.servedTpotMs()) + " ms as a user sees it (others' prefills interleaved)" : "")
                + " (" + Numbers.fmt(e.decodeTokensPerS()) + " tokens/s per sequence)");
        table.row("  decode step", "memory " + Numbers.fmt(e.decodeMemoryMs()) + " ms, compute " + Numbers.fmt(e.decodeComputeMs())
                + " ms, all-reduce " + Numbers.fmt(e.decodeCommunicationMs()) + " ms, overhead " + Numbers.fmt(e.stepOverheadMs()) + " ms");
        table.row("output throughput", Numbers.fmt(e.outputTokensPerS()) + " tokens/s (all GPUs)");
        table.row("bottleneck", e.supported() ? e.bottleneck().label() : "unsupported");
        table.row("compute precision", e.computePrecision() == null ? "n/a" : e.computePrecision().id() + " at " + Numbers.fmt(e.peakTflops()) + " TFLOPS dense");
        table.row("cost", e.hasCost() ? Numbers.money(e.usdPerHour()) + "/hour, " + Numbers.money(e.usdPerMillionTokens()) + " per million output tokens" : "no price in catalog");
        out.append(table.render());
        return out.toString();
    }

    private int estimateFile(Catalog catalog, Estimator estimator) throws IOException {
        boolean jsonl = switch (format) {
            case "csv" -> false;
            case "jsonl" -> true;
            default -> throw new BadInputException("--format must be csv or jsonl, got '" + format + "'");
        };
        List<SpecCsv.Row> rows = SpecCsv.read(input);
        // Resolve every row before writing anything: a bad row stops the run with nothing half-written.
        List<Deployment> deployments = new ArrayList<>();
        for (SpecCsv.Row row : rows) {
            try {
                deployments.add(row.spec().resolve(catalog));
            } catch (BadInputException e) {
                throw BadInputException.at(input.toString(), row.line(), e.getMessage());
            }
        }
        AtomicFileOrStdout.write(output, spec.commandLine().getOut(), writer -> {
            if (!jsonl) {
                List<String> header = new ArrayList<>(EstimateColumns.IN);
                EstimateColumns.OUT.stream().filter(c -> !c.equals("batch")).forEach(header::add);
                writer.write(Csv.line(header) + "\n");
            }
            for (int i = 0; i < rows.size(); i++) {
                DeploymentSpec rowSpec = rows.get(i).spec();
                Deployment d = deployments.get(i);
                Estimate e = estimate(estimator, catalog, rowSpec, d);
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("model", d.model().id());
                record.put("gpu", rowSpec.hardware());
                record.put("gpus", d.totalGpus());
                record.put("tp", d.tensorParallel());
                record.put("pp", d.pipelineParallel());
                record.put("weights", d.weights().id());
                record.put("kv", d.kv().id());
                record.put("engine", d.engine().id());
                record.putAll(EstimateColumns.out(d, e));
                record.put("input_tokens", d.inputTokens());
                record.put("output_tokens", d.outputTokens());
                if (jsonl) {
                    writer.write(Json.line(record) + "\n");
                } else {
                    List<Object> cells = new ArrayList<>();
                    for (String column : EstimateColumns.IN) {
                        cells.add(record.get(column));
                    }
                    EstimateColumns.OUT.stream().filter(c -> !c.equals("batch")).forEach(c -> cells.add(record.get(c)));
                    writer.write(Csv.line(cells) + "\n");
                }
            }
        });
        return Main.OK;
    }

    /** -o FILE is written atomically; without it, rows go to standard output. */
    static final class AtomicFileOrStdout {
        static void write(Path output, PrintWriter stdout, AtomicFile.Body body) throws IOException {
            if (output == null) {
                Writer writer = stdout;
                body.writeTo(writer);
                stdout.flush();
            } else {
                AtomicFile.write(output, body);
            }
        }
    }
}
