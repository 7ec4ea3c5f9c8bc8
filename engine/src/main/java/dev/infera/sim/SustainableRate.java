package dev.infera.sim;

/**
 * The highest request rate a replica sustains under an SLA: bisection over the open-loop rate, each
 * probe a seeded simulation with the same random stream (gaps scale with 1 / rate, so probes differ
 * only in the rate).
 */
public final class SustainableRate {
    private SustainableRate() {}

    /** Bisection steps after bracketing: the answer is within 2^-10 (0.1 %) of the bracket. */
    static final int BISECTIONS = 10;
    /** Requests per probe: a steady-state run of 400 measures 320, so its p99 lies between the 4th and 3rd largest. */
    public static final int PROBE_REQUESTS = 400;

    /**
     * @param rate        highest rate found to meet the SLA (requests/s per replica), 0 when even the lowest probe misses it
     * @param atRate      the simulation at that rate (null when none met it)
     * @param probes      simulations run
     */
    public record Result(double rate, SimResult atRate, int probes) {}

    /** Highest rate meeting {@code sla}; {@code load}'s arrivals give the burstiness (Poisson unless bursty). */
    public static Result find(StepCost cost, SchedulerLimits limits, Load load, Sla sla) {
        if (sla.isEmpty()) {
            throw new IllegalArgumentException("a sustainable rate needs an SLA target");
        }
        Load probe = load.withRequests(Math.min(load.requests(), PROBE_REQUESTS));
        double guess = capacityGuess(cost, limits, load.lengths());
        int probes = 0;
        double lo = 0;
        SimResult loResult = null;
        double hi = guess;
        // Bracket: halve until a rate meets the SLA, double until one misses it.
        SimResult r = simulate(cost, limits, probe, sla, hi);
        probes++;
        if (r.slaMet()) {
            lo = hi;
            loResult = r;
            while (probes < 40) {
                hi = lo * 2;
                r = simulate(cost, limits, probe, sla, hi);
                probes++;
                if (!r.slaMet()) {
                    break;
                }
                lo = hi;
                loResult = r;
            }
        } else {
            double low = hi;
            while (probes < 40) {
                low /= 2;
                r = simulate(cost, limits, probe, sla, low);
                probes++;
                if (r.slaMet()) {
                    lo = low;
                    loResult = r;
                    hi = low * 2;
                    break;
                }
            }
            if (loResult == null) {
                return new Result(0, null, probes);
            }
        }
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = (lo + hi) / 2;
            r = simulate(cost, limits, probe, sla, mid);
            probes++;
            if (r.slaMet()) {
                lo = mid;
                loResult = r;
            } else {
                hi = mid;
            }
        }
        return new Result(lo, loResult, probes);
    }

    private static SimResult simulate(StepCost cost, SchedulerLimits limits, Load probe, Sla sla, double rate) {
        return ReplicaSimulation.run(cost, limits, probe.withArrivals(probe.arrivals().atRate(rate)), sla);
    }

    /** Closed-form starting point: rate = B / (B x prefill(L) + output x step(B)), B the batch that KV and the engine allow. */
    static double capacityGuess(StepCost cost, SchedulerLimits limits, Lengths lengths) {
        double[] means = lengths.means();
        int prompt = (int) Math.max(1, Math.round(means[0]));
        double output = Math.max(1, means[1]);
        double sequence = prompt + output;
        int batch = (int) Math.max(1, Math.min(limits.maxSequences(), limits.kvBlocks() * limits.blockTokens() / sequence));
        double prefill = cost.stepSeconds(0, 0, prompt, cost.prefillChunkFlops(0, prompt));
        double step = cost.stepSeconds(batch, prompt + output / 2, 0, 0);
        return batch / (batch * prefill + output * step);
    }
}
