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
        return Math.min(prefillShare / (2 * (1 - prefillShare)) * prefillSeconds, worst);
    }
}
