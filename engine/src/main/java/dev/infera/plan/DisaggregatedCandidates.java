package dev.infera.plan;

import dev.infera.catalog.Price;
import dev.infera.physics.Deployment;
import dev.infera.physics.DisaggregatedDeployment;
import dev.infera.physics.DisaggregatedEstimator;
import dev.infera.physics.Disaggregation;
import dev.infera.physics.Estimate;
import dev.infera.workload.ScenarioKind;
import dev.infera.workload.SplitShape;
import dev.infera.workload.Workload;

/**
 * Which colocated candidates also get a disaggregated twin (#16): the same replicas split into a prefill and a decode pool,
 * where the engine serves disaggregation (engines.yaml), the scenario has a load (a rate, or users), the replica is
 * tensor-parallel only and there are at least two of them. The split is the one that meets the targets with the most room
 * ({@link DisaggregatedEstimator#bestSplit}): the workload's own targets, else the colocated replicas' latencies (a split
 * that improves on colocation the most evenly). A prefix-cached {@code d} caches in its prefill pool only
 * ({@link DisaggregatedDeployment#of}); a speculating {@code d} runs its speculator in the decode pool only (the same).
 * Users are turned into the rate their colocated latencies give. A scenario
 * that states its shape ({@link Workload#disaggregate()}, xPyD) gets that split for every such candidate of x + y replicas
 * instead, and none with `disaggregate: none`.
 */
final class DisaggregatedCandidates {
    private DisaggregatedCandidates() {}

    /** The split of {@code d}'s replicas, or null where none is proposed. */
    static DisaggregatedEstimator.DisaggregatedEstimateOf split(Workload w, Deployment d, Estimate colocated, Price price, DisaggregatedEstimator estimator) {
        boolean loaded = w.requestsPerS() != null || w.users() > 0;
        SplitShape asked = w.disaggregate();
        if (asked != null && (asked.isNone() || asked.workers() != d.replicas())) {
            return null;
        }
        if (w.kind() == ScenarioKind.OFFLINE || !loaded || !d.engine().serving().disaggregates() || d.pipelineParallel() != 1
                || d.replicas() < 2 || !colocated.supported() || !colocated.fits()) {
            return null;
        }
        Deployment one = d.withReplicas(1);
        if (DisaggregatedDeployment.defaultLink(one, d.withReplicas(d.replicas() - 1)) == null) {
            return null;
        }
        double rate = rate(w, d, colocated);
        if (asked != null) {
            Deployment p = d.withReplicas(asked.prefillWorkers());
            Deployment q = d.withReplicas(asked.decodeWorkers());
            DisaggregatedDeployment shaped = DisaggregatedDeployment.of(p, q);
            return new DisaggregatedEstimator.DisaggregatedEstimateOf(shaped, estimator.atLoad(shaped, rate, closedLoopUsers(w), price, price));
        }
        double ttftTarget = w.ttftTargetMs() != null ? w.ttftTargetMs() : colocated.ttftMs();
        double tpotTarget = w.tpotTargetMs() != null ? w.tpotTargetMs() : colocated.tpotMs();
        return estimator.bestSplit(d, d.replicas(), rate, closedLoopUsers(w), ttftTarget, tpotTarget, price);
    }

    /** N where the workload is N users in a closed loop (their rate adapts to the latencies), 0 where it states a rate. */
    private static int closedLoopUsers(Workload w) {
        return w.requestsPerS() != null ? 0 : w.users();
    }


    /** The rate the split is sized to: the workload's, else what its users send at the colocated latencies = N / (TTFT + output x TPOT). */
    private static double rate(Workload w, Deployment d, Estimate colocated) {
        return w.requestsPerS() != null ? w.requestsPerS()
                : Disaggregation.closedLoopRequestsPerS(w.users(), colocated.ttftMs() / 1000, d.outputTokens(), colocated.tpotMs() / 1000);
    }

    /**
     * Heterogeneous pools (Splitwise): the same split with its decode workers on {@code decodeServer}'s GPU, same TP, count,
     * formats and speculator, the KV sent over the network between the two servers. Null where that GPU or the link cannot serve it.
     */
    static DisaggregatedEstimator.DisaggregatedEstimateOf decodeOn(Workload w, DisaggregatedEstimator.DisaggregatedEstimateOf split, Estimate colocated,
            dev.infera.catalog.Server decodeServer, Price prefillPrice, Price decodePrice, DisaggregatedEstimator estimator) {
        Deployment p = split.deployment().prefill();
        Deployment same = split.deployment().decode();
        Deployment q = new Deployment(same.model(), decodeServer, same.tensorParallel(), 1, same.replicas(), same.weights(), same.kv(),
                same.engine(), 1, same.inputTokens(), same.outputTokens()).withSpeculator(same.speculator());
        var link = DisaggregatedDeployment.defaultLink(p, q);
        if (link == null || dev.infera.physics.Unsupported.of(q) != null) {
            return null;
        }
        DisaggregatedDeployment d = new DisaggregatedDeployment(p, q, link);
        var e = estimator.atLoad(d, rate(w, p, colocated), closedLoopUsers(w), prefillPrice, decodePrice);
        return e.fits() ? new DisaggregatedEstimator.DisaggregatedEstimateOf(d, e) : null;
    }
}
