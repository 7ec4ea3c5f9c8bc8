package dev.infera.physics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Speculative decoding's formulas, hand-computed. */
class SpeculationTest {

    @Test
    void aVerificationYieldsTheAcceptedPrefixOfTheDraftsPlusOneTokenOfItsOwn() {
        // (1 - 0.8^4) / (1 - 0.8) = (1 - 0.4096) / 0.2 = 2.952
        assertEquals(2.952, Speculation.expectedTokensPerVerification(0.8, 3), 1e-12);
        // DeepSeek-V3's one MTP token accepted 85 % of the time: 1 + 0.85
        assertEquals(1.85, Speculation.expectedTokensPerVerification(0.85, 1), 1e-12);
        assertEquals(1, Speculation.expectedTokensPerVerification(0, 5), 1e-12, "nothing accepted: the verifier's own token only");
        assertEquals(4, Speculation.verifiedTokensPerSequence(3));
    }

    @Test
    void theStepPerTokenIsTheCycleOverTheTokensItYields() {
        // 20 ms verification + 3 x 0.5 ms drafts = 21.5 ms for 2.952 tokens = 7.283 ms per token
        double cycle = Speculation.cycleSeconds(0.020, 0.0005, 3);
        assertEquals(0.0215, cycle, 1e-12);
        assertEquals(0.0215 / 2.952, Speculation.secondsPerToken(cycle, 2.952), 1e-12);
    }

    @Test
    void draftWeightsAreHeldAtSixteenBitsSplitOverTheTensorParallelGpus() {
        // 1.403 B params x 2 B / 4 GPUs = 0.7015 GB per GPU
        assertEquals(0.7015e9, Speculation.draftWeightBytesPerGpu(1.403, 4), 1);
    }

    @Test
    void theCrossoverIsTheFirstBatchWhereTheCycleCostsAsMuchPerTokenAsThePlainStep() {
        // Plain step max(10, 0.1 B) ms; with the speculator (max(10, 0.4 B) + 3) / 2.95 ms: it pays while 0.4 B + 3 < 29.5,
        // i.e. B < 66.25, so it stops paying at B = 67.
        java.util.function.IntToDoubleFunction plain = b -> Math.max(10, 0.1 * b);
        java.util.function.IntToDoubleFunction with = b -> (Math.max(10, 0.4 * b) + 3) / 2.95;
        assertEquals(67, Speculation.crossoverBatch(plain, with, 4096));
        assertEquals(67, Speculation.crossoverBatch(plain, with, 67), "the last batch that fits is the crossover");
        assertEquals(0, Speculation.crossoverBatch(plain, with, 66), "pays at every batch that fits");
        assertEquals(1, Speculation.crossoverBatch(plain, b -> 11, 4096), "costs more even at batch 1");
    }
}
