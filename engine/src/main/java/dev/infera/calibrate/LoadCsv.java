package dev.infera.calibrate;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.Engine;
import dev.infera.catalog.Format;
import dev.infera.catalog.Gpu;
import dev.infera.catalog.Model;
import dev.infera.physics.Deployment;
import dev.infera.physics.Unsupported;
import dev.infera.plan.DeploymentSpec;
import dev.infera.sim.Load;
import dev.infera.sim.LoadSpec;
import dev.infera.text.Csv;
import dev.infera.text.Ids;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a serving-under-load measurement file (catalog/measurements/serving_under_load.csv; columns in
 * catalog/measurements/README.md) into {@link LoadRow}s. Names are catalog ids (the page's own names
 * sit in the *_published columns). A row with a problem is dropped whole and reported as one
 * {@code file:line: message}; the file fails only when its header is unusable.
 */
public final class LoadCsv {
    /** The shipped file of this kind; `infera calibrate` reads it here and leaves it out of the efficiency fit's files. */
    public static final String FILE_NAME = "serving_under_load.csv";

    public static final List<String> COLUMNS = List.of(
            "source_id", "source_url", "source_note", "engine_version", "framework", "backend", "model", "model_published",
            "gpu", "gpu_published", "gpu_count", "tp", "pp", "weight_format", "input_tokens", "output_tokens", "lengths",
            "concurrency", "request_rate", "requests", "output_tokens_per_s", "ttft_mean_ms", "ttft_p50_ms", "ttft_p90_ms",
            "ttft_p99_ms", "tpot_mean_ms", "tpot_p50_ms", "tpot_p90_ms", "tpot_p99_ms", "scheduler_steps", "max_batch", "max_tokens_per_step",
            "kv_format");
    static final List<String> REQUIRED = List.of("source_id", "source_url", "framework", "model", "gpu", "weight_format",
            "input_tokens", "output_tokens");
    /** Each measured column and its statistic; the percentile columns are optional, as most pages print a mean or a median only. */
    private static final Map<String, LoadRow.Statistic> MEASURED = Map.of(
            "output_tokens_per_s", LoadRow.Statistic.THROUGHPUT,
            "ttft_mean_ms", LoadRow.Statistic.TTFT_MEAN,
            "ttft_p50_ms", LoadRow.Statistic.TTFT_P50,
            "ttft_p90_ms", LoadRow.Statistic.TTFT_P90,
            "ttft_p99_ms", LoadRow.Statistic.TTFT_P99,
            "tpot_mean_ms", LoadRow.Statistic.TPOT_MEAN,
            "tpot_p50_ms", LoadRow.Statistic.TPOT_P50,
            "tpot_p90_ms", LoadRow.Statistic.TPOT_P90,
            "tpot_p99_ms", LoadRow.Statistic.TPOT_P99);

    public record Result(String file, int dataRows, List<LoadRow> rows, List<String> problems) {}

    private LoadCsv() {}

    public static Result read(Path file, Catalog catalog) {
        String name = file.getFileName().toString();
        List<String> lines = Csv.readLines(file, name, String.join(",", COLUMNS));
        List<String> header = Csv.parse(lines.get(0));
        Map<String, Integer> index = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i).trim();
            if (COLUMNS.contains(column)) {
                index.put(column, i);
            } else {
                problems.add(name + ":1: " + Ids.unknown("column", column, COLUMNS) + ", ignored");
            }
        }
        List<String> missing = REQUIRED.stream().filter(c -> !index.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw BadInputException.at(name, 1, "a serving-under-load file needs the columns " + String.join(", ", missing));
        }
        List<LoadRow> rows = new ArrayList<>();
        int dataRows = 0;
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            dataRows++;
            try {
                rows.add(new Cells(name, n + 1, Csv.parse(lines.get(n)), index).row(catalog));
            } catch (BadInputException e) {
                problems.add(e.isLocated() ? e.getMessage() : name + ":" + (n + 1) + ": " + e.getMessage());
            }
        }
        return new Result(name, dataRows, List.copyOf(rows), List.copyOf(problems));
    }

    private record Cells(String file, int line, List<String> cells, Map<String, Integer> index) implements CsvCells {
        /** Looks {@code id} up in the catalog; its "did you mean" message is placed at this row. */
        <T> T lookup(java.util.function.Supplier<T> find) {
            try {
                return find.get();
            } catch (BadInputException e) {
                throw problem(e.getMessage());
            }
        }

        LoadRow row(Catalog catalog) {
            String source = text("source_id");
            if (source.isEmpty() || text("source_url").isEmpty()) {
                throw problem("every row needs its source_id and source_url");
            }
            Engine engine = lookup(() -> catalog.engine(nonEmpty("framework")));
            LoadRow.RunSettings settings = new LoadRow.RunSettings(whole("max_batch"), whole("max_tokens_per_step"), schedulerSteps(engine));
            Gpu gpu = lookup(() -> catalog.gpu(nonEmpty("gpu")));
            Model model = lookup(() -> catalog.model(nonEmpty("model")));
            Format weights = lookup(() -> catalog.format(nonEmpty("weight_format")));
            String kvStated = text("kv_format");
            Format kv = kvStated.isEmpty() ? catalog.format(DeploymentSpec.defaultKv(weights, engine)) : lookup(() -> catalog.format(kvStated));
            int gpus = count("gpu_count", 1);
            int tp = count("tp", gpus);
            int pp = count("pp", 1);
            if (gpus % (tp * pp) != 0) {
                throw problem("gpu_count " + gpus + " is not a multiple of tp x pp = " + tp * pp);
            }
            Integer input = whole("input_tokens");
            Integer output = whole("output_tokens");
            if (input == null || output == null) {
                throw problem("input_tokens and output_tokens are needed (mean lengths where the page's dataset varies them)");
            }
            LoadSpec load = load();
            int batch = load.closedLoop() ? load.users() : 1;
            Deployment d = new Deployment(model, catalog.serverFor(gpu, tp * pp), tp, pp, gpus / (tp * pp), weights, kv, engine,
                    batch, input, output);
            Unsupported unsupported = Unsupported.of(d);
            if (unsupported != null) {
                throw problem("cannot be estimated: " + unsupported.message());
            }
            Map<LoadRow.Statistic, Double> measured = new EnumMap<>(LoadRow.Statistic.class);
            MEASURED.forEach((column, statistic) -> {
                Double value = positive(column);
                if (value != null) {
                    measured.put(statistic, value);
                }
            });
            if (measured.isEmpty()) {
                throw problem("no measured value (" + String.join(", ", new java.util.TreeSet<>(MEASURED.keySet())) + ")");
            }
            String backend = text("backend");
            String label = backend.isEmpty() || !engine.id().equals("trtllm") ? engine.id() : engine.id() + " (" + backend + ")";
            return new LoadRow(file, line, source, label, d, load, Map.copyOf(measured), settings);
        }

        /**
         * The run's decode steps per scheduler call (optional column scheduler_steps: its --num-scheduler-steps, vLLM's multi-step
         * scheduling), which replace the profile's when the row is simulated (LoadRow.asRun); null where the cell is empty.
         */
        Integer schedulerSteps(Engine engine) {
            Integer steps = whole("scheduler_steps");
            String problem = steps == null ? null : engine.serving().schedulerStepsProblem(steps);
            if (problem != null) {
                throw problem("scheduler_steps: " + problem + " (" + engine.id() + "'s profile)");
            }
            return steps;
        }

        String nonEmpty(String column) {
            String value = text(column);
            if (value.isEmpty()) {
                throw problem("empty '" + column + "'");
            }
            return value;
        }

        /** A concurrency (closed loop of that many users), else a request rate (a number or inf) with the run's requests. */
        LoadSpec load() {
            Integer users = whole("concurrency");
            Integer requests = whole("requests");
            String rate = text("request_rate");
            if (users != null && !rate.isEmpty()) {
                throw problem("give a concurrency or a request_rate, not both");
            }
            try {
                if (users != null) {
                    return new LoadSpec(Double.NaN, requests, 1, users, 0, null, Load.DEFAULT_SEED);
                }
                if (rate.isEmpty()) {
                    throw problem("a load needs a concurrency or a request_rate (requests/s or inf)");
                }
                return LoadSpec.atRate(LoadSpec.parseRate("'request_rate'", rate), requests);
            } catch (BadInputException e) {
                throw e.isLocated() ? e : problem(e.getMessage());
            }
        }
    }
}
