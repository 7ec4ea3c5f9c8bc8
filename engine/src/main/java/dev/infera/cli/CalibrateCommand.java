package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.calibrate.AccuracyTable;
import dev.infera.calibrate.Aliases;
import dev.infera.calibrate.CrossValidation;
import dev.infera.calibrate.ErrorStats;
import dev.infera.calibrate.Fitter;
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

    @Option(names = "--evaluate", description = "Leave-one-GPU-out cross-validation instead of a fit: fit on all GPUs but one, predict that one; with -o, writes the error bands per engine and GPU family (catalog/error-bands.yaml is the one estimates use).")
    boolean evaluate;

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
        List<MeasurementCsv.Result> results = new ArrayList<>();
        List<Measurement> rows = new ArrayList<>();
        for (Path file : files.isEmpty() ? shipped(folder) : files) {
            MeasurementCsv.Result result = MeasurementCsv.read(file, priors, Aliases.load(folder), engine);
            result.problems().forEach(err::println);
            if (result.usedRows() == 0) {
                throw new BadInputException(file + ": no usable rows (" + result.droppedRows() + " dropped)");
            }
            out.printf("%s: %d rows, %d used, %d dropped%n", result.file(), result.dataRows(), result.usedRows(), result.droppedRows());
            results.add(result);
            rows.addAll(result.measurements());
        }
        rows = fittable(rows, err);
        Fitter fitter = new Fitter(new Estimator(priors.assumptions()));
        if (evaluate) {
            return evaluate(rows, fitter, out, folder);
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
        TextTable table = new TextTable("engine", "profile", "measurements", "decode MBU", "prefill MFU", "decode MFU", "step overhead ms");
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
        table.row(engine, key, n, Numbers.fmt(e.decodeMbu()), Numbers.fmt(e.prefillMfu()), Numbers.fmt(e.decodeMfu()),
                Numbers.fmt(e.stepOverheadMs()));
    }

    /** The measurements shipped with the catalog: measurements/*.csv, in name order. */
    static List<Path> shipped(Path catalogFolder) throws IOException {
        Path dir = catalogFolder.resolve("measurements");
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": no measurements folder; give MEASUREMENTS.csv files");
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
    }
}
