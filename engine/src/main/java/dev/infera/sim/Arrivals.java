package dev.infera.sim;

import java.util.SplittableRandom;

/** How requests arrive at a replica: an open loop at a rate (Poisson, bursty, all at once) or a closed loop of users. */
public sealed interface Arrivals {
    /** Poisson arrivals: exponential gaps of mean 1 / rate. */
    record Poisson(double requestsPerS) implements Arrivals {}

    /** Bursty arrivals: gamma gaps of mean 1 / rate and coefficient of variation cv (shape 1 / cv^2; cv 1 is Poisson, 0 evenly spaced). */
    record Bursty(double requestsPerS, double cv) implements Arrivals {}

    /** Every request at time 0 (a rate of "inf", as benchmarks send a finite batch). */
    record AllAtOnce() implements Arrivals {}

    /** N users, each sending its next request {@code thinkSeconds} after its previous one ends. */
    record ClosedLoop(int users, double thinkSeconds) implements Arrivals {}

    /** The open-loop rate, or NaN (all at once, closed loop). */
    default double rate() {
        if (this instanceof Poisson p) {
            return p.requestsPerS();
        }
        return this instanceof Bursty b ? b.requestsPerS() : Double.NaN;
    }

    /** This arrival process at another rate (open loop only). */
    default Arrivals atRate(double requestsPerS) {
        return this instanceof Bursty b ? new Bursty(requestsPerS, b.cv()) : new Poisson(requestsPerS);
    }

    /** Gap to the next open-loop arrival, seconds. */
    default double nextGapSeconds(SplittableRandom random) {
        if (this instanceof Poisson p) {
            return -Math.log(1 - random.nextDouble()) / p.requestsPerS();
        }
        if (this instanceof Bursty b) {
            return b.cv() == 0 ? 1 / b.requestsPerS() : gamma(random, 1 / (b.cv() * b.cv())) * b.cv() * b.cv() / b.requestsPerS();
        }
        return 0;
    }

    /** A gamma(shape, 1) variate: Marsaglia and Tsang (2000), boosted by U^(1/shape) for shape < 1. */
    static double gamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            return gamma(random, shape + 1) * Math.pow(1 - random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal(random);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = 1 - random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** A standard normal variate (Box-Muller; one of the pair). */
    private static double normal(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
