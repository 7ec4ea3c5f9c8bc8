package dev.infera.calibrate;

import dev.infera.catalog.Engine;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimator;
import dev.infera.sim.Simulation;
import dev.infera.sim.Sla;
import dev.infera.text.TextTable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Serving under load, predicted: each {@link LoadRow} is simulated (sim/, the engine's scheduler with
 * step times from the physics) under the load the page states, and each published statistic is
 * compared with the simulation's. Leave-one-source-out: the efficiency factors are refitted without
 * the held-out source's rows, then that source is simulated with them.
 */
public final class LoadEvaluation {
    private LoadEvaluation() {}

    /** A published statistic of one row and the simulation's value under the same load. */
    public record Prediction(LoadRow row, LoadRow.Statistic statistic, double measured, double predicted, double meanRunning) {
        public double ape() {
            return ErrorStats.ape(predicted, measured);
        }

        /** predicted / measured - 1: negative where the simulation is slower (fewer tokens/s, or lower ms). */
        public double signed() {
            return predicted / measured - 1;
        }
    }

    /** What a fold fits on and what it predicts: every row of {@code source} is held out, nothing else. */
    public record Fold(String source, List<LoadRow> train, List<LoadRow> test) {}

    /**
     * Simulates every row with the engine {@code engineFor} gives it, as the row's run configured it ({@link LoadRow#asRun});
     * statistics the simulation cannot give (NaN) are left out.
     */
    public static List<Prediction> predict(List<LoadRow> rows, Function<LoadRow, Engine> engineFor, Estimator estimator) {
        List<List<Prediction>> each = rows.parallelStream().map(row -> {
            Deployment d = row.deployment().withEngine(row.asRun(engineFor.apply(row)));
            Simulation.Result r = Simulation.run(d, estimator, row.load(), Sla.NONE, false);
            List<Prediction> out = new ArrayList<>();
            row.measured().forEach((statistic, measured) -> {
                double predicted = statistic.of(r, d);
                if (Double.isFinite(predicted) && predicted > 0) {
                    out.add(new Prediction(row, statistic, measured, predicted, r.replica().meanRunning()));
                }
            });
            out.sort(java.util.Comparator.comparing(Prediction::statistic));
            return out;
        }).toList();
        return each.stream().flatMap(List::stream).toList();
    }

    /** One fold per source_id, in name order. */
    public static List<Fold> folds(List<LoadRow> rows) {
        List<Fold> out = new ArrayList<>();
        for (String source : new TreeSet<>(rows.stream().map(LoadRow::source).toList())) {
            out.add(new Fold(source, rows.stream().filter(r -> !r.source().equals(source)).toList(),
                    rows.stream().filter(r -> r.source().equals(source)).toList()));
        }
        return out;
    }

    /**
     * The rows the efficiency fit can use: each throughput row as a closed-form batched throughput per GPU
     * (what {@link Fitter} fits) at the batch its simulation kept running on average
     * ({@code baseline}'s meanRunning, rounded, per replica), since the closed form needs a batch and a
     * rate or an all-at-once run states none.
     */
    static List<Measurement> fitRows(List<LoadRow> train, Map<LoadRow, Double> meanRunning) {
        List<Measurement> out = new ArrayList<>();
        for (LoadRow row : train) {
            Double throughput = row.measured().get(LoadRow.Statistic.THROUGHPUT);
            Double running = meanRunning.get(row);
            if (throughput == null || running == null) {
                continue;
            }
            Deployment d = row.deployment().withEngine(row.asRun(row.deployment().engine())).withBatch(Math.max(1, (int) Math.round(running)));
            out.add(new Measurement(row.file(), row.line(), Measurement.Kind.THROUGHPUT, d, throughput / d.totalGpus()));
        }
        return out;
    }

    /**
     * Leave-one-source-out: for each source, fit the efficiency factors from engines.yaml's priors on
     * {@code others} (the older measurement files) and every other source's throughput rows, then
     * simulate the held-out source's rows. Engines with fewer than {@link Fitter#MIN_MEASUREMENTS}
     * fit rows keep their priors in that fold. {@code baseline} (predictions of the same rows with
     * profiles fitted on none of them) gives the batch each row ran at.
     */
    public static List<Prediction> leaveOneSourceOut(List<LoadRow> rows, List<Measurement> others, List<Prediction> baseline,
                                                     Fitter fitter, Estimator estimator) {
        Map<LoadRow, Double> running = new LinkedHashMap<>();
        baseline.forEach(p -> running.putIfAbsent(p.row(), p.meanRunning()));
        List<Fold> folds = folds(rows);
        List<List<Prediction>> out = IntStream.range(0, folds.size()).mapToObj(i -> {
            Fold fold = folds.get(i);
            List<Measurement> fit = fittable(fold.train(), others, running);
            Map<String, Fitter.Profile> profiles = fitter.fit(fit);
            Map<String, Set<String>> families = familiesByEngine(fit);
            return predict(fold.test(), row -> {
                Engine prior = row.deployment().engine();
                Fitter.Profile profile = profiles.get(prior.id());
                if (profile == null || !transfers(families.get(prior.id()), row)) {
                    return prior;
                }
                return profile.applyTo(prior, "fit without " + fold.source());
            }, estimator);
        }).toList();
        return out.stream().flatMap(List::stream).toList();
    }

    /** The GPU families, with their vendor ("AMD:cdna3-hbm", "NVIDIA:hopper-hbm"), each engine's fit rows were measured on. */
    static Map<String, Set<String>> familiesByEngine(List<Measurement> fit) {
        Map<String, Set<String>> out = new TreeMap<>();
        fit.forEach(m -> out.computeIfAbsent(m.engineId(), k -> new TreeSet<>()).add(family(m.deployment())));
        return out;
    }

    /** "NVIDIA:hopper-hbm": the vendor, whose software stack (CUDA, ROCm) the engine's kernels run on, and the family. */
    static String family(Deployment d) {
        return d.gpu().vendor() + ":" + d.gpu().family() + "-" + d.gpu().memoryClass();
    }

    /**
     * Whether an engine's fit reaches {@code row}'s GPU. Rows from one GPU family cannot tell the engine's
     * own efficiency from that family's software, and rows on one vendor's GPUs say nothing of the engine on another
     * vendor's (ROCm kernels on MI300X, CUDA ones on an H100): a fit reaches the row's family where its rows include it,
     * or two or more families of the row's vendor (then engine-wide factors, as {@link Fitter} intends); else the row
     * keeps the engine's priors.
     */
    static boolean transfers(Set<String> families, LoadRow row) {
        if (families == null) {
            return false;
        }
        String own = family(row.deployment());
        String vendor = own.substring(0, own.indexOf(':') + 1);
        return families.contains(own) || families.stream().filter(f -> f.startsWith(vendor)).count() > 1;
    }

    /** The fold's fit rows, per engine, where an engine has enough of them; older files count only for engines the new rows have. */
    static List<Measurement> fittable(List<LoadRow> train, List<Measurement> others, Map<LoadRow, Double> running) {
        List<Measurement> load = fitRows(train, running);
        TreeSet<String> engines = new TreeSet<>(load.stream().map(Measurement::engineId).toList());
        List<Measurement> all = new ArrayList<>(load);
        others.stream().filter(m -> engines.contains(m.engineId())).forEach(all::add);
        Map<String, Long> counts = new TreeMap<>();
        all.forEach(m -> counts.merge(m.engineId(), 1L, Long::sum));
        return all.stream().filter(m -> counts.get(m.engineId()) >= Fitter.MIN_MEASUREMENTS).toList();
    }

    /** A statistic under one regime ("mean TTFT at a rate"); throughput is one quantity over every regime. */
    record Quantity(LoadRow.Statistic statistic, LoadRow.Regime regime) implements Comparable<Quantity> {
        static Quantity of(Prediction p) {
            return new Quantity(p.statistic(), p.statistic() == LoadRow.Statistic.THROUGHPUT ? null : p.row().regime());
        }

        String label() {
            return regime == null ? "serving throughput" : statistic.label() + " " + regime.label();
        }

        @Override
        public int compareTo(Quantity o) {
            int c = statistic.compareTo(o.statistic);
            return c != 0 ? c : Integer.compare(regime == null ? -1 : regime.ordinal(), o.regime == null ? -1 : o.regime.ordinal());
        }
    }

    /**
     * One line per engine and quantity, then overall per quantity: rows, and the median and 90th
     * percentile absolute error of {@code shipped} (profiles fitted on none of these rows) and of
     * {@code held} (leave-one-source-out).
     */
    public static String table(List<Prediction> shipped, List<Prediction> held) {
        TextTable table = new TextTable("engine", "quantity", "n", "shipped median", "shipped p90", "held-out median", "held-out p90");
        TreeSet<String> engines = new TreeSet<>(held.stream().map(p -> p.row().engine()).toList());
        TreeSet<Quantity> quantities = new TreeSet<>(held.stream().map(Quantity::of).toList());
        for (String engine : engines) {
            for (Quantity q : quantities) {
                line(table, engine, q, shipped, held, p -> p.row().engine().equals(engine));
            }
        }
        for (Quantity q : quantities) {
            line(table, "overall", q, shipped, held, p -> true);
        }
        return table.render();
    }

    private static void line(TextTable table, String engine, Quantity q, List<Prediction> shipped, List<Prediction> held,
                             Predicate<Prediction> which) {
        Predicate<Prediction> of = which.and(p -> Quantity.of(p).equals(q));
        ErrorStats s = stats(shipped, of);
        ErrorStats h = stats(held, of);
        if (h.n() > 0) {
            table.row(engine, q.label(), h.n(), AccuracyTable.pct(s.median()), AccuracyTable.pct(s.p90()),
                    AccuracyTable.pct(h.median()), AccuracyTable.pct(h.p90()));
        }
    }

    /** Per source and quantity: rows, held-out median and p90 error, and the median of predicted / measured - 1 (the bias). */
    public static String bySource(List<Prediction> held) {
        TextTable table = new TextTable("source", "engine", "quantity", "n", "median", "p90", "median bias");
        Map<String, List<Prediction>> bySource = new TreeMap<>();
        held.forEach(p -> bySource.computeIfAbsent(p.row().source(), k -> new ArrayList<>()).add(p));
        bySource.forEach((source, ps) -> {
            String engines = String.join(", ", new TreeSet<>(ps.stream().map(p -> p.row().engine()).toList()));
            for (Quantity q : new TreeSet<>(ps.stream().map(Quantity::of).toList())) {
                List<Prediction> of = ps.stream().filter(p -> Quantity.of(p).equals(q)).toList();
                ErrorStats s = stats(of, p -> true);
                double bias = ErrorStats.percentile(of.stream().mapToDouble(Prediction::signed).sorted().toArray(), 0.5);
                table.row(source, engines, q.label(), s.n(), AccuracyTable.pct(s.median()), AccuracyTable.pct(s.p90()),
                        AccuracyTable.signedPct(bias));
            }
        });
        return table.render();
    }

    /** The {@code count} largest held-out errors, largest first (ties by file and line): where the physics misses most. */
    public static String largest(List<Prediction> held, int count) {
        TextTable table = new TextTable("row", "source", "engine", "model", "gpu x n", "load", "quantity", "measured", "predicted", "error");
        held.stream().sorted(java.util.Comparator.comparingDouble(Prediction::ape).reversed()
                        .thenComparing(p -> p.row().file()).thenComparingInt(p -> p.row().line()))
                .limit(count).forEach(p -> {
                    LoadRow r = p.row();
                    Deployment d = r.deployment();
                    table.row(r.where(), r.source(), r.engine(), d.model().id(), d.gpu().id() + " x " + d.totalGpus(),
                            r.load().describe() + ", " + d.inputTokens() + "/" + d.outputTokens(), p.statistic().label(),
                            dev.infera.text.Numbers.fmt(p.measured()), dev.infera.text.Numbers.fmt(p.predicted()),
                            AccuracyTable.signedPct(p.signed()));
                });
        return table.render();
    }

    /** Columns of {@link #predictionsCsv}: one line per row and published statistic. */
    public static final List<String> PREDICTION_COLUMNS = List.of("row", "source_id", "engine", "model", "gpu", "gpu_count", "tp",
            "load", "input_tokens", "output_tokens", "statistic", "measured", "shipped", "held_out", "held_out_error");

    /**
     * Every published statistic with what the shipped profiles and the held-out refit predict for it (held_out_error =
     * held-out / measured - 1), rows in file order: the table behind every median and p90 printed, for a reader to sort.
     */
    public static String predictionsCsv(List<Prediction> shipped, List<Prediction> held) {
        Map<List<Object>, Prediction> heldByKey = new LinkedHashMap<>();
        held.forEach(p -> heldByKey.put(List.of(p.row().where(), p.statistic()), p));
        StringBuilder out = new StringBuilder(dev.infera.text.Csv.line(PREDICTION_COLUMNS)).append('\n');
        shipped.stream().sorted(java.util.Comparator.comparing((Prediction p) -> p.row().file()).thenComparingInt(p -> p.row().line())
                .thenComparing(Prediction::statistic)).forEach(p -> {
            LoadRow r = p.row();
            Deployment d = r.deployment();
            Prediction h = heldByKey.get(List.of(r.where(), p.statistic()));
            out.append(dev.infera.text.Csv.line(List.of(r.where(), r.source(), r.engine(), d.model().id(), d.gpu().id(), d.totalGpus(),
                    d.tensorParallel(), r.load().describe(), d.inputTokens(), d.outputTokens(), p.statistic().label(), num(p.measured()),
                    num(p.predicted()), h == null ? "" : num(h.predicted()), h == null ? "" : String.format(Locale.ROOT, "%.4f", h.signed()))))
                    .append('\n');
        });
        return out.toString();
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }

    /** The targets, judged on the held-out predictions: one line each, "met" or "NOT met". */
    public static List<String> targets(List<Prediction> held) {
        List<String> out = new ArrayList<>();
        out.add(target(held, "serving throughput", p -> p.statistic() == LoadRow.Statistic.THROUGHPUT, 0.15, 0.35));
        out.add(target(held, "mean TTFT at a rate", atRate(LoadRow.Statistic.TTFT_MEAN), 0.20, Double.NaN));
        out.add(target(held, "mean TPOT at a rate", atRate(LoadRow.Statistic.TPOT_MEAN), 0.20, Double.NaN));
        out.add(reported(held, "p99 TTFT at a rate", atRate(LoadRow.Statistic.TTFT_P99)));
        out.add(reported(held, "p90 TPOT at a rate", atRate(LoadRow.Statistic.TPOT_P90)));
        return out;
    }

    /** A quantity the issue asks to report but sets no target for (p99 TTFT at a rate): its held-out error, judged by nothing. */
    private static String reported(List<Prediction> held, String what, Predicate<Prediction> which) {
        ErrorStats s = stats(held, which);
        if (s.n() == 0) {
            return String.format(Locale.ROOT, "reported %s (no target named): no row publishes it", what);
        }
        return String.format(Locale.ROOT, "reported %s (no target named): n %d, median %s, p90 %s", what, s.n(),
                AccuracyTable.pct(s.median()), AccuracyTable.pct(s.p90()));
    }

    private static Predicate<Prediction> atRate(LoadRow.Statistic statistic) {
        return p -> p.statistic() == statistic && p.row().regime() == LoadRow.Regime.RATE;
    }

    private static String target(List<Prediction> held, String what, Predicate<Prediction> which, double median, double p90) {
        ErrorStats s = stats(held, which);
        String goal = "median <= " + AccuracyTable.pct(median) + (Double.isNaN(p90) ? "" : ", p90 <= " + AccuracyTable.pct(p90));
        if (s.n() == 0) {
            return String.format(Locale.ROOT, "target %s: %s -> no row publishes it: NOT met (not measured)", what, goal);
        }
        boolean met = s.median() <= median && (Double.isNaN(p90) || s.p90() <= p90);
        return String.format(Locale.ROOT, "target %s: %s -> n %d, median %s, p90 %s: %s", what, goal, s.n(),
                AccuracyTable.pct(s.median()), AccuracyTable.pct(s.p90()), met ? "met" : "NOT met");
    }

    static ErrorStats stats(List<Prediction> predictions, Predicate<Prediction> which) {
        return ErrorStats.of(predictions.stream().filter(which).map(Prediction::ape).toList());
    }

    /** Rows by source, for the header line: "trtllm-0.17-bench 72". */
    public static Map<String, Long> rowsBySource(List<LoadRow> rows) {
        Map<String, Long> out = new TreeMap<>();
        rows.forEach(r -> out.merge(r.source(), 1L, Long::sum));
        return out;
    }
}
