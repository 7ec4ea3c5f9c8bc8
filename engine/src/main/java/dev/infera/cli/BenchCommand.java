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

    @Option(names = "--runs", paramLabel = "N", defaultValue = "7", description = "Measured runs; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "15", description = "Unmeasured runs first, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

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
            double full = median(pool, sweep, s -> advisor.advise(s).candidates());
            double physics = median(pool, sweep, s -> generator.generate(s).size());
            out.printf(Locale.ROOT, "fixed sweep: %d scenarios, %d threads, median of %d runs after %d warm-up%n",
                    sweep.size(), workers, runs, warmup);
            out.printf(Locale.ROOT, "full path (physics + rules + ranking): %,10.0f candidate evaluations/s%n", full);
            out.printf(Locale.ROOT, "physics only (ceiling):                %,10.0f candidate evaluations/s%n", physics);
            out.printf(Locale.ROOT, "ratio physics/full:                    %10.2fx%n", physics / full);
            Stages stages = stages(advisor, generator, sweep);
            out.printf(Locale.ROOT, "per candidate, one thread: generation + physics %.0f ns, rules %.0f ns, ranking %.0f ns%n",
                    stages.physicsNs(), stages.rulesNs(), stages.rankingNs());
        } finally {
            pool.shutdownNow();
        }
        return Main.OK;
    }

    /** Where a candidate's time goes, in nanoseconds, single-threaded (the warm-up runs are not counted). */
    record Stages(double physicsNs, double rulesNs, double rankingNs) {}

    private Stages stages(Advisor advisor, CandidateGenerator generator, List<Scenario> sweep) {
        long physics = 0, rulesTime = 0, ranking = 0, candidates = 0;
        for (int run = -warmup; run < runs; run++) {
            for (Scenario s : sweep) {
                long start = System.nanoTime();
                List<Candidate> generated = generator.generate(s);
                long generatedAt = System.nanoTime();
                Findings findings = RuleRun.run(advisor.rules(), s, generated);
                long firedAt = System.nanoTime();
                advisor.rank(s, generated, findings);
                long rankedAt = System.nanoTime();
                if (run >= 0) {
                    physics += generatedAt - start;
                    rulesTime += firedAt - generatedAt;
                    ranking += rankedAt - firedAt;
                    candidates += generated.size();
                }
            }
        }
        return new Stages((double) physics / candidates, (double) rulesTime / candidates, (double) ranking / candidates);
    }

    /** Evaluations per second of the median run. */
    private double median(ExecutorService pool, List<Scenario> sweep, ToIntFunction<Scenario> evaluate) throws Exception {
        double[] rates = new double[runs];
        for (int run = -warmup; run < runs; run++) {
            long start = System.nanoTime();
            List<Future<Integer>> parts = new ArrayList<>();
            for (Scenario s : sweep) {
                parts.add(pool.submit(() -> evaluate.applyAsInt(s)));
            }
            long evaluations = 0;
            for (Future<Integer> part : parts) {
                evaluations += part.get();
            }
            if (run >= 0) {
                rates[run] = evaluations / ((System.nanoTime() - start) / 1e9);
            }
        }
        Arrays.sort(rates);
        return rates[runs / 2];
    }
}
