package dev.infera.physics;

/**
 * Latency as users see it when several share a replica under continuous batching: every request's
 * prefill runs on the same GPUs as everyone's decode. The replica is a closed loop of {@code batch}
 * users, each sending the next request when the previous one ends.
 */
public final class Latency {
    private Latency() {}

    /**
     * Served TPOT = step + (B - 1) x prefill / output: over one request's output the other B - 1
     * requests each prefill once, and chunked prefill interleaves those chunks with my decode steps.
     */
    public static double servedTpotSeconds(double stepSeconds, double prefillSeconds, int batch, int outputTokens) {
        return stepSeconds + (batch - 1) * prefillSeconds / outputTokens;
    }

    /**
     * Wait before my prefill starts = min(M/D/1 wait rho / (2(1 - rho)) x prefill, (B - 1) x prefill),
     * where rho is the share of the replica's time spent prefilling; never more than every other
     * user's prefill ahead of mine, and nothing for a single user.
     */
    public static double prefillQueueSeconds(double prefillSeconds, int batch, double prefillShare) {
        double worst = (batch - 1) * prefillSeconds;
        if (prefillShare >= 1) {
            return worst;
        }
        return Math.min(md1WaitSeconds(prefillShare, prefillSeconds), worst);
    }

    /** M/D/1 wait in queue = rho / (2(1 - rho)) x service (Poisson arrivals, a fixed service time); infinite at rho >= 1. */
    public static double md1WaitSeconds(double utilisation, double serviceSeconds) {
        return utilisation >= 1 ? Double.POSITIVE_INFINITY : utilisation / (2 * (1 - utilisation)) * serviceSeconds;
    }

    /**
     * Prefill tokens carried per decode step = min(S - B, (B - 1) x L / output): the others' prompts spread over my output,
     * at most the step budget S left after the B decode tokens (chunked prefill; at least one token so prompts progress).
     */
    public static double prefillTokensPerStep(int stepBudget, int batch, int promptTokens, int outputTokens) {
        double demand = (batch - 1.0) * promptTokens / outputTokens;
        return Math.min(Math.max(1, stepBudget - batch), demand);
    }

    /** Served TPOT with a step budget = step + prefill seconds per prompt token x prefill tokens per step. */
    public static double servedTpotWithBudgetSeconds(double stepSeconds, double prefillSeconds, int promptTokens, double prefillTokensPerStep) {
        return stepSeconds + prefillSeconds / promptTokens * prefillTokensPerStep;
    }

    /**
     * Wait for the step budget = max(0, (B - 1) x L / max(1, S - B) - output) x served TPOT: the steps the others' prompts need
     * beyond my output's, which a closed loop spends with prompts queued (0 while the budget keeps up).
     */
    public static double budgetQueueSeconds(int stepBudget, int batch, int promptTokens, int outputTokens, double servedTpotSeconds) {
        double stepsNeeded = (batch - 1.0) * promptTokens / Math.max(1, stepBudget - batch);
        return Math.max(0, stepsNeeded - outputTokens) * servedTpotSeconds;
    }
}
