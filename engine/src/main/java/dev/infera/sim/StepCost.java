package dev.infera.sim;

import dev.infera.physics.StepTime;

/** What one scheduler step costs: the physics' {@link StepTime} behind a seam the scheduler tests can see through. */
public interface StepCost {
    /** Seconds of a step with {@code decodeSequences} decode tokens at a mean context and prefill chunks of {@code prefillTokens} tokens and {@code prefillFlops} FLOPs. */
    double stepSeconds(int decodeSequences, double meanDecodeContext, int prefillTokens, double prefillFlops);

    /** FLOPs of a prefill chunk of {@code chunkTokens} after {@code priorTokens} cached ones. */
    double prefillChunkFlops(double priorTokens, int chunkTokens);

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
        };
    }
}
