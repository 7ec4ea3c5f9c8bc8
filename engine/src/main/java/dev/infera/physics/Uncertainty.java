package dev.infera.physics;

/** An estimate at an end of its error band (pure functions); shares as catalog.ErrorBand holds them (-0.08 = 8 % below). */
public final class Uncertainty {
    private Uncertainty() {}

    /** Value at a band end = estimate x (1 + share). */
    public static double atBandEnd(double estimate, double share) {
        return estimate * (1 + share);
    }
}
