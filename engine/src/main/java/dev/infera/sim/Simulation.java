package dev.infera.sim;

import dev.infera.physics.Deployment;
import dev.infera.physics.Estimator;
import dev.infera.physics.StepTime;

/**
 * A deployment under a load: data-parallel replicas share nothing, so the load splits evenly over
 * them (a rate R gives each R / replicas, Poisson thinned at random stays Poisson; N requests or users
 * give each ceil(N / replicas); bursty gaps keep their cv on each replica, an approximation: random
 * splitting moves a renewal process towards Poisson) and one replica is simulated. Rates in the result are the whole
 * deployment's (per replica x replicas).
 */
public final class Simulation {
    private Simulation() {}

    /**
     * @param load                  what each replica was sent
     * @param limits                its scheduler's limits
     * @param replica               what it measured
     * @param replicas              replicas of the deployment
     * @param achievedRequestsPerS  all replicas
     * @param goodputRequestsPerS   all replicas
     * @param sustainable           highest rate under the SLA over all replicas, or null when not asked (no SLA, closed loop)
     * @param sustainableProbes     simulations the bisection ran
     */
    public record Result(LoadSpec spec, Load load, SchedulerLimits limits, SimResult replica, int replicas,
                         double achievedRequestsPerS, double goodputRequestsPerS, Double sustainable, int sustainableProbes) {}

    /**
     * The scheduler of {@code d}'s engine: its profile's KV block size, max batch, token budget per step and admission
     * (catalog/engines.yaml {@code serving:}) and its decode steps per scheduler call where it states them, else {@link SchedulerLimits#DEFAULT_BLOCK_TOKENS},
     * {@link SchedulerLimits#DEFAULT_MAX_SEQUENCES} and the catalog's prefill chunk.
     */
    public static SchedulerLimits limits(Deployment d, Estimator estimator, StepTime physics) {
        dev.infera.catalog.EngineServing serving = d.engine().serving();
        int block = serving.kvBlockTokens() > 0 ? serving.kvBlockTokens() : SchedulerLimits.DEFAULT_BLOCK_TOKENS;
        int budget = serving.maxTokensPerStep() > 0 ? serving.maxTokensPerStep() : estimator.assumptions().prefillChunkTokens();
        int sequences = serving.maxBatch() > 0 ? serving.maxBatch() : SchedulerLimits.DEFAULT_MAX_SEQUENCES;
        // An engine that admits by a predicted output (engines.yaml admission: predicted-output) is SGLang; its defaults are OutputEstimate's.
        return SchedulerLimits.of(physics, block, budget, sequences, serving.reservesWholeSequence(),
                serving.predictsOutput() ? OutputEstimate.SGLANG : null).withSchedulerSteps(serving.schedulerSteps());
    }

    /** Simulates {@code d} under {@code spec}; with {@code findSustainable} and an SLA also the highest rate that meets it. */
    public static Result run(Deployment d, Estimator estimator, LoadSpec spec, Sla sla, boolean findSustainable) {
        StepTime physics = StepTime.of(d, estimator);
        StepCost cost = StepCost.of(physics);
        SchedulerLimits limits = limits(d, estimator, physics);
        Load load = perReplica(d, spec);
        SimResult r = ReplicaSimulation.run(cost, limits, load, sla);
        int replicas = d.replicas();
        Double sustainable = null;
        int probes = 0;
        if (findSustainable && !sla.isEmpty() && !spec.closedLoop()) {
            Load probe = load.arrivals() instanceof Arrivals.Bursty ? load : load.withArrivals(new Arrivals.Poisson(1));
            SustainableRate.Result found = SustainableRate.find(cost, limits, new Load(probe.arrivals(), load.lengths(),
                    SustainableRate.PROBE_REQUESTS, true, load.seed(), load.prefixTokens(), load.prefixHitRate()), sla);
            sustainable = found.rate() * replicas;
            probes = found.probes();
        }
        return new Result(spec, load, limits, r, replicas, r.achievedRequestsPerS() * replicas, r.goodputRequestsPerS() * replicas,
                sustainable, probes);
    }

    /** One replica's share of the load. */
    static Load perReplica(Deployment d, LoadSpec spec) {
        int replicas = d.replicas();
        Lengths lengths = spec.lengths() != null ? spec.lengths() : new Lengths.Fixed(d.inputTokens(), d.outputTokens());
        boolean steady = spec.requests() == null && !spec.allAtOnce();
        int requests = spec.requests() != null ? ceilDiv(spec.requests(), replicas) : Load.DEFAULT_REQUESTS;
        Arrivals arrivals;
        if (spec.closedLoop()) {
            arrivals = new Arrivals.ClosedLoop(ceilDiv(spec.users(), replicas), spec.thinkSeconds());
        } else if (spec.allAtOnce()) {
            arrivals = new Arrivals.AllAtOnce();
        } else if (spec.cv() == 1) {
            arrivals = new Arrivals.Poisson(spec.requestsPerS() / replicas);
        } else {
            arrivals = new Arrivals.Bursty(spec.requestsPerS() / replicas, spec.cv());
        }
        // A cached prefix (Deployment.cachesPrefix) is the deployment's: each replica holds it once.
        return d.cachesPrefix() ? new Load(arrivals, lengths, requests, steady, spec.seed(), d.prefixTokens(), d.prefixHitRate())
                : new Load(arrivals, lengths, requests, steady, spec.seed());
    }

    private static int ceilDiv(int n, int parts) {
        return (n + parts - 1) / parts;
    }
}
