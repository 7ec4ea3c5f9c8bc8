package dev.infera.sim;

/**
 * SGLang's admission by a predicted output: a waiting request is admitted only while the KV tokens free, less what the
 * running requests are expected still to write, hold its prompt and its whole (clipped) output. The expectation is a
 * fraction, new_token_ratio, of each running request's remaining output; it starts conservative and decays each decode
 * step, and after a retraction (preemption) it is reset from what the remaining batch has decoded.
 * Read in sgl-project/sglang (python/sglang/srt/managers/schedule_policy.py, PrefillAdder; scheduler.py init_schedule_policy;
 * environ.py), read 2026-12-04:
 * - admission refuses when prompt tokens to extend + min(max_new_tokens - output so far, CLIP) >= rem_total_tokens, where
 *   rem_total_tokens = free + evictable tokens - the sum over running requests of min(max_new_tokens - output so far, CLIP)
 *   x new_token_ratio, and each request admitted in the same pass is charged its extend + clipped output in full;
 * - init ratio = min(SGLANG_INIT_NEW_TOKEN_RATIO 0.7 x --schedule-conservativeness (default 1.0), 1); min ratio = init x
 *   SGLANG_MIN_NEW_TOKEN_RATIO_FACTOR 0.14; decay per decode step = (init - min) / SGLANG_NEW_TOKEN_RATIO_DECAY_STEPS 600;
 *   CLIP = SGLANG_CLIP_MAX_NEW_TOKENS_ESTIMATION 4096; the ratio returns to init when the server is idle;
 * - after a retraction, ratio = min(1, (tokens decoded by the remaining batch + SGLANG_RETRACT_DECODE_STEPS 20 x its
 *   size) / (their max_new_tokens summed + 1)).
 * A benchmark's requests have max_new_tokens = their output length (fixed-length runs ignore EOS), which the simulator uses.
 *
 * @param initialRatio   new_token_ratio at start and when idle
 * @param minRatio       the floor it decays to
 * @param decaySteps     decode steps from initial to floor
 * @param clipTokens     remaining output counted at most this many tokens
 * @param retractDecodeSteps steps of decode headroom per remaining request in the ratio after a retraction
 */
public record OutputEstimate(double initialRatio, double minRatio, int decaySteps, int clipTokens, int retractDecodeSteps)
        implements java.io.Serializable {
    /** SGLang's defaults (above), --schedule-conservativeness 1.0: init 0.7, floor 0.7 x 0.14 = 0.098, 600 steps, 4096, 20. */
    public static final OutputEstimate SGLANG = new OutputEstimate(0.7, 0.7 * 0.14, 600, 4096, 20);

    /** Ratio lost per decode step = (initial - min) / decay steps. */
    public double decayPerStep() {
        return (initialRatio - minRatio) / decaySteps;
    }

    /** The next step's ratio after a decode step without retraction = max(ratio - decay, min). */
    public double decayed(double ratio) {
        return Math.max(ratio - decayPerStep(), minRatio);
    }

    /** Output tokens counted for a request with {@code remaining} still to write = min(remaining, clip). */
    public long clipped(long remaining) {
        return Math.min(Math.max(0, remaining), clipTokens);
    }

    /** The ratio after a retraction = min(1, (decoded + retract steps x requests) / (outputs + 1)) over the remaining batch. */
    public double afterRetraction(long decoded, long outputs, int requests) {
        return Math.min(1.0, (decoded + (double) retractDecodeSteps * requests) / (outputs + 1));
    }
}
