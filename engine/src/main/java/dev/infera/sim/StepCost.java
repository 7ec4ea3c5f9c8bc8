package dev.infera.sim;

import dev.infera.physics.StepTime;

/** What one scheduler step costs: the physics' {@link StepTime} behind a seam the scheduler tests can see through. */
public interface StepCost {
    /** Seconds of a step with {@code decodeSequences} decode tokens at a mean context and prefill chunks of {@code prefillTokens} tokens and {@code prefillFlops} FLOPs. */
    double stepSeconds(int decodeSequences, double meanDecodeContext, int prefillTokens, double prefillFlops);

    /** FLOPs of a prefill chunk of {@code chunkTokens} after {@code priorTokens} cached ones. */
    double prefillChunkFlops(double priorTokens, int chunkTokens);

    /** Tokens a speculator drafts per verification, k (0: the replica does not speculate, every decode yields one token). */
    default int draftTokens() {
        return 0;
    }

    /** The chance a that each drafted token is accepted. */
    default double acceptance() {
        return 0;
    }

    /**
     * Seconds of a step whose decoding sequences are verified over k + 1 tokens each after k draft steps; the plain
     * {@link #stepSeconds} where the replica does not speculate.
     */
    default double speculativeStepSeconds(int decodeSequences, double meanDecodeContext, int prefillTokens, double prefillFlops) {
        return stepSeconds(decodeSequences, meanDecodeContext, prefillTokens, prefillFlops);
    }

    static StepCost of(StepTime physics) {
        return new StepCost() {
            @Override
            public double stepSeconds(int decodeSequences, double meanDecodeContext, int prefillTokens, double prefillFlops) {
                return physics.stepSeconds(decodeSequences, meanDecodeContext, prefillTokens, prefillFlops);
            }

            @Override
            public double prefillChunkFlops(double priorTokens, int chunkTokens) {
                return physics.prefillChunkFlops(priorTokens, chunkTokens);
            }

            @Override
            public int draftTokens() {
                return physics.draftTokens();
            }

            @Override
            public double acceptance() {
                return physics.acceptance();
            }

            @Override
            public double speculativeStepSeconds(int decodeSequences, double meanDecodeContext, int prefillTokens, double prefillFlops) {
                return physics.speculativeStepSeconds(decodeSequences, meanDecodeContext, prefillTokens, prefillFlops);
            }
        };
    }
}
