package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;
import dev.infera.physics.Estimator;
import dev.infera.sim.Load;
import dev.infera.sim.LoadSpec;
import dev.infera.sim.Sla;
import dev.infera.workload.LatencyTarget;

/** The simulation flags of `infera estimate` turned into a load and an SLA, with one-line messages for bad values. */
final class SimulationOptions {
    private SimulationOptions() {}

    /** The load asked for, or null when neither --rate nor --users is given (then the other flags are errors). */
    static LoadSpec load(String rate, Integer requests, Double cv, Integer users, Double think, Long seed) {
        if (rate != null && users != null) {
            throw new BadInputException("--rate and --users conflict: give a request rate (open loop) or a number of users (closed loop)");
        }
        if (rate == null && users == null) {
            for (Object[] flag : new Object[][] {{"--requests", requests}, {"--cv", cv}, {"--think", think}, {"--seed", seed}}) {
                if (flag[1] != null) {
                    throw new BadInputException(flag[0] + " needs --rate or --users (it shapes a simulated load)");
                }
            }
            return null;
        }
        if (cv != null && rate == null) {
            throw new BadInputException("--cv needs --rate (a closed loop has no arrival gaps)");
        }
        if (think != null && users == null) {
            throw new BadInputException("--think needs --users");
        }
        double requestsPerS = rate == null ? Double.NaN : LoadSpec.parseRate("--rate", rate);
        if (Double.isInfinite(requestsPerS) && cv != null) {
            throw new BadInputException("--cv has no meaning with --rate inf (every request arrives at once)");
        }
        return new LoadSpec(requestsPerS, requests, cv == null ? 1 : cv, users, think == null ? 0 : think, null,
                seed == null ? Load.DEFAULT_SEED : seed);
    }

    static Sla sla(String ttft, String tpot, boolean simulated) {
        if (!simulated && (ttft != null || tpot != null)) {
            throw new BadInputException((ttft != null ? "--ttft" : "--tpot") + " needs --rate or --users on estimate (it judges a simulated load)");
        }
        return new Sla(ttft == null ? null : LatencyTarget.parse("--ttft", ttft), tpot == null ? null : LatencyTarget.parse("--tpot", tpot));
    }

    /** The closed form beside the simulation: at a finite rate the Little's-law batch, with users their number per replica, all at once the largest batch. */
    static Estimate closedForm(Deployment d, LoadSpec load, Catalog catalog, Estimator estimator) {
        var price = catalog.price(d.gpu()).orElse(null);
        if (load.closedLoop()) {
            return estimator.estimate(d.withBatch(Deployment.batchPerReplica(load.users(), d.replicas())), price);
        }
        if (load.allAtOnce()) {
            return estimator.estimateAtMaxBatch(d, price);
        }
        return estimator.estimateAtRate(d, load.requestsPerS(), price);
    }
}
