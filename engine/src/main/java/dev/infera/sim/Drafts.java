package dev.infera.sim;

import java.util.SplittableRandom;

/**
 * How many of a speculator's k drafted tokens one verification accepts: each is accepted with probability a given the ones
 * before it were, and the chain stops at the first rejection (Leviathan et al. 2023, arXiv 2211.17192: drafts are checked
 * in order and the first rejected one is replaced by a token the target samples). So P(i accepted) = a^i (1 - a) for i < k and a^k
 * for i = k, and the verification yields 1 + i tokens, on average sum over i of a^i = (1 - a^(k+1)) / (1 - a)
 * ({@link dev.infera.physics.Speculation#expectedTokensPerVerification}).
 */
final class Drafts {
    private Drafts() {}

    /** Mixed into the load's seed: the acceptances are their own stream, so speculating leaves the arrivals and lengths as they were. */
    private static final long STREAM = 0x5EC0DE5L;

    /** The acceptances' random stream for a load's seed. */
    static SplittableRandom stream(long seed) {
        return new SplittableRandom(seed ^ STREAM);
    }

    /** Drafted tokens accepted in one verification, 0 to k: a uniform draw per draft, accepted while below a. */
    static int accepted(SplittableRandom random, int draftTokens, double acceptance) {
        int i = 0;
        while (i < draftTokens && random.nextDouble() < acceptance) {
            i++;
        }
        return i;
    }
}
