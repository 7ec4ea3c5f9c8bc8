package dev.infera.physics;

import dev.infera.catalog.Speculator;

import java.util.function.IntFunction;

import static dev.infera.physics.Units.GB;
import static dev.infera.physics.Units.MS;

/**
 * Speculative decoding at a batch (formulas in {@link Speculation}): the verification pass, one draft step, the cycle of
 * both, the plain step it replaces, and the batch where it stops paying. Memory per GPU; times in ms.
 *
 * @param speculator            what drafts, with its k and a
 * @param tokensPerVerification (1 - a^(k+1)) / (1 - a)
 * @param draftWeightsGb        the speculator's weights per GPU (in memoryGb)
 * @param draftKvGb             the speculator's KV for the batch, per GPU (in kvGb)
 * @param verificationMs        the target's pass over k + 1 tokens per sequence
 * @param draftStepMs           one draft step of the batch
 * @param cycleMs               verification + k x draft step
 * @param stepMsWithout         the plain decode step at this batch (one token per sequence)
 * @param speedup               plain step / (cycle / tokens per verification)
 * @param crossoverBatch        the first batch at which speculation no longer pays (0: it pays at every batch that fits)
 */
public record SpeculativeStep(
        Speculator speculator,
        double tokensPerVerification,
        double draftWeightsGb,
        double draftKvGb,
        double verificationMs,
        double draftStepMs,
        double cycleMs,
        double stepMsWithout,
        double speedup,
        int crossoverBatch) {

    /** Decode steps of a batch of B: the plain one, the verification of k + 1 tokens per sequence, one draft step. */
    public record Steps(IntFunction<DecodeStep> plain, IntFunction<DecodeStep> verification, IntFunction<DecodeStep> draft) {
        double secondsPerTokenWith(Speculator s, int batch) {
            return Speculation.secondsPerToken(
                    Speculation.cycleSeconds(verification.apply(batch).seconds(), draft.apply(batch).seconds(), s.draftTokens()),
                    Speculation.expectedTokensPerVerification(s.acceptance(), s.draftTokens()));
        }
    }

    static SpeculativeStep at(Speculator s, Steps steps, int batch, int maxBatch, double draftWeightBytesPerGpu, double draftKvBytesPerGpu) {
        double verification = steps.verification().apply(batch).seconds();
        double draft = steps.draft().apply(batch).seconds();
        double tokens = Speculation.expectedTokensPerVerification(s.acceptance(), s.draftTokens());
        double cycle = Speculation.cycleSeconds(verification, draft, s.draftTokens());
        double plain = steps.plain().apply(batch).seconds();
        int crossover = Speculation.crossoverBatch(b -> steps.plain().apply(b).seconds(), b -> steps.secondsPerTokenWith(s, b), maxBatch);
        return new SpeculativeStep(s, tokens, draftWeightBytesPerGpu / GB, draftKvBytesPerGpu / GB, verification / MS, draft / MS, cycle / MS,
                plain / MS, plain / Speculation.secondsPerToken(cycle, tokens), crossover);
    }

    /** Decode time per output token = cycle / tokens per verification, in ms. */
    public double msPerToken() {
        return cycleMs / tokensPerVerification;
    }

    /** Speculation makes decode faster at this batch. */
    public boolean pays() {
        return speedup > 1;
    }
}
