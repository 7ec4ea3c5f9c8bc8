package dev.infera.advice;

/**
 * A running sum, Kahan-compensated with the final correction subtracted: bit for bit what
 * {@code DoubleStream.sum()} returns for the same values in the same order (scores were always
 * computed that way; ties between candidates must not move), without a stream per candidate.
 */
final class CompensatedSum {
    private double sum;
    private double compensation;
    private double simple;

    void add(double value) {
        double corrected = value - compensation;
        double next = sum + corrected;
        compensation = (next - sum) - corrected;
        sum = next;
        simple += value;
    }

    double total() {
        double total = sum - compensation;
        return Double.isNaN(total) && Double.isInfinite(simple) ? simple : total;
    }
}
