package dev.infera.sim;

import dev.infera.BadInputException;

/**
 * The load a user asks a whole deployment to serve, before it is split over its replicas: a request
 * rate (open loop; infinite: every request at once) or a number of users (closed loop).
 *
 * @param requestsPerS  requests/s over all replicas; +infinity sends every request at once; NaN with users
 * @param requests      requests in a finite run (as benchmarks send), or null: a steady-state run
 * @param cv            coefficient of variation of the gaps between arrivals (1: Poisson)
 * @param users         closed loop: users, each sending its next request when its last ends; or null
 * @param thinkSeconds  closed loop: pause between a user's requests
 * @param lengths       prompt and output lengths, or null: the deployment's
 * @param seed          random stream
 */
public record LoadSpec(double requestsPerS, Integer requests, double cv, Integer users, double thinkSeconds, Lengths lengths, long seed) {
    /** Sanity bound on requests per run; beyond it a single estimate stops being interactive. */
    public static final int MAX_REQUESTS = 1_000_000;

    public LoadSpec {
        if (users == null && !(requestsPerS > 0)) {
            throw new BadInputException("--rate must be a positive number of requests/s or inf, got " + requestsPerS);
        }
        if (users != null && users < 1) {
            throw new BadInputException("--users must be 1 or more, got " + users);
        }
        if (requests != null && (requests < 1 || requests > MAX_REQUESTS)) {
            throw new BadInputException("--requests must be between 1 and " + MAX_REQUESTS + ", got " + requests);
        }
        if (!Double.isFinite(cv) || cv < 0 || cv > 100) {
            throw new BadInputException("--cv must be a coefficient of variation between 0 and 100, got " + cv);
        }
        if (!Double.isFinite(thinkSeconds) || thinkSeconds < 0) {
            throw new BadInputException("--think must be 0 or more seconds, got " + thinkSeconds);
        }
    }

    /** A rate as typed: a positive number of requests/s, or "inf". */
    public static double parseRate(String what, String text) {
        String s = text.trim();
        if (s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        double rate;
        try {
            rate = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new BadInputException(what + " must be requests/s (a number) or inf, got '" + text + "'");
        }
        if (!Double.isFinite(rate) || rate <= 0) {
            throw new BadInputException(what + " must be a positive number of requests/s or inf, got '" + text + "'");
        }
        return rate;
    }

    public static LoadSpec atRate(double requestsPerS, Integer requests) {
        return new LoadSpec(requestsPerS, requests, 1, null, 0, null, Load.DEFAULT_SEED);
    }

    public boolean closedLoop() {
        return users != null;
    }

    /** Every request at time 0. */
    public boolean allAtOnce() {
        return users == null && Double.isInfinite(requestsPerS);
    }

    /** In words: "20 requests/s (Poisson)", "all requests at once", "8 users (closed loop, think 0 s)". */
    public String describe() {
        if (closedLoop()) {
            return users + " users (closed loop, think " + trim(thinkSeconds) + " s)";
        }
        if (allAtOnce()) {
            return "all requests at once";
        }
        return trim(requestsPerS) + " requests/s (" + (cv == 1 ? "Poisson" : "gamma gaps, cv " + trim(cv)) + ")";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
