package dev.infera.workload;

/**
 * What repeats across a scenario's requests: the first {@code tokens} of each prompt (a system prompt, earlier turns, a
 * reused document) are the same, and a share {@code hitRate} of requests find them in the prefix cache.
 * Stated by the scenario (prefixTokens, prefixHit) or defaulted per scenario kind by the thresholds table.
 */
public record PrefixReuse(int tokens, double hitRate) {
    public static final PrefixReuse NONE = new PrefixReuse(0, 0);

    public PrefixReuse {
        if (tokens < 0 || !(hitRate >= 0 && hitRate <= 1)) {
            throw new IllegalArgumentException("prefix tokens must be >= 0 and the hit rate 0..1");
        }
    }

    /** Anything to cache: a prefix that some requests hit. */
    public boolean repeats() {
        return tokens > 0 && hitRate > 0;
    }
}
