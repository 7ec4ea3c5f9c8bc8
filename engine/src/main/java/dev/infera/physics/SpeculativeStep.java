package dev.infera.physics;

import dev.infera.catalog.Speculator;

import java.util.function.IntFunction;

import static dev.infera.physics.Units.GB;
import static dev.infera.physics.Units.MS;

/**
 * Speculative decoding at a batch (formulas in {@link Speculation}): the verification pass, one draft step, the cycle of
 * both, the plain step it replaces, and the batch where it stops paying. The verification and the draft step are
 * {@link DecodeStep}s of the same roofline as the plain step: the verification runs the target over k + 1 tokens per
 * sequence, a draft step the speculator's shape at 16 bits and the 16-bit peak, with no step overhead of its own (drafts
 * run inside the engine's step). Seconds and bytes; the accessors in ms and GB are what reports show.
 *
 * @param speculator            what drafts, with its k and a
 * @param plain                 the plain decode step at this batch (one token per sequence)
 * @param verification          the target's pass over k + 1 tokens per sequence
 * @param draft                 one draft step of the batch
 * @param tokensPerVerification (1 - a^(k+1)) / (1 - a)
 * @param cycleSeconds          verification + k x draft step
 * @param draftWeightBytes      the speculator's weights per GPU (in memory)
 * @param draftKvBytes          the speculator's KV for the batch, per GPU (in the KV)
 * @param crossoverBatch        the first batch at which speculation no longer pays (0: it pays at every batch that fits)
 */
public record SpeculativeStep(
        Speculator speculator,
        DecodeStep plain,
        DecodeStep verification,
        DecodeStep draft,
        double tokensPerVerification,
        double cycleSeconds,
        double draftWeightBytes,
        double draftKvBytes,
        int crossoverBatch) {

    /** The deployment's speculation, or null without a speculator; {@code plain} is its plain step. */
    static SpeculativeStep of(Deployment d, ComputeRate rate, Links links, MemoryUse memory, DecodeStep plain) {
        Speculator s = d.speculator();
        if (s == null) {
            return null;
        }
        int k = s.draftTokens();
        DecodeStep.Runs target = DecodeStep.Runs.target(d, rate);
        DecodeStep.Runs drafter = new DecodeStep.Runs(s.shape(), Speculation.DRAFT_BITS_PER_WEIGHT, ComputeRate.sixteenBitPeakTflops(d), 0);
        int n = Speculation.verifiedTokensPerSequence(k);
        int m = plain.microBatches();
        int b = plain.sequencesPerMicroBatch();
        DecodeStep verification = DecodeStep.of(d, rate, links, target, m, b, n);
        DecodeStep draft = DecodeStep.of(d, rate, links, drafter, m, b, 1);
        double tokens = Speculation.expectedTokensPerVerification(s.acceptance(), k);
        // The crossover probes a batch as one micro-batch: speculation is served without pipeline stages (Unsupported).
        IntFunction<DecodeStep> plainAt = batch -> DecodeStep.of(d, rate, links, target, 1, batch, 1);
        IntFunction<DecodeStep> verificationAt = batch -> DecodeStep.of(d, rate, links, target, 1, batch, n);
        IntFunction<DecodeStep> draftAt = batch -> DecodeStep.of(d, rate, links, drafter, 1, batch, 1);
        int crossover = Speculation.crossoverBatch(batch -> plainAt.apply(batch).stepSeconds(),
                batch -> Speculation.secondsPerToken(
                        Speculation.cycleSeconds(verificationAt.apply(batch).stepSeconds(), draftAt.apply(batch).stepSeconds(), k), tokens),
                Math.max(1, memory.maxBatch()));
        return new SpeculativeStep(s, plain, verification, draft, tokens,
                Speculation.cycleSeconds(verification.stepSeconds(), draft.stepSeconds(), k),
                memory.speculatorWeightBytes(), memory.speculatorKvBytes(), crossover);
    }

    /** Decode time per output token = cycle / tokens per verification, seconds. */
    public double secondsPerToken() {
        return Speculation.secondsPerToken(cycleSeconds, tokensPerVerification);
    }

    /** Decode time per output token, ms. */
    public double msPerToken() {
        return secondsPerToken() / MS;
    }

    /** Plain step / time per token with the speculator. */
    public double speedup() {
        return plain.stepSeconds() / secondsPerToken();
    }

    /** Speculation makes decode faster at this batch. */
    public boolean pays() {
        return speedup() > 1;
    }

    public double verificationMs() { return verification.stepSeconds() / MS; }
    public double draftStepMs() { return draft.stepSeconds() / MS; }
    public double cycleMs() { return cycleSeconds / MS; }
    /** The plain decode step at this batch (one token per sequence). */
    public double stepMsWithout() { return plain.stepSeconds() / MS; }
    public double draftWeightsGb() { return draftWeightBytes / GB; }
    public double draftKvGb() { return draftKvBytes / GB; }
}
