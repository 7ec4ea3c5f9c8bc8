package dev.infera.cli;

import dev.infera.advice.Advisor;
import dev.infera.plan.Candidate;
import dev.infera.rules.Findings;
import dev.infera.rules.RuleRun;
import dev.infera.physics.Estimator;
import dev.infera.plan.CandidateGenerator;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.function.ToIntFunction;

/**
 * {@code infera bench}: candidate evaluations per second on a fixed sweep, through the full path
 * (physics + rules + ranking, as sweeps run it) and through the physics alone (the ceiling).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Measure candidate evaluations per second: full path (physics + rules + ranking) and physics only.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    RulesOption rules;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "9", description = "Measured pairs of runs (full path, then physics only); medians are reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "4", description = "Unmeasured time first, for the JIT and Drools' constraint compiler (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--run-ms", paramLabel = "MS", defaultValue = "400", description = "Shortest measured run: the sweep is repeated until a run lasts this long (default: ${DEFAULT-VALUE}).")
    int runMs;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Worker threads (default: all cores).")
    int threads;

    /** The fixed sweep: 2 models x 2 kinds x 2 contexts x 2 loads on three GPUs = 16 scenarios. */
    static List<Scenario> fixedSweep() {
        List<Scenario> sweep = new ArrayList<>();
        for (String model : List.of("llama-3-70b", "qwen2.5-72b")) {
            for (String kind : List.of("chat", "rag")) {
                for (int context : new int[] {4096, 32768}) {
                    for (int users : new int[] {1, 32}) {
                        sweep.add(new ScenarioBuilder().model(model).kind(kind).context(context).users(users)
                                .gpus(List.of("h100-sxm-80g", "a100-sxm-80g", "l40s-48g")).build());
                    }
                }
            }
        }
        return sweep;
    }

    @Override
    public Integer call() throws Exception {
        Advisor advisor = new Advisor(common.catalog(), rules.load());
        CandidateGenerator generator = new CandidateGenerator(advisor.catalog(), new Estimator(advisor.catalog().assumptions()));
        List<Scenario> sweep = fixedSweep();
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        PrintWriter out = spec.commandLine().getOut();
        try {
            Path full = new Path(pool, sweep, s -> advisor.advise(s).candidates());
            Path physics = new Path(pool, sweep, s -> generator.generate(s).size());
            long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            while (System.nanoTime() < warmupEnd) {
                full.run(1);
                physics.run(1);
            }
            int fullRepeats = full.repeatsFor(runMs);
            int physicsRepeats = physics.repeatsFor(runMs);
            // Pairs, back to back: a noisy neighbour slows both halves of a pair alike, so the
            // median of the pairs' ratios is steadier than the ratio of the two medians.
            double[] fullRates = new double[runs];
            double[] physicsRates = new double[runs];
            double[] ratios = new double[runs];
            for (int run = 0; run < runs; run++) {
                fullRates[run] = full.run(fullRepeats);
                physicsRates[run] = physics.run(physicsRepeats);
                ratios[run] = physicsRates[run] / fullRates[run];
            }
            out.printf(Locale.ROOT, "fixed sweep: %d scenarios, %d threads, %.0f s warm-up, median of %d pairs of runs (each >= %d ms)%n",
                    sweep.size(), workers, warmupSeconds, runs, runMs);
            out.printf(Locale.ROOT, "full path (physics + rules + ranking): %,10.0f candidate evaluations/s (%s)%n",
                    median(fullRates), range(fullRates));
            out.printf(Locale.ROOT, "physics only (ceiling):                %,10.0f candidate evaluations/s (%s)%n",
                    median(physicsRates), range(physicsRates));
            out.printf(Locale.ROOT, "ratio physics/full:                    %10.2fx (median of pairs; %.2f-%.2fx)%n",
                    median(ratios), min(ratios), max(ratios));
            Stages stages = stages(advisor, generator, sweep, fullRepeats);
            out.printf(Locale.ROOT, "per candidate, one thread: generation + physics %.0f ns, rules %.0f ns, ranking %.0f ns%n",
                    stages.physicsNs(), stages.rulesNs(), stages.rankingNs());
        } finally {
            pool.shutdownNow();
        }
        return Main.OK;
    }

    /** One path through the sweep, run on the pool: evaluations per second over some repeats of the sweep. */
    private static final class Path {
        private final ExecutorService pool;
        private final List<Scenario> sweep;
        private final ToIntFunction<Scenario> evaluate;
        private double lastSeconds;
        private int lastRepeats;

        Path(ExecutorService pool, List<Scenario> sweep, ToIntFunction<Scenario> evaluate) {
            this.pool = pool;
            this.sweep = sweep;
            this.evaluate = evaluate;
        }

        double run(int repeats) throws Exception {
            long start = System.nanoTime();
            List<Future<Integer>> parts = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                for (Scenario s : sweep) {
                    parts.add(pool.submit(() -> evaluate.applyAsInt(s)));
                }
            }
            long evaluations = 0;
            for (Future<Integer> part : parts) {
                evaluations += part.get();
            }
            lastSeconds = (System.nanoTime() - start) / 1e9;
            lastRepeats = repeats;
            return evaluations / lastSeconds;
        }

        /** Repeats of the sweep that last at least {@code ms}, judged by the last run. */
        int repeatsFor(int ms) {
            double perRepeat = lastSeconds / lastRepeats;
            return Math.max(1, (int) Math.ceil(ms / 1000.0 / perRepeat));
        }
    }

    /** Where a candidate's time goes, in nanoseconds, single-threaded (after the warm-up). */
    record Stages(double physicsNs, double rulesNs, double rankingNs) {}

    private Stages stages(Advisor advisor, CandidateGenerator generator, List<Scenario> sweep, int repeats) {
        long physics = 0, rulesTime = 0, ranking = 0, candidates = 0;
        for (int run = 0; run < repeats; run++) {
            for (Scenario s : sweep) {
                long start = System.nanoTime();
                List<Candidate> generated = generator.generate(s);
                long generatedAt = System.nanoTime();
                Findings findings = RuleRun.run(advisor.rules(), s, generated);
                long firedAt = System.nanoTime();
                advisor.rank(s, generated, findings);
                long rankedAt = System.nanoTime();
                physics += generatedAt - start;
                rulesTime += firedAt - generatedAt;
                ranking += rankedAt - firedAt;
                candidates += generated.size();
            }
        }
        return new Stages((double) physics / candidates, (double) rulesTime / candidates, (double) ranking / candidates);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static String range(double[] rates) {
        return String.format(Locale.ROOT, "%,.0f-%,.0f", min(rates), max(rates));
    }
}
