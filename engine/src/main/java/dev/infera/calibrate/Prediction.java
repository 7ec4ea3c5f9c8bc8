package dev.infera.calibrate;

/** A measurement and what the estimator predicted for it. */
public record Prediction(Measurement measurement, double predicted) {
    public double ape() {
        return ErrorStats.ape(predicted, measurement.measured());
    }
}
