package dev.infera.physics;

import java.util.function.IntToDoubleFunction;

/**
 * Speculative decoding (Leviathan et al. 2023, arXiv 2211.17192; EAGLE, arXiv 2401.15077; DeepSeek-V3's MTP, arXiv 2412.19437):
 * a speculator drafts k tokens one after another, then the target verifies all of them in one pass over k + 1 tokens per
 * sequence and keeps the accepted prefix plus one token of its own. Each drafted token is accepted with probability a.
 * Verification reads the weights and the KV once, as a plain step does, but computes k + 1 tokens: it pays while decode is
 * bandwidth-bound (small batches) and stops paying as the batch makes decode compute-bound. Not counted: the draft's own
 * prefill of the prompt and the KV of rejected drafts (both small next to the target's), draft trees (a chain of k here).
 */
public final class Speculation {
    private Speculation() {}

    /** Tokens one verification yields on average = (1 - a^(k+1)) / (1 - a): the accepted prefix of the k drafts plus the verifier's token. */
    public static double expectedTokensPerVerification(double acceptance, int draftTokens) {
        return (1 - Math.pow(acceptance, draftTokens + 1)) / (1 - acceptance);
    }

    /** Tokens per sequence one verification pass runs = k + 1 (the k drafts and the token after them). */
    public static int verifiedTokensPerSequence(int draftTokens) {
        return draftTokens + 1;
    }

    /** One speculation cycle = verification step + k x draft step (each draft token needs the one before it). */
    public static double cycleSeconds(double verificationSeconds, double draftStepSeconds, int draftTokens) {
        return verificationSeconds + draftTokens * draftStepSeconds;
    }

    /** Decode time per output token with a speculator = cycle / E[tokens per verification]. */
    public static double secondsPerToken(double cycleSeconds, double tokensPerVerification) {
        return cycleSeconds / tokensPerVerification;
    }

    /** Draft weights per GPU = draft params x 16 bits / 8 / t (checkpoints ship at 16 bits; split like the target over t GPUs). */
    public static double draftWeightBytesPerGpu(double draftParamsB, int tensorParallel) {
        return Memory.weightBytes(draftParamsB, DRAFT_BITS_PER_WEIGHT) / tensorParallel;
    }

    /** Draft weights are held and read at 16 bits: draft models and heads ship as BF16 checkpoints. */
    public static final double DRAFT_BITS_PER_WEIGHT = 16;

    /**
     * The crossover batch: doubling B from 1 and then halving the interval, the first batch up to {@code maxBatch} at which
     * the time per token with the speculator is no shorter than the plain step; 0 when it pays at every batch up to
     * {@code maxBatch}. The speedup falls with B: verification FLOPs grow k + 1 times as fast as the plain step's, reads do not.
     */
    public static int crossoverBatch(IntToDoubleFunction plainStepSeconds, IntToDoubleFunction secondsPerTokenWith, int maxBatch) {
        java.util.function.IntPredicate pays = b -> secondsPerTokenWith.applyAsDouble(b) < plainStepSeconds.applyAsDouble(b);
        int top = Math.max(1, maxBatch);
        if (!pays.test(1)) {
            return 1;
        }
        int paying = 1;
        int failing = 0;
        for (int b = 2; failing == 0; b *= 2) {
            int probe = Math.min(b, top);
            if (!pays.test(probe)) {
                failing = probe;
            } else if (probe == top) {
                return 0;
            } else {
                paying = probe;
            }
        }
        while (failing - paying > 1) {
            int mid = (paying + failing) >>> 1;
            if (pays.test(mid)) {
                paying = mid;
            } else {
                failing = mid;
            }
        }
        return failing;
    }
}
