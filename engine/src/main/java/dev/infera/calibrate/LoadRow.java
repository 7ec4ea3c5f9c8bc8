package dev.infera.calibrate;

import dev.infera.catalog.Engine;
import dev.infera.catalog.EngineServing;
import dev.infera.physics.Deployment;
import dev.infera.sim.LoadSpec;
import dev.infera.sim.Simulation;

import java.util.Map;

/**
 * One row of a serving-under-load measurement file: the deployment, the load it was sent (a rate,
 * every request at once, or a concurrency), and what the page reports under that load.
 *
 * @param source    the row's source_id: one publication (one page, one method, one engine version); cross-validation folds by it
 * @param engine    the engine as reported ("trtllm (pytorch)"): engine id and backend, where the page names one
 * @param measured  published value per statistic, in the statistic's unit
 * @param settings  what the run set on its server where the page states it; the engine profile's elsewhere
 */
public record LoadRow(String file, int line, String source, String engine, Deployment deployment, LoadSpec load,
                      Map<Statistic, Double> measured, RunSettings settings) {

    /**
     * A run's server settings as its page states them (null: not stated, the engine profile's holds). The KV format a run
     * set (column kv_format) is part of the row's deployment instead.
     *
     * @param maxBatch          sequences run at once (column max_batch: vLLM's --max-num-seqs, TensorRT-LLM's max_batch_size)
     * @param maxTokensPerStep  tokens one step may carry (column max_tokens_per_step: --max-num-batched-tokens, max_num_tokens,
     *                          SGLang's --chunked-prefill-size)
     * @param schedulerSteps    decode steps per scheduler call (column scheduler_steps: vLLM's --num-scheduler-steps)
     */
    public record RunSettings(Integer maxBatch, Integer maxTokensPerStep, Integer schedulerSteps) {
        public static final RunSettings PROFILE = new RunSettings(null, null, null);

        EngineServing applyTo(EngineServing profile) {
            return profile.asRun(maxBatch != null ? maxBatch : profile.maxBatch(),
                    maxTokensPerStep != null ? maxTokensPerStep : profile.maxTokensPerStep(),
                    schedulerSteps != null ? schedulerSteps : profile.schedulerSteps());
        }
    }

    /** {@code profile} as this row's run configured it: the row's server settings where it states them, whichever efficiencies it has. */
    public Engine asRun(Engine profile) {
        return settings.equals(RunSettings.PROFILE) ? profile : profile.withServing(settings.applyTo(profile.serving()));
    }

    /** What a page publishes for a run, and the simulation's counterpart. */
    public enum Statistic {
        THROUGHPUT, TTFT_MEAN, TTFT_P50, TTFT_P90, TTFT_P99, TPOT_MEAN, TPOT_P50, TPOT_P90, TPOT_P99;

        /** "output throughput" (tokens/s over all GPUs), "mean TTFT", "median TPOT" (ms). */
        public String label() {
            if (this == THROUGHPUT) {
                return "output throughput";
            }
            String[] parts = name().split("_");
            return (parts[1].equals("MEAN") ? "mean" : parts[1].equals("P50") ? "median" : parts[1].toLowerCase()) + " " + parts[0];
        }

        /**
         * The simulated counterpart. Throughput = achieved requests/s x output tokens per request
         * (lengths are fixed per row); latencies are the simulated distributions' statistics.
         */
        public double of(Simulation.Result r, Deployment d) {
            return switch (this) {
                case THROUGHPUT -> r.achievedRequestsPerS() * d.outputTokens();
                case TTFT_MEAN -> r.replica().ttftMs().mean();
                case TTFT_P50 -> r.replica().ttftMs().p50();
                case TTFT_P90 -> r.replica().ttftMs().p90();
                case TTFT_P99 -> r.replica().ttftMs().p99();
                case TPOT_MEAN -> r.replica().tpotMs().mean();
                case TPOT_P50 -> r.replica().tpotMs().p50();
                case TPOT_P90 -> r.replica().tpotMs().p90();
                case TPOT_P99 -> r.replica().tpotMs().p99();
            };
        }
    }

    /** How the load was sent: the latency targets are for a request rate. */
    public enum Regime {
        RATE("at a rate"), ALL_AT_ONCE("all at once"), CONCURRENCY("at a concurrency");

        private final String label;

        Regime(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Regime regime() {
        if (load.closedLoop()) {
            return Regime.CONCURRENCY;
        }
        return load.allAtOnce() ? Regime.ALL_AT_ONCE : Regime.RATE;
    }

    public String where() {
        return file + ":" + line;
    }
}
