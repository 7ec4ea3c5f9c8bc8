package dev.infera.calibrate;

import dev.infera.catalog.Efficiency;
import dev.infera.text.AtomicFile;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes engines.calibrated.yaml: the fitted efficiencies per engine and profile key, the files
 * they came from and the fit's error. CatalogLoader reads it back over engines.yaml.
 */
public final class Overlay {
    private Overlay() {}

    /** The overlay's name in a catalog folder, which estimates read over engines.yaml. */
    public static final String FILE_NAME = "engines.calibrated.yaml";

    public static void write(Path target, List<MeasurementCsv.Result> files, Map<String, Fitter.Profile> profiles,
                             List<Prediction> before, List<Prediction> after) {
        StringBuilder y = new StringBuilder();
        y.append("""
                # Written by `infera calibrate`: engine efficiency factors fitted to measurements. Rerun the
                # command rather than editing by hand. In the catalog folder, each engine listed here has its
                # efficiencies (default and byFamily) replaced by these; other engines keep engines.yaml's.
                # byFamily keys: <family>-<memory class> (ada-gddr) where a family had enough rows, else the
                # memory class (hbm, gddr); a GPU uses the most specific key present, else the default.
                # Errors are absolute percentage errors on the rows fitted (in-sample); the cross-validated
                # figures come from `infera calibrate --evaluate`.
                calibration:
                  files:
                """);
        for (MeasurementCsv.Result file : files) {
            y.append(String.format(Locale.ROOT, "    - {file: %s, rows: %d, used: %d, dropped: %d}%n",
                    file.file(), file.dataRows(), file.usedRows(), file.droppedRows()));
        }
        y.append("engines:\n");
        for (Fitter.Profile profile : profiles.values()) {
            List<Prediction> beforeOf = ofEngine(before, profile.engine());
            List<Prediction> afterOf = ofEngine(after, profile.engine());
            y.append("  - id: ").append(profile.engine()).append('\n');
            y.append("    calibratedOn: \"").append(note(profile)).append("\"\n");
            y.append("    efficiency: ").append(withShape(profile.base())).append(boundNote(Fitter.atBounds(profile.base()))).append('\n');
            if (!profile.byKey().isEmpty()) {
                y.append("    byFamily:\n");
                profile.byKey().forEach((key, eff) -> y.append("      ").append(key).append(": ").append(efficiency(eff))
                        .append("  # ").append(profile.rows().get(key)).append(" measurements").append(boundNote(Fitter.atBounds(eff))).append('\n'));
            }
            y.append("    error:\n");
            y.append("      before:\n").append(errors(beforeOf));
            y.append("      after:\n").append(errors(afterOf));
        }
        y.append(otherEngines(target, profiles.keySet()));
        AtomicFile.write(target, writer -> writer.write(y.toString()));
    }

    /**
     * The entries of an existing overlay at {@code target} for engines this fit does not cover, as they
     * were: fitting one engine's measurements keeps every other engine's fit.
     */
    private static String otherEngines(Path target, java.util.Set<String> fitted) {
        if (!java.nio.file.Files.isRegularFile(target)) {
            return "";
        }
        List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(target);
        } catch (java.io.IOException e) {
            throw new dev.infera.BadInputException(target + ": cannot read the existing overlay: " + e.getMessage());
        }
        StringBuilder kept = new StringBuilder();
        boolean inEngines = false;
        boolean keep = false;
        for (String line : lines) {
            if (!line.startsWith(" ")) {
                inEngines = line.startsWith("engines:");
                keep = false;
                continue;
            }
            if (inEngines && line.startsWith("  - id: ")) {
                keep = !fitted.contains(line.substring("  - id: ".length()).trim());
            }
            if (inEngines && keep) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString();
    }

    /** "decode_batch1_calibration.csv: 86 measurements" */
    public static String note(Fitter.Profile profile) {
        return String.join(", ", profile.files()) + ": " + profile.total() + " measurements";
    }

    private static List<Prediction> ofEngine(List<Prediction> predictions, String engine) {
        return predictions.stream().filter(p -> p.measurement().engineId().equals(engine)).toList();
    }

    private static String errors(List<Prediction> predictions) {
        StringBuilder out = new StringBuilder();
        AccuracyTable.overall(predictions).forEach((kind, s) -> out.append(String.format(Locale.ROOT,
                "        %s: {n: %d, medianPct: %.1f, p90Pct: %.1f}%n", kind.name().toLowerCase(Locale.ROOT), s.n(),
                s.median() * 100, s.p90() * 100)));
        return out.toString();
    }

    private static String efficiency(Efficiency e) {
        String attention = (e.attentionMbu() > 0 ? String.format(Locale.ROOT, ", attentionMbu: %.4f", e.attentionMbu()) : "")
                + (e.layerOverheadUs() > 0 ? String.format(Locale.ROOT, ", layerOverheadUs: %.2f", e.layerOverheadUs()) : "")
                + (e.prefillLayerOverheadUs() > 0 ? String.format(Locale.ROOT, ", prefillLayerOverheadUs: %.2f", e.prefillLayerOverheadUs()) : "");
        return String.format(Locale.ROOT, "{decodeMbu: %.4f, prefillMfu: %.4f, decodeMfu: %.4f, stepOverheadMs: %.4f, allReduceLatencyUs: %s%s}",
                e.decodeMbu(), e.prefillMfu(), e.decodeMfu(), e.stepOverheadMs(), strip(e.allReduceLatencyUs()), attention);
    }

    /** The base efficiency with its prefill shape; byFamily entries inherit the shape from it. */
    private static String withShape(Efficiency e) {
        String base = efficiency(e);
        StringBuilder shape = new StringBuilder();
        if (e.prefillHalfTokens() > 0) {
            shape.append(String.format(Locale.ROOT, ", prefillHalfTokens: %.1f", e.prefillHalfTokens()));
        }
        if (!e.prefillMfuByFormat().isEmpty()) {
            shape.append(", prefillMfuByFormat: {");
            shape.append(String.join(", ", new java.util.TreeMap<>(e.prefillMfuByFormat()).entrySet().stream()
                    .map(f -> String.format(Locale.ROOT, "%s: %.4f", f.getKey(), f.getValue())).toList()));
            shape.append('}');
        }
        return base.substring(0, base.length() - 1) + shape + "}";
    }

    private static String strip(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The comment that flags factors at a bound of the fit: not physical, the rows compensate for something. */
    private static String boundNote(List<String> atBounds) {
        return atBounds.isEmpty() ? "" : "  # AT BOUND, not physical: " + String.join(", ", atBounds) + "; check the rows or the physics";
    }
}
