package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.advice.Advice;
import dev.infera.advice.Advisor;
import dev.infera.advice.Recommendation;
import dev.infera.plan.Candidate;
import dev.infera.rules.RuleBase;
import dev.infera.rules.RuleRun;
import dev.infera.physics.Estimator;
import dev.infera.plan.CandidateGenerator;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import dev.infera.script.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
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
        header = "Measure candidate evaluations per second: full path (physics + rules + ranking) and physics only.",
        footerHeading = "%nExamples:%n",
        footer = {"  infera bench                # one JVM: a 4 s warm-up, then 9 pairs of runs",
                "  infera bench --forks 5 --network nodes --explain-all   # as one advise runs"})
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

    @Option(names = "--forks", paramLabel = "N", defaultValue = "1",
            description = "Fresh JVMs to measure in, one after another: the JIT compiles differently from one JVM to the next, so the medians over forks are the figures to quote (default: ${DEFAULT-VALUE}).")
    int forks;

    @Option(names = "--explain-all", description = "Explain every candidate (notes and warnings), as a single `infera advise` does; by default the "
            + "full path is a sweep's: every candidate judged, the rows a sweep keeps explained.")
    boolean explainAll;

    @Option(names = "--network", paramLabel = "KIND", defaultValue = "compiled",
            description = "The rules' alpha network: compiled (as `infera run` builds it for sweeps) or nodes (as a single `infera advise` does) (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(names = "--simulation", description = "Measure only the simulator: simulated requests per second of three fixed loads, colocated, speculative and split (no candidate sweep).")
    boolean simulationOnly;

    /** A fork reports to its parent in one line: the parent parses it. */
    @Option(names = "--result-line", hidden = true)
    boolean resultLine;

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

    private static final String RESULT = "bench-result";

    /** One measurement: medians over the pairs of runs, and the single-thread split by stage. */
    record Result(double full, double physics, double ratio, double physicsNs, double rulesNs, double rankingNs) {
        String line() {
            return String.format(Locale.ROOT, "%s %.1f %.1f %.4f %.1f %.1f %.1f", RESULT, full, physics, ratio, physicsNs, rulesNs, rankingNs);
        }

        static Result parse(String line) {
            String[] f = line.substring(RESULT.length()).trim().split(" ");
            return new Result(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]));
        }

        String summary() {
            return String.format(Locale.ROOT, "full %,.0f/s, physics %,.0f/s, ratio %.2fx; per candidate physics %.0f / rules %.0f / ranking %.0f ns",
                    full, physics, ratio, physicsNs, rulesNs, rankingNs);
        }
    }

    @Override
    public Integer call() throws Exception {
        rules.cacheCatalogOf(common);
        if (runs < 1 || forks < 1) {
            throw new BadInputException("--runs and --forks must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (simulationOnly) {
            SimulationBench.run(common.catalog(), runs, Math.min(warmupSeconds, 2), out);
            return Main.OK;
        }
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        List<Scenario> sweep = fixedSweep();
        RuleBase ruleBase = rules.load(network());
        String setup = String.format(Locale.ROOT, "fixed sweep: %d scenarios, %d threads, %.0f s warm-up, median of %d pairs of runs (each >= %d ms), %s alpha network, %s",
                sweep.size(), workers, warmupSeconds, runs, runMs, ruleBase.network().name().toLowerCase(Locale.ROOT),
                explainAll ? "every candidate explained" : "top " + shown().rows() + " explained per scenario");
        if (forks > 1) {
            // Bad input is said once, here (the rules were loaded above), rather than by every fork.
            common.catalog();
            out.println(setup + ", " + forks + " forks");
            List<Result> results = new ArrayList<>();
            for (int fork = 1; fork <= forks; fork++) {
                Result r = fork();
                results.add(r);
                out.printf(Locale.ROOT, "fork %d/%d: %s%n", fork, forks, r.summary());
                out.flush();
            }
            out.println("medians over forks:");
            print(out, new Result(medianOf(results, Result::full), medianOf(results, Result::physics), medianOf(results, Result::ratio),
                    medianOf(results, Result::physicsNs), medianOf(results, Result::rulesNs), medianOf(results, Result::rankingNs)));
            SimulationBench.run(common.catalog(), runs, Math.min(warmupSeconds, 2), out);
            return Main.OK;
        }
        Result result = measure(sweep, workers, ruleBase);
        if (resultLine) {
            out.println(result.line());
        } else {
            out.println(setup);
            print(out, result);
            SimulationBench.run(common.catalog(), runs, Math.min(warmupSeconds, 2), out);
        }
        return Main.OK;
    }

    private static void print(PrintWriter out, Result r) {
        out.printf(Locale.ROOT, "full path (physics + rules + ranking): %,10.0f candidate evaluations/s%n", r.full());
        out.printf(Locale.ROOT, "physics only (ceiling):                %,10.0f candidate evaluations/s%n", r.physics());
        out.printf(Locale.ROOT, "ratio physics/full:                    %10.2fx (median of back-to-back pairs)%n", r.ratio());
        out.printf(Locale.ROOT, "per candidate, one thread: generation + physics %.0f ns, rules %.0f ns, ranking %.0f ns%n",
                r.physicsNs(), r.rulesNs(), r.rankingNs());
    }

    /** Runs this benchmark in a fresh JVM with the same JVM options and reads its result line. */
    private Result fork() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench", "--result-line",
                "--runs", String.valueOf(runs), "--warmup", String.valueOf(warmupSeconds), "--run-ms", String.valueOf(runMs),
                "--threads", String.valueOf(threads), "--network", network, "--rules", rules.folder().toString(), "--catalog", common.catalogFolder().toString()));
        if (explainAll) {
            command.add("--explain-all");
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        return output.lines().filter(l -> l.startsWith(RESULT)).findFirst().map(Result::parse)
                .orElseThrow(() -> new BadInputException("bench fork exited " + exit + " without a result (its error is above)"));
    }

    /** The rows the full path explains: a sweep's default, or every candidate. */
    private Advisor.Shown shown() {
        return explainAll ? Advisor.Shown.ALL : new Advisor.Shown(SweepSpec.DEFAULT_TOP);
    }

    private RuleBase.Network network() {
        for (RuleBase.Network kind : RuleBase.Network.values()) {
            if (kind.name().equalsIgnoreCase(network)) {
                return kind;
            }
        }
        throw new BadInputException("--network must be compiled or nodes, not '" + network + "'");
    }

    private Result measure(List<Scenario> sweep, int workers, RuleBase ruleBase) throws Exception {
        Advisor advisor = new Advisor(common.catalog(), ruleBase);
        CandidateGenerator generator = new CandidateGenerator(advisor.catalog(), new Estimator(advisor.catalog().assumptions()));
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            Route full = new Route(pool, sweep, s -> advisor.advise(s, shown()).candidates());
            Route physics = new Route(pool, sweep, s -> generator.generate(s).size());
            long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            while (System.nanoTime() < warmupEnd) {
                full.run(1);
                physics.run(1);
                stages(advisor, generator, sweep, 1);
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
            Stages stages = stages(advisor, generator, sweep, fullRepeats);
            return new Result(median(fullRates), median(physicsRates), median(ratios), stages.physicsNs(), stages.rulesNs(), stages.rankingNs());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One path through the sweep, run on the pool: evaluations per second over some repeats of the sweep. */
    private static final class Route {
        private final ExecutorService pool;
        private final List<Scenario> sweep;
        private final ToIntFunction<Scenario> evaluate;
        private double lastSeconds;
        private int lastRepeats;

        Route(ExecutorService pool, List<Scenario> sweep, ToIntFunction<Scenario> evaluate) {
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
        long[] nanos = new long[4];
        for (int run = 0; run < repeats; run++) {
            for (Scenario s : sweep) {
                stage(advisor, generator, s, nanos);
            }
        }
        double candidates = nanos[3];
        return new Stages(nanos[0] / candidates, nanos[1] / candidates, nanos[2] / candidates);
    }

    /**
     * One scenario through the full path, each stage timed into {@code nanos} (physics, rules, ranking,
     * candidates). A method of its own, run in the warm-up too: the JIT compiles it as the paths it
     * times, not as a loop body replaced on the stack part way through.
     */
    private void stage(Advisor advisor, CandidateGenerator generator, Scenario s, long[] nanos) {
        long start = System.nanoTime();
        List<Candidate> generated = generator.generate(s);
        long generatedAt = System.nanoTime();
        long judgedAt, rankedAt;
        try (RuleRun session = RuleRun.judge(advisor.rules(), s, generated, explainAll, null)) {
            judgedAt = System.nanoTime();
            Advice advice = advisor.rank(s, generated, session.findings());
            rankedAt = System.nanoTime();
            if (!explainAll) {
                session.explain(advice.ranked().stream().limit(shown().rows()).map(Recommendation::candidate).toList());
            }
        }
        long firedAt = System.nanoTime();
        nanos[0] += generatedAt - start;
        nanos[1] += (judgedAt - generatedAt) + (firedAt - rankedAt);
        nanos[2] += rankedAt - judgedAt;
        nanos[3] += generated.size();
    }

    private static double medianOf(List<Result> results, java.util.function.ToDoubleFunction<Result> figure) {
        return median(results.stream().mapToDouble(figure).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
