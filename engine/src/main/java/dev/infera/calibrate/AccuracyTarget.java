package dev.infera.calibrate;

import java.util.List;

/**
 * An accuracy the estimates are held to, on leave-one-GPU-out cross-validation of the shipped
 * measurements (`infera calibrate --evaluate` prints each as met or not; CrossValidationTest fails
 * the build when the shipped ones miss). Stated once here; README's calibration section quotes them.
 *
 * @param kind   the measured quantity
 * @param what   how the printout names it
 * @param median the largest median absolute percentage error accepted (0.10 = 10 %)
 * @param p90    the largest 90th-percentile error accepted, NaN for none
 */
public record AccuracyTarget(Measurement.Kind kind, String what, double median, double p90) {
    /** Batch-1 decode within 10 % median and 25 % p90; batched throughput within 20 % median. */
    public static final List<AccuracyTarget> ALL = List.of(
            new AccuracyTarget(Measurement.Kind.DECODE_BATCH1, "batch-1 decode", 0.10, 0.25),
            new AccuracyTarget(Measurement.Kind.THROUGHPUT, "batched throughput", 0.20, Double.NaN));

    public boolean metBy(ErrorStats s) {
        return s.median() <= median && (Double.isNaN(p90) || s.p90() <= p90);
    }
}
