package dev.infera.cli;

import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimator;
import dev.infera.plan.DeploymentSpec;
import dev.infera.sim.LoadSpec;
import dev.infera.sim.Simulation;
import dev.infera.sim.Sla;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;

/**
 * `infera bench`'s simulator figure: simulated requests per second of wall time, for one fixed load
 * (Llama-3-8B FP8 on one H100 under vLLM, 1792 + 256 tokens, Poisson at 20 requests/s, a steady state of
 * 1000 requests, seed 42), median over runs after a warm-up. One thread.
 */
final class SimulationBench {
    private SimulationBench() {}

    static final String LOAD = "llama-3-8b fp8 on 1x h100-sxm-80g (vllm), 1792 + 256 tokens, Poisson 20 requests/s, 1000 requests, seed 42";

    static void run(Catalog catalog, int runs, double warmupSeconds, PrintWriter out) {
        Estimator estimator = new Estimator(catalog.assumptions());
        Deployment d = new DeploymentSpec("llama-3-8b", "h100-sxm-80g", 1, 1, 1, "fp8", null, "vllm", 1, 1792, 256).resolve(catalog);
        LoadSpec load = LoadSpec.atRate(20, null);
        long until = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int requests = 0;
        long steps = 0;
        while (System.nanoTime() < until) {
            Simulation.run(d, estimator, load, Sla.NONE, false);
        }
        double[] rates = new double[runs];
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Simulation.Result r = Simulation.run(d, estimator, load, Sla.NONE, false);
            double seconds = (System.nanoTime() - start) / 1e9;
            requests = r.load().requests();
            steps = r.replica().steps();
            rates[i] = requests / seconds;
            ms[i] = seconds * 1000;
        }
        Arrays.sort(rates);
        Arrays.sort(ms);
        out.printf(Locale.ROOT, "simulator (%s, one thread): %,10.0f simulated requests/s (median of %d runs: %.1f ms per run of %d requests, %,d steps)%n",
                LOAD, rates[runs / 2], runs, ms[runs / 2], requests, steps);
    }
}
