package dev.infera.advice;

import dev.infera.physics.Deployment;
import dev.infera.physics.DisaggregatedDeployment;
import dev.infera.physics.DisaggregatedEstimate;
import dev.infera.physics.DisaggregatedEstimator;
import dev.infera.physics.Estimator;
import dev.infera.plan.Candidate;
import dev.infera.sim.DisaggregatedSimulation;
import dev.infera.sim.LoadSpec;
import dev.infera.sim.Sla;
import dev.infera.workload.Thresholds;

/**
 * Sizes a split by simulation (#16): the closed form chose x:y on means (M/D/1 per prefill worker, Little's law per decode
 * worker), but a percentile target is judged on the simulated tail, where a shared prefill queue and the decode batch's
 * spread put the best ratio elsewhere. For a split the screen simulates anyway, the same GPUs in the two neighbouring
 * ratios, (x - 1):(y + 1) and (x + 1):(y - 1), are simulated too, and the split keeps the one whose judged latencies meet
 * the targets with the most room: at most 3 simulations per split. A heterogeneous split is not re-sized: moving a worker
 * between its pools would change which GPUs are bought.
 */
final class SplitSizing {
    private SplitSizing() {}

    /** Most simulations one split costs: its own ratio and its two neighbours. */
    static final int MAX_SIMULATIONS = 3;

    /**
     * Simulates {@code c}'s split and, with {@code resize} (the scenario states no shape of its own), its neighbours; leaves
     * {@code c} with the best of them and its simulation.
     */
    static void simulateAndSize(Candidate c, Estimator estimator, LoadSpec load, Sla sla, Thresholds t, boolean resize) {
        DisaggregatedEstimator.DisaggregatedEstimateOf own = c.split();
        DisaggregatedSimulation.Result ownSim = DisaggregatedSimulation.run(own.deployment(), estimator, load, sla);
        DisaggregatedEstimator.DisaggregatedEstimateOf best = own;
        DisaggregatedSimulation.Result bestSim = ownSim;
        double bestLoad = loadOnTargets(own.estimate(), ownSim, t);
        if (resize && own.deployment().homogeneous()) {
            DisaggregatedEstimator splits = new DisaggregatedEstimator(estimator);
            int x = own.deployment().prefillWorkers();
            int y = own.deployment().decodeWorkers();
            for (int move : new int[] {-1, +1}) {
                DisaggregatedEstimator.DisaggregatedEstimateOf n = neighbour(own, x + move, y - move, splits);
                if (n == null) {
                    continue;
                }
                DisaggregatedSimulation.Result sim = DisaggregatedSimulation.run(n.deployment(), estimator, load, sla);
                double l = loadOnTargets(n.estimate(), sim, t);
                // Strictly more room: a tie keeps the closed form's choice.
                if (l < bestLoad) {
                    best = n;
                    bestSim = sim;
                    bestLoad = l;
                }
            }
        }
        c.resplit(best, bestSim);
    }

    /** The same workers split x:y at the rate {@code split} was sized to, or null where a pool would be empty or it does not fit. */
    static DisaggregatedEstimator.DisaggregatedEstimateOf neighbour(DisaggregatedEstimator.DisaggregatedEstimateOf split, int x, int y,
            DisaggregatedEstimator splits) {
        if (x < 1 || y < 1) {
            return null;
        }
        Deployment p = split.deployment().prefill().withReplicas(x);
        Deployment q = split.deployment().decode().withReplicas(y);
        DisaggregatedDeployment d = DisaggregatedDeployment.of(p, q);
        if (d.link() == null) {
            return null;
        }
        DisaggregatedEstimate e = splits.atRate(d, split.estimate().requestsPerS(), split.estimate().prefill().cost().price(),
                split.estimate().decode().cost().price());
        return e.fits() ? new DisaggregatedEstimator.DisaggregatedEstimateOf(d, e) : null;
    }

    /**
     * How close a split runs to its targets = max(judged TTFT / TTFT target, judged TPOT / TPOT target), judged as the rules
     * judge it (the simulated percentile a target names, else the closed-form mean); below 1 meets both, and the smaller the
     * more room. A simulation that rejected requests cannot carry the load: +infinity.
     */
    static double loadOnTargets(DisaggregatedEstimate e, DisaggregatedSimulation.Result sim, Thresholds t) {
        if (sim.split().rejected() > 0) {
            return Double.POSITIVE_INFINITY;
        }
        double ttft = t.ttftPercentile() != null ? sim.split().ttftMs().statistic(t.ttftPercentile()) : e.ttftMs();
        double tpot = t.tpotPercentile() != null ? sim.split().tpotMs().statistic(t.tpotPercentile()) : e.tpotMs();
        return Math.max(ttft / t.ttftMs(), tpot / t.tpotMs());
    }
}
