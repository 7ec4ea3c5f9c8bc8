package dev.infera.sim;

import java.util.Arrays;

/** Mean and percentiles of a simulated quantity (ms); percentiles interpolate linearly between order statistics. NaN when nothing was measured. */
public record Distribution(double mean, double p50, double p90, double p99, int count) {
    public static Distribution of(double[] values) {
        if (values.length == 0) {
            return new Distribution(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return new Distribution(sum / sorted.length, percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted.length);
    }

    /** p-th percentile of sorted values = x[i] + (x[i+1] - x[i]) x f, where (n - 1) x p / 100 = i + f. */
    static double percentile(double[] sorted, double p) {
        double rank = (sorted.length - 1) * p / 100;
        int i = (int) Math.floor(rank);
        if (i + 1 >= sorted.length) {
            return sorted[sorted.length - 1];
        }
        return sorted[i] + (sorted[i + 1] - sorted[i]) * (rank - i);
    }

    /** The mean (null) or the named percentile (50, 90, 99). */
    public double statistic(Integer percentile) {
        if (percentile == null) {
            return mean;
        }
        return switch (percentile) {
            case 50 -> p50;
            case 90 -> p90;
            case 99 -> p99;
            default -> throw new IllegalArgumentException("percentile " + percentile);
        };
    }
}
