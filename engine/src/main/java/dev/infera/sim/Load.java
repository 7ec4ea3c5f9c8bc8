package dev.infera.sim;

/**
 * The requests a simulation sends.
 *
 * @param arrivals    when they arrive
 * @param lengths     their prompt and output tokens
 * @param requests    how many
 * @param steadyState true: statistics leave out the first and last tenth of the requests (warm-up and drain);
 *                    false: a finite run, every request counts (as benchmarks report)
 * @param seed        the random stream: the same seed gives the same numbers
 * @param prefixTokens  tokens at the start of every prompt that repeat across requests (0: none), held once in the prefix cache
 * @param prefixHitRate share of requests that find them cached (0: none); which ones is spread evenly, not drawn, so the
 *                      random stream of arrivals and lengths is the same with and without a prefix
 */
public record Load(Arrivals arrivals, Lengths lengths, int requests, boolean steadyState, long seed, int prefixTokens, double prefixHitRate) {
    /** Requests of a steady-state run when none are given. */
    public static final int DEFAULT_REQUESTS = 1000;
    public static final long DEFAULT_SEED = 42;

    public Load {
        if (requests < 1) {
            throw new IllegalArgumentException("a load needs at least one request");
        }
        if (prefixTokens < 0 || !(prefixHitRate >= 0 && prefixHitRate <= 1)) {
            throw new IllegalArgumentException("prefix tokens must be >= 0 and the hit rate 0..1");
        }
    }

    /** Without a cached prefix. */
    public Load(Arrivals arrivals, Lengths lengths, int requests, boolean steadyState, long seed) {
        this(arrivals, lengths, requests, steadyState, seed, 0, 0);
    }

    /** Prompt tokens request {@code i} finds cached: the prefix on a hit, leaving at least one to prefill (PrefixCache.uncachedPrefillTokens); else 0. */
    public int cachedPrefixTokens(int i, int promptTokens) {
        return hitsPrefix(i) ? Math.min(prefixTokens, promptTokens - 1) : 0;
    }

    /** Whether request {@code i} finds the prefix cached: the first i + 1 requests hold floor((i + 1) x h) hits, spread evenly. */
    public boolean hitsPrefix(int i) {
        return prefixTokens > 0 && Math.floor((i + 1) * prefixHitRate + 1e-9) > Math.floor(i * prefixHitRate + 1e-9);
    }

    public Load withArrivals(Arrivals newArrivals) {
        return new Load(newArrivals, lengths, requests, steadyState, seed, prefixTokens, prefixHitRate);
    }

    public Load withRequests(int n) {
        return new Load(arrivals, lengths, n, steadyState, seed, prefixTokens, prefixHitRate);
    }
}
