package dev.infera.catalog;

import java.util.EnumMap;
import java.util.Map;

/**
 * The cross-validated error of the estimates per engine and GPU family (catalog/error-bands.yaml,
 * written by {@code infera calibrate --evaluate -o}) and the wider band an engine and family without
 * measurements get (assumptions.yaml, {@code uncalibratedBand}). A family the engine was not measured
 * on uses the engine's band over all families (leave-one-GPU-out already predicts GPUs it has not seen).
 */
public final class ErrorBands {
    /** The family key of a band over every family of an engine. */
    public static final String ALL_FAMILIES = "*";

    private final Map<String, ErrorBand> bands;
    private final Map<ErrorBand.Quantity, Double> priors;
    /** Per quantity, the calibrated band reaching furthest from the estimate (either end); absent without bands. */
    private final Map<ErrorBand.Quantity, ErrorBand> widest = new EnumMap<>(ErrorBand.Quantity.class);

    ErrorBands(Map<String, ErrorBand> bands, Map<ErrorBand.Quantity, Double> priors) {
        this.bands = Map.copyOf(bands);
        this.priors = new EnumMap<>(priors);
        bands.forEach((key, band) -> widest.merge(ErrorBand.Quantity.of(key.substring(key.lastIndexOf('|') + 1)), band,
                (a, b) -> reach(b) > reach(a) ? b : a));
    }

    /** How far a band reaches from the estimate: max(|low|, |high|). */
    private static double reach(ErrorBand band) {
        return Math.max(Math.abs(band.low()), Math.abs(band.high()));
    }

    /**
     * The uncalibrated band's half-width = max(the priors' error before calibration, the reach of the widest calibrated band of the
     * quantity): an engine without measurements is known no better than the least certain engine that has them.
     */
    public double uncalibratedShare(ErrorBand.Quantity quantity) {
        ErrorBand w = widest.get(quantity);
        return w == null ? priors.get(quantity) : Math.max(priors.get(quantity), reach(w));
    }

    static String key(String engine, String family, ErrorBand.Quantity quantity) {
        return engine + "|" + family + "|" + quantity.id();
    }

    /** The band of {@code quantity} estimated by {@code engine} on a GPU of {@code family}. */
    public ErrorBand of(String engine, String family, ErrorBand.Quantity quantity) {
        ErrorBand own = bands.get(key(engine, family, quantity));
        if (own != null) {
            return own;
        }
        ErrorBand engineWide = bands.get(key(engine, ALL_FAMILIES, quantity));
        if (engineWide != null) {
            return new ErrorBand(engineWide.low(), engineWide.high(), engineWide.n(), true,
                    engineWide.basis() + " (no " + family + " measurements: the engine's band over all families)");
        }
        double share = uncalibratedShare(quantity);
        double prior = priors.get(quantity);
        ErrorBand w = widest.get(quantity);
        String why = w == null || prior >= reach(w)
                ? "the priors' 90th-percentile error (assumptions.yaml uncalibratedBand)"
                : "as wide as the widest calibrated band (" + w.basis() + "), beyond the priors' " + Math.round(prior * 100)
                        + " % (assumptions.yaml uncalibratedBand)";
        return new ErrorBand(-share, share, 0, false, "uncalibrated: " + engine + " has no measurements of " + quantity.id()
                + "; +/-" + Math.round(share * 100) + " %, " + why);
    }

    /** Whether any cross-validated band was loaded (false without catalog/error-bands.yaml). */
    public boolean isCalibrated() {
        return !bands.isEmpty();
    }
}
