package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.calibrate.AccuracyTable;
import dev.infera.calibrate.Aliases;
import dev.infera.calibrate.CrossValidation;
import dev.infera.calibrate.ErrorStats;
import dev.infera.calibrate.Fitter;
import dev.infera.calibrate.LoadCsv;
import dev.infera.calibrate.LoadEvaluation;
import dev.infera.calibrate.LoadRow;
import dev.infera.calibrate.Measurement;
import dev.infera.calibrate.MeasurementCsv;
import dev.infera.calibrate.Overlay;
import dev.infera.calibrate.Prediction;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.Efficiency;
import dev.infera.physics.Estimator;
import dev.infera.text.Numbers;
import dev.infera.text.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code infera calibrate}: fit engine efficiencies to measurements, or cross-validate them. */
@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Fit engine efficiency factors to measured throughput, or report how accurate the estimates are.",
        description = {
                "Reads measurement CSVs (columns as in catalog/measurements/*.csv; names map to catalog ids through",
                "catalog/measurement-aliases.yaml), fits decode MBU, prefill MFU, decode MFU and per-step overhead per",
                "engine and GPU family, writes them as a catalog overlay and prints the error before and after.",
                "--evaluate cross-validates instead: leave one GPU out for those files, leave one source out for the",
                "serving-under-load rows (throughput, TTFT and TPOT at a rate, all at once or a concurrency, simulated).",
                "Examples: infera calibrate my-llama-bench.csv --engine llama.cpp",
                "          infera calibrate --evaluate"})
public final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "MEASUREMENTS.csv", arity = "0..*",
            description = "Measurement files (default: every CSV in the catalog's measurements/ folder).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--engine", paramLabel = "ID", description = "Fit only this engine's rows (default: every engine in the files).")
    String engine;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Overlay to write, atomically; an existing one keeps the fits of engines this run does not fit (default: write nothing, print the fit; catalog/engines.calibrated.yaml is the one estimates use).")
    Path output;

    @Option(names = "--evaluate", description = "Leave-one-GPU-out cross-validation instead of a fit: fit on all GPUs but one, predict that one; with -o, writes the error bands per engine and GPU family (catalog/error-bands.yaml is the one estimates use). Then the serving-under-load rows (--serving) are simulated at their loads and cross-validated leave-one-source-out against the issue's targets.")
    boolean evaluate;

    @Option(names = "--serving", paramLabel = "FILE",
            description = "With --evaluate: serving-under-load measurements to simulate and cross-validate leave-one-source-out (default: the catalog's measurements/" + LoadCsv.FILE_NAME + "; columns in catalog/measurements/README.md).")
    Path serving;

    @Option(names = "--also-fit", paramLabel = "FACTOR", split = ",",
            description = "Fit these factors too, where the rows identify them: ${COMPLETION-CANDIDATES} (engines.yaml's keys; default: none, as the shipped overlay).")
    List<Fitter.Extra> alsoFit = new ArrayList<>();

    @Option(names = "--predictions", paramLabel = "FILE.csv",
            description = "With --evaluate: write every serving-under-load row's published statistics with the shipped and the held-out prediction of each (columns: row, source_id, ..., measured, shipped, held_out, held_out_error), atomically.")
    Path predictions;

    @Override
    public Integer call() throws IOException {
        Path folder = common.catalog().folder();
        // Fit from engines.yaml's priors, never from an earlier overlay: its factors saw every GPU.
        Catalog priors = Catalog.loadPriors(folder);
        if (engine != null) {
            engine = priors.engine(engine).id();
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (predictions != null && !evaluate) {
            throw new BadInputException("--predictions needs --evaluate: it writes the cross-validated predictions");
        }
        if (serving != null && !evaluate) {
            throw new BadInputException("--serving needs --evaluate: serving-under-load rows are cross-validated, not fitted");
        }
        // Read before the long evaluation starts, so that a bad file fails at once.
        LoadCsv.Result servingRows = evaluate ? readServing(priors, folder, err) : null;
        List<MeasurementCsv.Result> results = new ArrayList<>();
        List<Measurement> rows = new ArrayList<>();
        for (Path file : files.isEmpty() ? shipped(folder) : files) {
            MeasurementCsv.Result result = MeasurementCsv.read(file, priors, Aliases.load(folder), engine);
            result.problems().forEach(err::println);
            if (result.usedRows() == 0 && result.dataRows() == 0 && evaluate && files.isEmpty() && servingRows != null) {
                // A shipped file without a row of the --engine asked for: its serving rows may still be evaluated.
                out.printf("%s: no rows of engine %s%n", result.file(), engine);
                continue;
            }
            if (result.usedRows() == 0) {
                throw new BadInputException(file + ": no usable rows (" + result.droppedRows() + " dropped)");
            }
            out.printf("%s: %d rows, %d used, %d dropped%n", result.file(), result.dataRows(), result.usedRows(), result.droppedRows());
            results.add(result);
            rows.addAll(result.measurements());
        }
        Fitter fitter = new Fitter(new Estimator(priors.assumptions()), java.util.Set.copyOf(alsoFit));
        if (evaluate && rows.isEmpty()) {
            out.printf("no calibration rows of engine %s: no leave-one-GPU-out evaluation%n", engine);
            return evaluateServing(priors, servingRows, rows, fitter, out);
        }
        rows = fittable(rows, err);
        if (evaluate) {
            evaluate(rows, fitter, out, folder);
            return servingRows == null ? Main.OK : evaluateServing(priors, servingRows, rows, fitter, out);
        }
        Map<String, Fitter.Profile> profiles = fitter.fit(rows);
        List<Prediction> before = CrossValidation.predict(rows, Map.of(), fitter);
        List<Prediction> after = CrossValidation.predict(rows, profiles, fitter);
        out.println();
        out.println("Absolute percentage error, engines.yaml priors (before) and fitted factors (after), on the rows fitted:");
        out.print(AccuracyTable.beforeAfter(before, after));
        out.println();
        out.print(factors(profiles));
        out.println();
        profiles.values().forEach(profile -> profile.atBounds().forEach((level, factors) -> err.printf(
                "warning: %s %s: %s at a bound of the fit: not physical, the rows compensate for something the physics lacks; check them before trusting this fit%n",
                profile.engine(), level, String.join(", ", factors))));
        if (output == null) {
            // The shipped overlay holds every engine's fit: a fit of some files or one engine must not replace it unasked.
            out.println("not written: give -o FILE to write this overlay (-o " + folder.resolve(Overlay.FILE_NAME)
                    + " updates the one estimates use, keeping the other engines' fits)");
            return Main.OK;
        }
        Overlay.write(output, results, profiles, before, after);
        out.println("wrote " + output);
        return Main.OK;
    }

    /**
     * Serving under load: every row simulated at its stated load, first with the profiles estimates use
     * (fitted on the other files, none of these rows), then leave-one-source-out with factors refitted
     * on the other sources' rows. The targets are judged on the held-out predictions.
     */
    private int evaluateServing(Catalog priors, LoadCsv.Result result, List<Measurement> others, Fitter fitter, PrintWriter out) {
        List<LoadRow> rows = engine == null ? result.rows()
                : result.rows().stream().filter(r -> r.deployment().engine().id().equals(engine)).toList();
        if (rows.isEmpty()) {
            // Only an --engine the shipped file has no rows of gets here: readServing refused an empty file.
            out.printf("%n%s: no rows for engine %s: no serving-under-load evaluation%n", result.file(), engine);
            return Main.OK;
        }
        Estimator estimator = new Estimator(priors.assumptions());
        Catalog shipped = common.catalog();
        List<LoadEvaluation.Prediction> before = LoadEvaluation.predict(rows, row -> shipped.engine(row.deployment().engine().id()), estimator);
        List<LoadEvaluation.Prediction> held = LoadEvaluation.leaveOneSourceOut(rows, others, before, fitter, estimator);
        out.println();
        out.printf("%s: %d rows, %d used, %d dropped; sources: %s%n", result.file(), result.dataRows(), rows.size(),
                result.dataRows() - result.rows().size(), LoadEvaluation.rowsBySource(rows).entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", ")));
        out.println("Serving under load: each row simulated (sim/, seeded) at the load its page states: a request rate (Poisson),");
        out.println("every request at once, or a concurrency (closed loop). 'shipped': the profiles estimates use, fitted on the");
        out.println("other measurement files and none of these rows. 'held-out': leave-one-source-out, the efficiency factors");
        out.println("refitted from engines.yaml's priors on every other source's throughput rows (closed form at the batch each row's");
        out.println("simulation ran) and the older files, then the held-out source simulated. Absolute percentage error:");
        out.print(LoadEvaluation.table(before, held));
        out.println();
        out.println("Held-out error per source (median bias: predicted / measured - 1):");
        out.print(LoadEvaluation.bySource(held));
        out.println();
        out.println("Largest held-out errors (error: predicted / measured - 1):");
        out.print(LoadEvaluation.largest(held, 12));
        out.println();
        LoadEvaluation.targets(held).forEach(out::println);
        if (predictions != null) {
            String csv = LoadEvaluation.predictionsCsv(before, held);
            dev.infera.text.AtomicFile.write(predictions, w -> w.write(csv));
            out.println("wrote " + predictions + " (every statistic of every row: measured, shipped, held-out)");
        }
        return Main.OK;
    }

    /** The serving-under-load file: --serving, else the shipped one; null when neither is there. */
    private LoadCsv.Result readServing(Catalog priors, Path folder, PrintWriter err) {
        Path file = serving != null ? serving : folder.resolve("measurements").resolve(LoadCsv.FILE_NAME);
        if (serving == null && !Files.exists(file)) {
            return null;
        }
        LoadCsv.Result result = LoadCsv.read(file, priors);
        result.problems().forEach(err::println);
        if (result.rows().isEmpty()) {
            throw new BadInputException(result.file() + ": no usable rows (" + result.dataRows() + " dropped)");
        }
        return result;
    }

    private int evaluate(List<Measurement> rows, Fitter fitter, PrintWriter out, Path folder) {
        List<Prediction> predictions = CrossValidation.leaveOneGpuOut(rows, fitter);
        out.println();
        out.println("Leave-one-GPU-out cross-validation: absolute percentage error of each GPU's rows, predicted");
        out.println("with factors fitted on every other GPU (same engine; family, then memory class, then engine-wide).");
        out.print(AccuracyTable.byGpu(predictions));
        Map<Measurement.Kind, ErrorStats> overall = AccuracyTable.overall(predictions);
        out.println();
        for (dev.infera.calibrate.AccuracyTarget target : dev.infera.calibrate.AccuracyTarget.ALL) {
            target(out, overall.get(target.kind()), target);
        }
        var bands = dev.infera.calibrate.Bands.of(predictions);
        out.println();
        out.println("Error bands (measured / estimated - 1, 5th to 95th percentile) per engine, GPU family and quantity:");
        out.print(dev.infera.calibrate.Bands.table(bands));
        if (output == null) {
            out.println("not written: give -o FILE to write these bands (-o " + folder.resolve("error-bands.yaml") + " is the file estimates read)");
        } else {
            dev.infera.calibrate.Bands.write(output, bands);
            out.println("wrote " + output);
        }
        return Main.OK;
    }

    private static void target(PrintWriter out, ErrorStats s, dev.infera.calibrate.AccuracyTarget target) {
        if (s == null) {
            return;
        }
        out.printf("target %s: median <= %s%s -> median %s, p90 %s: %s%n", target.what(), AccuracyTable.pct(target.median()),
                Double.isNaN(target.p90()) ? "" : ", p90 <= " + AccuracyTable.pct(target.p90()), AccuracyTable.pct(s.median()),
                AccuracyTable.pct(s.p90()), target.metBy(s) ? "met" : "NOT met");
    }

    /** Engines with too few measurements to fit keep their priors: say so, and leave their rows out. */
    private static List<Measurement> fittable(List<Measurement> rows, PrintWriter err) {
        List<Measurement> kept = new ArrayList<>();
        for (var entry : new java.util.TreeMap<>(rows.stream().collect(java.util.stream.Collectors.groupingBy(Measurement::engineId))).entrySet()) {
            if (entry.getValue().size() < Fitter.MIN_MEASUREMENTS) {
                Measurement first = entry.getValue().get(0);
                err.printf("%s: engine %s: only %d measurements, %d needed to fit; it keeps its engines.yaml factors%n",
                        first.file(), entry.getKey(), entry.getValue().size(), Fitter.MIN_MEASUREMENTS);
            } else {
                kept.addAll(entry.getValue());
            }
        }
        if (kept.isEmpty()) {
            throw new BadInputException("too few clean measurements to fit any engine (" + Fitter.MIN_MEASUREMENTS + " per engine needed)");
        }
        return kept;
    }

    private static String factors(Map<String, Fitter.Profile> profiles) {
        TextTable table = new TextTable("engine", "profile", "measurements", "decode MBU", "attention MBU", "prefill MFU", "decode MFU",
                "step overhead ms", "layer overhead us", "prefill layer overhead us", "all-reduce latency us");
        for (Fitter.Profile p : profiles.values()) {
            row(table, p.engine(), "default", p.total(), p.base());
            p.byKey().forEach((key, eff) -> row(table, p.engine(), key, p.rows().get(key), eff));
        }
        StringBuilder out = new StringBuilder(table.render());
        for (Fitter.Profile p : profiles.values()) {
            p.base().prefillMfuByFormat().forEach((format, factor) -> out.append(String.format(java.util.Locale.ROOT,
                    "%s: %s prompts reach %s x the prefill MFU (every profile)%n", p.engine(), format, Numbers.fmt(factor))));
        }
        return out.toString();
    }

    private static void row(TextTable table, String engine, String key, int n, Efficiency e) {
        // "= decode" where the rows did not identify an attention MBU of its own (too few rows time the KV read).
        String attention = e.attentionMbu() > 0 ? Numbers.fmt(e.attentionMbu()) : "= decode";
        table.row(engine, key, n, Numbers.fmt(e.decodeMbu()), attention, Numbers.fmt(e.prefillMfu()), Numbers.fmt(e.decodeMfu()),
                Numbers.fmt(e.stepOverheadMs()), Numbers.fmt(e.layerOverheadUs()), Numbers.fmt(e.prefillLayerOverheadUs()), Numbers.fmt(e.allReduceLatencyUs()));
    }

    /** The measurements shipped with the catalog: measurements/*.csv, in name order. */
    static List<Path> shipped(Path catalogFolder) throws IOException {
        Path dir = catalogFolder.resolve("measurements");
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": no measurements folder; give MEASUREMENTS.csv files");
        }
        try (Stream<Path> list = Files.list(dir)) {
            // The serving-under-load file has its own columns and is cross-validated by --evaluate, not fitted here.
            return list.filter(p -> p.toString().endsWith(".csv") && !p.getFileName().toString().equals(LoadCsv.FILE_NAME)).sorted().toList();
        }
    }
}
