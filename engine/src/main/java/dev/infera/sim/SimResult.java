package dev.infera.sim;

/**
 * What one simulated run of a replica measured. Latencies in ms over the measured requests (a steady-state
 * run leaves out the first and last tenth); TPOT is each request's mean gap between its tokens
 * ((finish - first token) / (output - 1)), served as the user sees it; rates are per replica.
 *
 * @param ttftMs                  TTFT: arrival to first token, queueing included
 * @param tpotMs                  TPOT per request
 * @param e2eMs                   end-to-end latency: arrival to last token
 * @param achievedRequestsPerS    steady state: (measured requests - 1) / (their last finish - their first finish), the
 *                                capacity when the rate is beyond it; a finite run: requests completed / (last finish -
 *                                first arrival), as benchmarks report
 * @param goodputRequestsPerS     the achieved rate x the share of measured requests whose own TTFT and TPOT meet the SLA's ms
 * @param preemptions             running sequences evicted (recomputed later) when KV blocks ran out
 * @param rejected                requests longer than the whole KV cache (never served)
 * @param completed               requests completed in the run
 * @param maxWaiting              longest waiting queue seen
 * @param meanRunning             sequences running per step, averaged over time
 * @param simulatedSeconds        simulated time from the first arrival to the last finish
 * @param steps                   scheduler steps simulated
 * @param slaMet                  every target's statistic (mean or percentile) within its ms and nothing rejected; true without targets
 * @param draftTokens             a speculating replica's k (0: it does not speculate)
 * @param acceptance              the chance a each draft is accepted
 * @param verifications           sequence-verifications run (one sequence's k + 1 tokens checked in one step)
 * @param verifiedTokens          tokens those verifications yielded (1 + the accepted drafts each)
 */
public record SimResult(
        Distribution ttftMs,
        Distribution tpotMs,
        Distribution e2eMs,
        double achievedRequestsPerS,
        double goodputRequestsPerS,
        long preemptions,
        int rejected,
        int completed,
        int maxWaiting,
        double meanRunning,
        double simulatedSeconds,
        long steps,
        boolean slaMet,
        int draftTokens,
        double acceptance,
        long verifications,
        long verifiedTokens) {

    /** Simulated tokens per verification = tokens the verifications yielded / verifications (NaN without a speculator). */
    public double tokensPerVerification() {
        return verifications == 0 ? Double.NaN : (double) verifiedTokens / verifications;
    }
}
