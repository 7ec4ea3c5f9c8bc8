package dev.infera.calibrate;

import dev.infera.text.TextTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/** Median and 90th-percentile absolute percentage errors per GPU and overall, as text tables. */
public final class AccuracyTable {
    private AccuracyTable() {}

    /** One row per GPU plus "overall"; per kind of measurement: rows, median and p90 error. */
    public static String byGpu(List<Prediction> predictions) {
        List<Measurement.Kind> kinds = kindsPresent(predictions);
        List<String> headers = new ArrayList<>(List.of("gpu"));
        for (Measurement.Kind kind : kinds) {
            headers.add(kind.label() + " n");
            headers.add("median");
            headers.add("p90");
        }
        TextTable table = new TextTable(headers.toArray(String[]::new));
        for (String gpu : gpus(predictions)) {
            table.row(cells(gpu, predictions, kinds, p -> p.measurement().gpuId().equals(gpu)).toArray());
        }
        table.row(cells("overall", predictions, kinds, p -> true).toArray());
        return table.render();
    }

    /** Before and after side by side: one row per GPU and kind, then overall per kind. */
    public static String beforeAfter(List<Prediction> before, List<Prediction> after) {
        TextTable table = new TextTable("gpu", "measurement", "n", "before median", "before p90", "after median", "after p90");
        List<Measurement.Kind> kinds = kindsPresent(after);
        for (String gpu : gpus(after)) {
            for (Measurement.Kind kind : kinds) {
                Predicate<Prediction> which = p -> p.measurement().gpuId().equals(gpu) && p.measurement().kind() == kind;
                addBeforeAfter(table, gpu, kind, before, after, which);
            }
        }
        for (Measurement.Kind kind : kinds) {
            addBeforeAfter(table, "overall", kind, before, after, p -> p.measurement().kind() == kind);
        }
        return table.render();
    }

    private static void addBeforeAfter(TextTable table, String gpu, Measurement.Kind kind, List<Prediction> before,
                                       List<Prediction> after, Predicate<Prediction> which) {
        ErrorStats b = stats(before, which);
        ErrorStats a = stats(after, which);
        if (a.n() > 0) {
            table.row(gpu, kind.label(), a.n(), pct(b.median()), pct(b.p90()), pct(a.median()), pct(a.p90()));
        }
    }

    public static ErrorStats stats(List<Prediction> predictions, Predicate<Prediction> which) {
        return ErrorStats.of(predictions.stream().filter(which).map(Prediction::ape).toList());
    }

    public static Map<Measurement.Kind, ErrorStats> overall(List<Prediction> predictions) {
        Map<Measurement.Kind, ErrorStats> out = new java.util.EnumMap<>(Measurement.Kind.class);
        for (Measurement.Kind kind : kindsPresent(predictions)) {
            out.put(kind, stats(predictions, p -> p.measurement().kind() == kind));
        }
        return out;
    }

    private static List<Object> cells(String label, List<Prediction> predictions, List<Measurement.Kind> kinds,
                                      Predicate<Prediction> which) {
        List<Object> cells = new ArrayList<>(List.of(label));
        for (Measurement.Kind kind : kinds) {
            ErrorStats s = stats(predictions, which.and(p -> p.measurement().kind() == kind));
            cells.add(s.n() == 0 ? "" : s.n());
            cells.add(s.n() == 0 ? "" : pct(s.median()));
            cells.add(s.n() == 0 ? "" : pct(s.p90()));
        }
        return cells;
    }

    private static List<Measurement.Kind> kindsPresent(List<Prediction> predictions) {
        return java.util.Arrays.stream(Measurement.Kind.values())
                .filter(k -> predictions.stream().anyMatch(p -> p.measurement().kind() == k)).toList();
    }

    private static List<String> gpus(List<Prediction> predictions) {
        return Fitter.gpus(predictions.stream().map(Prediction::measurement).toList());
    }

    /** 12.3% (one decimal: targets are read against it). */
    public static String pct(double fraction) {
        return Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** "+15.0%", "-8.0%". */
    public static String signedPct(double fraction) {
        return Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
    }
}
