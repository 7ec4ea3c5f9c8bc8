package dev.infera.advice;

import dev.infera.physics.Estimator;
import dev.infera.plan.Candidate;
import dev.infera.sim.LoadSpec;
import dev.infera.sim.Simulation;
import dev.infera.sim.Sla;
import dev.infera.workload.LatencyTarget;
import dev.infera.workload.Thresholds;
import dev.infera.workload.Workload;

import java.util.ArrayList;
import java.util.List;

/**
 * Percentile SLA targets at a request rate or a number of users (`advise --rate R --ttft 2000@p99`,
 * `advise --users N --tpot 30@p90`): the closed form screens
 * every candidate, the simulation decides the ones that matter. A screen ranks on the closed form (a
 * percentile target judged on the closed-form mean); then the top rows a reader sees, and any candidate
 * whose closed-form check lies within the screen's error of the target, are simulated at that load, and
 * the rules judge again with the simulated percentiles. Rows that newly reach the top are simulated in
 * turn, so every shown row is judged on its simulation. The screen's error is the candidate's own
 * error band where one is known (high side), else {@link #UNCALIBRATED_SCREEN_ERROR}.
 * Candidates outside it keep the closed-form judgement, and their messages say "closed-form mean, screened".
 */
final class SimulatedScreen {
    private SimulatedScreen() {}

    /** Rows simulated at the top of each ranking (a reader sees the first few; --all lists more unsimulated, marked). */
    static final int TOP_ROWS = 10;
    /** Most candidates near the SLA simulated beyond the top rows: bounds the cost of one advise. */
    static final int MAX_NEAR = 32;
    /**
     * Rounds of re-ranking after simulating newly shown rows: until every shown row is simulated, at most this many.
     * A simulated percentile is at least its mean, so simulating a row tends to move it down and lift an unsimulated
     * one; with prefix-cached, speculating and split twins beside every plain candidate, 8 rounds left shown rows
     * judged on their means (README's advise --rate example: 3 of 10). Each round costs one judging of every candidate
     * (about 0.1 s there); a row still unsimulated at the end shows "-" in the table's percentile column.
     */
    static final int MAX_ROUNDS = 40;
    /**
     * Screen error without an error band: the p99 of a latency under load is typically a few times its mean
     * (the simulation's own results, e.g. README's example: TTFT mean 65.8 ms, p99 189 ms), so a closed-form
     * mean within a factor of 3 of a percentile target is not decided by the closed form.
     */
    static final double UNCALIBRATED_SCREEN_ERROR = 2.0;

    interface Judge {
        Advice judge(List<Candidate> candidates);
    }

    /**
     * Whether a workload may ask for this: any load, a request rate (open loop) or users (a closed loop:
     * each user sends its next request when its last one ends); {@link #run} simulates only where a
     * target names a percentile, which the rules' thresholds settle.
     */
    static boolean applies(Workload w) {
        return w.requestsPerS() != null || w.users() >= 1;
    }

    /** What each simulation is sent: the workload's rate, else its users in a closed loop with no think time. */
    static LoadSpec load(Workload w) {
        return w.requestsPerS() != null ? LoadSpec.atRate(w.requestsPerS(), null)
                : new LoadSpec(Double.NaN, null, 1, w.users(), 0, null, dev.infera.sim.Load.DEFAULT_SEED);
    }

    /** Judges, simulates the rows that decide the answer, judges again; returns the last advice. */
    static Advice run(Workload w, List<Candidate> candidates, Estimator estimator, Judge judge) {
        Advice advice = judge.judge(candidates);
        Thresholds t = advice.thresholds();
        // The statistic comes from the workload's own target, else the thresholds table: known once the rules ran.
        if (t == null || !t.hasPercentileTarget()) {
            return advice;
        }
        Sla sla = new Sla(new LatencyTarget(t.ttftMs(), t.ttftPercentile()), new LatencyTarget(t.tpotMs(), t.tpotPercentile()));
        LoadSpec load = load(w);
        List<Candidate> near = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.isSupported() && c.isFits() && nearTarget(c, t)) {
                near.add(c);
            }
        }
        // Nearest the target first: the closed form is least sure of those.
        near.sort(java.util.Comparator.comparingDouble((Candidate c) -> Math.abs(Math.max(
                t.ttftPercentile() != null ? c.getTtftMs() / t.ttftMs() : 0, t.tpotPercentile() != null ? c.getTpotMs() / t.tpotMs() : 0) - 1)));
        int simulatedNow = simulate(near.subList(0, Math.min(MAX_NEAR, near.size())), estimator, load, sla, t, w);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            // The rows a reader sees: the best of each of the first TOP_ROWS architectures (variants fold into them).
            List<Candidate> top = new ArrayList<>();
            java.util.Set<String> architectures = new java.util.HashSet<>();
            for (int i = 0; i < advice.ranked().size() && architectures.size() < TOP_ROWS; i++) {
                Candidate c = advice.ranked().get(i).candidate();
                if (architectures.add(c.architectureKey())) {
                    top.add(c);
                }
            }
            simulatedNow += simulate(top, estimator, load, sla, t, w);
            if (simulatedNow == 0) {
                break;
            }
            advice = judge.judge(candidates);
            simulatedNow = 0;
        }
        return advice;
    }

    private static int simulate(List<Candidate> candidates, Estimator estimator, LoadSpec load, Sla sla, Thresholds t, Workload w) {
        int n = 0;
        for (Candidate c : candidates) {
            // A split is simulated whole (its x prefill and y decode workers) and sized by simulation among its neighbouring
            // ratios (SplitSizing) unless the scenario states its shape; a speculating replica is simulated with its drafts.
            if (!c.isSimulated() && c.isSupported() && c.isFits()) {
                if (c.isDisaggregated()) {
                    SplitSizing.simulateAndSize(c, estimator, load, sla, t, w.disaggregate() == null);
                } else {
                    c.simulated(Simulation.run(c.deployment(), estimator, load, sla, false));
                }
                n++;
            }
        }
        return n;
    }

    /**
     * The closed form cannot decide a percentile target: closed-form mean <= target x (1 + e). Above it the
     * percentile misses too (p90 and p99 are at least the mean); at or below it the percentile may miss.
     */
    private static boolean nearTarget(Candidate c, Thresholds t) {
        return (t.ttftPercentile() != null && c.getTtftMs() <= t.ttftMs() * (1 + error(c.getTtftBandHigh())))
                || (t.tpotPercentile() != null && c.getTpotMs() <= t.tpotMs() * (1 + error(c.getTpotBandHigh())));
    }

    private static double error(double bandHigh) {
        return Double.isNaN(bandHigh) ? UNCALIBRATED_SCREEN_ERROR : Math.max(bandHigh, 0);
    }
}
