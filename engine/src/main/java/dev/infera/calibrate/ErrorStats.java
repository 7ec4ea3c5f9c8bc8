package dev.infera.calibrate;

import java.util.List;

/** Absolute percentage errors of a set of predictions: how many, their median and 90th percentile. */
public record ErrorStats(int n, double median, double p90) {

    /** |predicted - measured| / measured. */
    public static double ape(double predicted, double measured) {
        return Math.abs(predicted - measured) / measured;
    }

    public static ErrorStats of(List<Double> apes) {
        double[] sorted = apes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new ErrorStats(sorted.length, percentile(sorted, 0.5), percentile(sorted, 0.9));
    }

    /** Linear interpolation between closest ranks (the usual spreadsheet PERCENTILE); NaN when empty. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = q * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

}
