package dev.infera.cli;

import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.DisaggregatedDeployment;
import dev.infera.physics.Estimator;
import dev.infera.plan.DeploymentSpec;
import dev.infera.sim.DisaggregatedSimulation;
import dev.infera.sim.LoadSpec;
import dev.infera.sim.SimResult;
import dev.infera.sim.Simulation;
import dev.infera.sim.Sla;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * `infera bench`'s simulator figures: simulated requests per second of wall time, for three fixed loads (Poisson at 20
 * requests/s, 1792 + 256 tokens, a steady state of 1000 requests, seed 42, vLLM): a colocated replica (Llama-3-8B FP8 on one
 * H100), a speculating one (Llama-3.1-8B FP8 with its EAGLE-3 head, k = 3, a = 0.8, on one H100) and a 1P1D split
 * (Llama-3.1-8B FP8, one H100 per worker on an HGX board); median over runs after a warm-up each. One thread.
 */
final class SimulationBench {
    private SimulationBench() {}

    static final String LOAD = "llama-3-8b fp8 on 1x h100-sxm-80g (vllm), 1792 + 256 tokens, Poisson 20 requests/s, 1000 requests, seed 42";
    static final String SPECULATIVE = "llama-3.1-8b fp8 + eagle on 1x h100-sxm-80g (vllm), same load";
    static final String SPLIT = "llama-3.1-8b fp8 1P1D on hgx-h100-8gpu (vllm), same load";

    static void run(Catalog catalog, int runs, double warmupSeconds, PrintWriter out) {
        Estimator estimator = new Estimator(catalog.assumptions());
        LoadSpec load = LoadSpec.atRate(20, null);
        Deployment d = new DeploymentSpec("llama-3-8b", "h100-sxm-80g", 1, 1, 1, "fp8", null, "vllm", 1, 1792, 256).resolve(catalog);
        measure("simulator", LOAD, runs, warmupSeconds, out, () -> Simulation.run(d, estimator, load, Sla.NONE, false).replica());
        Deployment target = new DeploymentSpec("llama-3.1-8b", "h100-sxm-80g", 1, 1, 1, "fp8", null, "vllm", 1, 1792, 256).resolve(catalog);
        Deployment speculating = target.withSpeculator(catalog.speculator(target.model(), "eagle"));
        measure("speculative", SPECULATIVE, runs, warmupSeconds, out, () -> Simulation.run(speculating, estimator, load, Sla.NONE, false).replica());
        Deployment worker = new DeploymentSpec("llama-3.1-8b", "hgx-h100-8gpu", 1, 1, 1, "fp8", null, "vllm", 1, 1792, 256).resolve(catalog);
        DisaggregatedDeployment split = new DisaggregatedDeployment(worker, worker, DisaggregatedDeployment.defaultLink(worker, worker));
        measure("split", SPLIT, runs, warmupSeconds, out, () -> DisaggregatedSimulation.run(split, estimator, load, Sla.NONE).split());
    }

    /** Runs {@code simulation} for {@code warmupSeconds}, then {@code runs} times, and prints the median rate. */
    private static void measure(String name, String what, int runs, double warmupSeconds, PrintWriter out, Supplier<SimResult> simulation) {
        long until = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < until) {
            simulation.get();
        }
        double[] rates = new double[runs];
        double[] ms = new double[runs];
        int requests = 0;
        long steps = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            SimResult r = simulation.get();
            double seconds = (System.nanoTime() - start) / 1e9;
            requests = r.completed() + r.rejected();
            steps = r.steps();
            rates[i] = requests / seconds;
            ms[i] = seconds * 1000;
        }
        Arrays.sort(rates);
        Arrays.sort(ms);
        out.printf(Locale.ROOT, "%s (%s, one thread): %,10.0f simulated requests/s (median of %d runs: %.1f ms per run of %d requests, %,d steps)%n",
                name, what, rates[runs / 2], runs, ms[runs / 2], requests, steps);
    }
}
