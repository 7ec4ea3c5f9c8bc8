package dev.infera.catalog;

import java.util.EnumMap;
import java.util.Map;

/**
 * The cross-validated error of the estimates per engine and GPU family (catalog/error-bands.yaml,
 * written by {@code infera calibrate --evaluate -o}) and the wider band an engine and family without
 * measurements get (assumptions.yaml, {@code uncalibratedBand}). A family the engine was not measured
 * on uses the engine's band over all families (leave-one-GPU-out already predicts GPUs it has not seen).
 */
public final class ErrorBands implements java.io.Serializable {
    /** The family key of a band over every family of an engine. */
    public static final String ALL_FAMILIES = "*";

    private final Map<String, ErrorBand> bands;
    private final Map<ErrorBand.Quantity, Double> uncalibrated;

    ErrorBands(Map<String, ErrorBand> bands, Map<ErrorBand.Quantity, Double> uncalibrated) {
        this.bands = Map.copyOf(bands);
        this.uncalibrated = new EnumMap<>(uncalibrated);
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
        double share = uncalibrated.get(quantity);
        return new ErrorBand(-share, share, 0, false, "uncalibrated: " + engine + " has no measurements of " + quantity.id()
                + "; +/-" + Math.round(share * 100) + " %, the priors' 90th-percentile error (assumptions.yaml uncalibratedBand)");
    }

    /** Whether any cross-validated band was loaded (false without catalog/error-bands.yaml). */
    public boolean isCalibrated() {
        return !bands.isEmpty();
    }
}
