package dev.infera.calibrate;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.Engine;
import dev.infera.catalog.Format;
import dev.infera.catalog.Gpu;
import dev.infera.text.Ids;
import dev.infera.catalog.Model;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimator;
import dev.infera.physics.Unsupported;
import dev.infera.plan.DeploymentSpec;
import dev.infera.text.Csv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads measurement CSVs (the columns of catalog/measurements/*.csv) into {@link Measurement}s.
 * A row with any problem is dropped whole and reported as one {@code file:line: message}; the
 * file as a whole fails only when no row is usable.
 */
public final class MeasurementCsv {
    /** Every column a measurement file may have; provenance columns are read past, not used. */
    public static final List<String> COLUMNS = List.of(
            "source_url", "source_note", "source_id", "date",
            "model", "params_b", "gpu", "gpu_key", "gpu_count", "parallelism", "tp", "pp", "framework",
            "weight_format", "precision", "model_file_gb",
            "context_or_prompt_tokens", "decode_tokens_per_s", "prefill_tokens_per_s",
            "input_tokens", "output_tokens", "concurrency_or_batch", "throughput_tokens_per_s", "throughput_kind",
            "ttft_ms", "tpot_ms");

    private static final Pattern BPW = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*bpw", Pattern.CASE_INSENSITIVE);
    private static final Pattern TG = Pattern.compile("\\btg(\\d+)");
    private static final Pattern PP = Pattern.compile("\\bpp(\\d+)");

    /** Rows of one file: the measurements of its clean rows, and one message per dropped row or bad column. */
    public record Result(String file, int dataRows, int usedRows, List<Measurement> measurements, List<String> problems) {
        public int droppedRows() {
            return dataRows - usedRows;
        }
    }

    private MeasurementCsv() {}

    /** Reads {@code file}; {@code onlyEngine} (null for all) drops other engines' rows silently. */
    public static Result read(Path file, Catalog catalog, Aliases aliases, String onlyEngine) {
        String name = file.getFileName().toString();
        List<String> lines = Csv.readLines(file, name, "the measurement columns (see catalog/measurements/README.md)");
        List<String> problems = new ArrayList<>();
        List<String> header = Csv.parse(lines.get(0));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            if (COLUMNS.contains(column)) {
                index.put(column, i);
            } else {
                problems.add(name + ":1: " + Ids.unknown("column", column, COLUMNS) + ", ignored");
            }
        }
        if (!index.containsKey("model") || !(index.containsKey("gpu") || index.containsKey("gpu_key"))
                || !index.containsKey("framework")) {
            throw BadInputException.at(name, 1, "a measurement file needs the columns model, gpu or gpu_key, and framework");
        }
        Estimator estimator = new Estimator(catalog.assumptions());
        List<Measurement> measurements = new ArrayList<>();
        int dataRows = 0;
        int used = 0;
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            dataRows++;
            Row row = new Row(name, n + 1, Csv.parse(lines.get(n)), index);
            try {
                List<Measurement> fromRow = row.measurements(catalog, aliases, onlyEngine, estimator);
                if (fromRow == null) {
                    dataRows--;
                    continue;
                }
                measurements.addAll(fromRow);
                used++;
            } catch (BadInputException e) {
                problems.add(e.getMessage());
            }
        }
        return new Result(name, dataRows, used, List.copyOf(measurements), List.copyOf(problems));
    }

    private record Row(String file, int line, List<String> cells, Map<String, Integer> index) implements CsvCells {
        /** The measurements of this row; null when it belongs to an engine not asked for. */
        List<Measurement> measurements(Catalog catalog, Aliases aliases, String onlyEngine, Estimator estimator) {
            Engine engine = engine(catalog, aliases);
            if (onlyEngine != null && !engine.id().equals(onlyEngine)) {
                return null;
            }
            Gpu gpu = gpu(catalog, aliases);
            Model model = model(catalog, aliases);
            Format weights = weights(catalog, aliases);
            Format kv = catalog.format(DeploymentSpec.defaultKv(weights, engine));
            int gpus = count("gpu_count", 1);
            int tp;
            int pp;
            if (index.containsKey("tp") || index.containsKey("pp")) {
                tp = count("tp", 1);
                pp = count("pp", 1);
            } else {
                // llama.cpp's multi-GPU default is a layer split: pipeline stages, one GPU busy at a time.
                boolean layerSplit = text("parallelism").toLowerCase().contains("layer") || !engine.tensorParallel();
                tp = layerSplit ? 1 : gpus;
                pp = layerSplit ? gpus : 1;
            }
            if (gpus % (tp * pp) != 0) {
                throw problem("gpu_count " + gpus + " is not a multiple of tp x pp = " + tp * pp);
            }
            int replicas = gpus / (tp * pp);
            var server = catalog.serverFor(gpu, tp * pp);
            List<Measurement> out = new ArrayList<>();
            String tokens = text("context_or_prompt_tokens");
            Double decode = positive("decode_tokens_per_s");
            if (decode != null) {
                // tg<N>: N tokens generated from an empty context, one sequence.
                int generated = tokenCount(tokens, TG, "tg");
                out.add(new Measurement(file, line, Measurement.Kind.DECODE_BATCH1,
                        new Deployment(model, server, tp, pp, replicas, weights, kv, engine, 1, 1, generated), decode));
            }
            Double prefill = positive("prefill_tokens_per_s");
            if (prefill != null) {
                int prompt = tokenCount(tokens, PP, "pp");
                out.add(new Measurement(file, line, Measurement.Kind.PREFILL,
                        new Deployment(model, server, tp, pp, replicas, weights, kv, engine, 1, prompt, 1), prefill));
            }
            Double throughput = positive("throughput_tokens_per_s");
            Double ttft = positive("ttft_ms");
            Double tpot = positive("tpot_ms");
            if (throughput != null || ttft != null || tpot != null) {
                int batch = count("concurrency_or_batch", 1);
                int input = count("input_tokens", 0);
                int output = count("output_tokens", 0);
                if (input == 0 || output == 0) {
                    throw problem("serving measurements need input_tokens and output_tokens");
                }
                Deployment d = new Deployment(model, server, tp, pp, replicas, weights, kv, engine, batch, input, output);
                if (throughput != null) {
                    out.add(new Measurement(file, line, Measurement.Kind.THROUGHPUT, d, throughput / perGpuDivisor(d)));
                }
                if (ttft != null) {
                    out.add(new Measurement(file, line, Measurement.Kind.TTFT, d.withBatch(1), ttft));
                }
                if (tpot != null) {
                    out.add(new Measurement(file, line, Measurement.Kind.TPOT, d, tpot));
                }
            }
            if (out.isEmpty()) {
                throw problem("no measured value (decode_tokens_per_s, prefill_tokens_per_s, throughput_tokens_per_s, ttft_ms or tpot_ms)");
            }
            Unsupported unsupported = Unsupported.of(out.get(0).deployment());
            if (unsupported != null) {
                throw problem("cannot be estimated: " + unsupported.message());
            }
            return out;
        }

        /** throughput_kind says what the number is per: one GPU, one parallel group (replica), or all GPUs. */
        private int perGpuDivisor(Deployment d) {
            String kind = text("throughput_kind").toLowerCase();
            if (kind.contains("per gpu")) {
                return 1;
            }
            if (kind.contains("group") || kind.contains("replica")) {
                return d.gpusPerReplica();
            }
            if (kind.contains("total") || kind.contains("all gpus")) {
                return d.totalGpus();
            }
            throw problem("throughput_kind must say per GPU, per parallel group or total, got '" + text("throughput_kind") + "'");
        }

        private int tokenCount(String cell, Pattern pattern, String what) {
            Matcher m = pattern.matcher(cell);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (cell.matches("\\d+")) {
                return Integer.parseInt(cell);
            }
            throw problem("context_or_prompt_tokens must give the token count (" + what + "512, or a number), got '" + cell + "'");
        }

        private Gpu gpu(Catalog catalog, Aliases aliases) {
            String raw = !text("gpu_key").isEmpty() ? text("gpu_key") : text("gpu");
            String key = Aliases.normalise(raw);
            Optional<String> alias = aliases.gpus().get(key);
            if (alias != null && alias.isEmpty()) {
                throw problem("no catalog GPU for '" + raw + "' (not an accelerator in catalog/gpus.yaml)");
            }
            String id = alias != null ? alias.get() : key;
            if (!catalog.hasGpu(id)) {
                throw problem(Ids.unknown("gpu", raw, Stream.concat(catalog.gpuIds().stream(), aliases.gpus().keySet().stream()).toList()));
            }
            return catalog.gpu(id);
        }

        private Model model(Catalog catalog, Aliases aliases) {
            String raw = text("model");
            String id = aliases.models().getOrDefault(Aliases.normalise(raw), raw);
            if (!catalog.modelIds().contains(id)) {
                throw problem(Ids.unknown("model", raw, catalog.modelIds()));
            }
            return catalog.model(id);
        }

        private Engine engine(Catalog catalog, Aliases aliases) {
            String raw = text("framework");
            Optional<String> id = aliases.framework(raw);
            if (id.isEmpty()) {
                List<String> known = catalog.getEngines().stream().map(Engine::id).toList();
                if (known.contains(raw)) {
                    return catalog.engine(raw);
                }
                throw problem(Ids.unknown("framework", raw, known));
            }
            return catalog.engine(id.get());
        }

        /** The weight format, at the row's effective bits per weight where it gives them (GGUF files differ). */
        private Format weights(Catalog catalog, Aliases aliases) {
            String raw = !text("weight_format").isEmpty() ? text("weight_format") : text("precision");
            if (raw.isEmpty()) {
                throw problem("empty weight_format / precision");
            }
            String first = raw.split("[\\s(]", 2)[0];
            String id = aliases.formats().getOrDefault(Aliases.normalise(first), first.toLowerCase());
            Format format;
            try {
                format = catalog.format(id);
            } catch (BadInputException e) {
                throw problem(e.getMessage());
            }
            if (format.bitsPerWeight() >= 16) {
                // Only quantised files have a size-defined bit width worth reading off the row.
                return format;
            }
            Matcher bpw = BPW.matcher(raw);
            Double bits = bpw.find() ? Double.valueOf(bpw.group(1)) : null;
            Double fileGb = positive("model_file_gb");
            Double params = positive("params_b");
            if (bits == null && fileGb != null && params != null) {
                bits = 8 * fileGb / params;
            }
            if (bits == null) {
                return format;
            }
            return new Format(format.id(), format.description(), bits, format.computePrecision(),
                    format.weightOnlyFallback(), format.kvCache(), format.engines(), format.quality(), format.qualitySource());
        }
    }
}
