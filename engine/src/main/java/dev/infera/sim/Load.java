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
 */
public record Load(Arrivals arrivals, Lengths lengths, int requests, boolean steadyState, long seed) {
    /** Requests of a steady-state run when none are given. */
    public static final int DEFAULT_REQUESTS = 1000;
    public static final long DEFAULT_SEED = 42;

    public Load {
        if (requests < 1) {
            throw new IllegalArgumentException("a load needs at least one request");
        }
    }

    public Load withArrivals(Arrivals newArrivals) {
        return new Load(newArrivals, lengths, requests, steadyState, seed);
    }

    public Load withRequests(int n) {
        return new Load(arrivals, lengths, n, steadyState, seed);
    }
}
