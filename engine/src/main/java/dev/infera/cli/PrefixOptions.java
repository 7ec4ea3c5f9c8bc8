package dev.infera.cli;

import dev.infera.BadInputException;
import dev.infera.physics.Deployment;

/** --prefix-tokens S and --prefix-hit H: a prompt prefix shared across requests, checked and applied to a deployment. */
final class PrefixOptions {
    private PrefixOptions() {}

    /** Whether the flags state a prefix that repeats: --prefix-tokens 0 states that none does, as the scenario field prefixTokens 0. */
    static boolean given(Integer prefixTokens, Double prefixHit) {
        return prefixTokens == null ? prefixHit != null : prefixTokens != 0;
    }

    /** {@code d} with its prefix cache, or {@code d} unchanged when neither flag is given or S is 0; H defaults to 1 when S is given. */
    static Deployment apply(Deployment d, Integer prefixTokens, Double prefixHit) {
        if (prefixTokens == null && prefixHit == null) {
            return d;
        }
        if (prefixTokens == null) {
            throw new BadInputException("--prefix-hit needs --prefix-tokens (the shared prefix's length)");
        }
        Limits.atLeast("--prefix-tokens", prefixTokens, 0);
        if (prefixTokens == 0) {
            return d;
        }
        if (prefixTokens > d.inputTokens()) {
            throw new BadInputException("--prefix-tokens " + prefixTokens + " exceeds the prompt of " + d.inputTokens()
                    + " tokens: the shared prefix is part of the prompt");
        }
        double hit = prefixHit == null ? 1 : prefixHit;
        if (!(hit >= 0 && hit <= 1)) {
            throw new BadInputException("--prefix-hit must be a share of requests between 0 and 1, got " + prefixHit);
        }
        if (!d.engine().serving().paged()) {
            // Static slots reserve whole sequences: a number computed as if cached would not be this engine's.
            throw new BadInputException("--prefix-tokens needs a paged engine: " + d.engine().name()
                    + " reserves static slots and has no prefix cache here (try --engine vllm)");
        }
        return d.withPrefix(prefixTokens, hit);
    }
}
