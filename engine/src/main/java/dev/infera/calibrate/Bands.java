package dev.infera.calibrate;

import dev.infera.catalog.ErrorBand;
import dev.infera.catalog.ErrorBands;
import dev.infera.text.AtomicFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The error bands of the estimates, from leave-one-GPU-out predictions: for each engine, GPU family
 * and quantity, the 5th and 95th percentiles of the truth relative to the estimate (measured /
 * estimated - 1 in the estimate's own terms: a decode speed of tokens/s is a TPOT, a prompt speed a
 * TTFT, a batched throughput at its fixed batch both a throughput and a TPOT). {@code infera calibrate --evaluate -o catalog/error-bands.yaml} writes them; the catalog
 * reads them into every estimate's band.
 */
public final class Bands {
    /** A family's own band needs this many rows; with fewer, the engine's band over all families serves it. */
    static final int MIN_ROWS = 3;

    private Bands() {}

    /** The quantity of the estimate a measurement checks. */
    static ErrorBand.Quantity quantity(Measurement.Kind kind) {
        return switch (kind) {
            case DECODE_BATCH1, TPOT -> ErrorBand.Quantity.TPOT;
            case PREFILL, TTFT -> ErrorBand.Quantity.TTFT;
            case THROUGHPUT -> ErrorBand.Quantity.THROUGHPUT;
        };
    }

    /** Truth over estimate - 1 in the estimate's terms: speeds (tokens/s) of a latency invert (measured TPOT / estimated TPOT = estimated speed / measured speed). */
    static double error(Prediction p) {
        double measured = p.measurement().measured();
        return switch (p.measurement().kind()) {
            case DECODE_BATCH1, PREFILL -> p.predicted() / measured - 1;
            case TTFT, TPOT, THROUGHPUT -> measured / p.predicted() - 1;
        };
    }

    /** A band as the error-bands file lists it. */
    public record Row(String engine, String family, ErrorBand.Quantity quantity, ErrorBand band) {}

    /** The bands of each engine per family (with at least {@link #MIN_ROWS} rows) and over all its families. */
    public static List<Row> of(List<Prediction> predictions) {
        Map<String, List<Double>> byKey = new TreeMap<>();
        for (Prediction p : predictions) {
            add(byKey, p, quantity(p.measurement().kind()), error(p));
            if (p.measurement().kind() == Measurement.Kind.THROUGHPUT) {
                // At a fixed batch, throughput = batch / TPOT x replicas: its error is TPOT's, inverted.
                add(byKey, p, ErrorBand.Quantity.TPOT, p.predicted() / p.measurement().measured() - 1);
            }
        }
        List<Row> rows = new ArrayList<>();
        byKey.forEach((key, errors) -> {
            String[] parts = key.split("\\|");
            if (errors.size() < MIN_ROWS && !parts[1].equals(ErrorBands.ALL_FAMILIES)) {
                return;
            }
            double[] sorted = errors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            String where = parts[1].equals(ErrorBands.ALL_FAMILIES) ? "all GPU families" : parts[1];
            rows.add(new Row(parts[0], parts[1], ErrorBand.Quantity.of(parts[2]), new ErrorBand(ErrorStats.percentile(sorted, 0.05),
                    ErrorStats.percentile(sorted, 0.95), sorted.length, true,
                    "leave-one-GPU-out on " + sorted.length + " " + parts[0] + " measurements, " + where)));
        });
        return rows;
    }

    private static void add(Map<String, List<Double>> byKey, Prediction p, ErrorBand.Quantity q, double e) {
        String engine = p.measurement().engineId();
        byKey.computeIfAbsent(engine + "|" + ErrorBands.ALL_FAMILIES + "|" + q.id(), k -> new ArrayList<>()).add(e);
        byKey.computeIfAbsent(engine + "|" + p.measurement().deployment().gpu().family() + "|" + q.id(), k -> new ArrayList<>()).add(e);
    }

    /** Writes the bands file, atomically. */
    public static void write(Path target, List<Row> rows) {
        StringBuilder y = new StringBuilder("""
                # Written by `infera calibrate --evaluate -o catalog/error-bands.yaml`: the cross-validated error of
                # the estimates per engine, GPU family (gpus.yaml family; "*" = all of the engine's families) and
                # quantity. low/high: 5th and 95th percentiles of measured / estimated - 1, each GPU's rows predicted
                # with factors fitted on the other GPUs. Rerun the command rather than editing by hand.
                bands:
                """);
        for (Row r : rows) {
            y.append(String.format(Locale.ROOT, "  - {engine: %s, family: \"%s\", quantity: %s, n: %d, low: %.4f, high: %.4f, basis: \"%s\"}%n",
                    r.engine(), r.family(), r.quantity().id(), r.band().n(), r.band().low(), r.band().high(), r.band().basis()));
        }
        AtomicFile.write(target, writer -> writer.write(y.toString()));
    }

    /** The bands as a table: engine, family, quantity, rows, low, high. */
    public static String table(List<Row> rows) {
        dev.infera.text.TextTable t = new dev.infera.text.TextTable("engine", "family", "quantity", "n", "low (p5)", "high (p95)");
        for (Row r : rows) {
            t.row(r.engine(), r.family(), r.quantity().id(), r.band().n(), AccuracyTable.signedPct(r.band().low()), AccuracyTable.signedPct(r.band().high()));
        }
        return t.render();
    }
}
