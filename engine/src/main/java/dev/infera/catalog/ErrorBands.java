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
    private final Map<ErrorBand.Quantity, Double> priors;
    /** Per quantity, the calibrated bands with the lowest low end and with the highest high end; absent without bands. */
    private final Map<ErrorBand.Quantity, ErrorBand> lowest = new EnumMap<>(ErrorBand.Quantity.class);
    private final Map<ErrorBand.Quantity, ErrorBand> highest = new EnumMap<>(ErrorBand.Quantity.class);

    ErrorBands(Map<String, ErrorBand> bands, Map<ErrorBand.Quantity, Double> priors) {
        this.bands = Map.copyOf(bands);
        this.priors = new EnumMap<>(priors);
        bands.forEach((key, band) -> {
            ErrorBand.Quantity q = ErrorBand.Quantity.of(key.substring(key.lastIndexOf('|') + 1));
            lowest.merge(q, band, (a, b) -> b.low() < a.low() ? b : a);
            highest.merge(q, band, (a, b) -> b.high() > a.high() ? b : a);
        });
    }

    static String key(String engine, String family, ErrorBand.Quantity quantity) {
        return engine + "|" + family + "|" + quantity.id();
    }

    /**
     * What {@link #of} answered, by key: a derived band formats its basis, and every candidate asks several times while the
     * rules judge it (thousands per advice). Not serialised; made again on first use (a race makes two equal maps).
     */
    private transient Map<String, ErrorBand> answered;

    /** The band of {@code quantity} estimated by {@code engine} on a GPU of {@code family}. */
    public ErrorBand of(String engine, String family, ErrorBand.Quantity quantity) {
        Map<String, ErrorBand> memo = answered;
        if (memo == null) {
            memo = new java.util.concurrent.ConcurrentHashMap<>();
            answered = memo;
        }
        return memo.computeIfAbsent(key(engine, family, quantity), k -> derive(engine, family, quantity));
    }

    private ErrorBand derive(String engine, String family, ErrorBand.Quantity quantity) {
        ErrorBand own = bands.get(key(engine, family, quantity));
        if (own != null) {
            return own;
        }
        ErrorBand engineWide = bands.get(key(engine, ALL_FAMILIES, quantity));
        if (engineWide != null) {
            return new ErrorBand(engineWide.low(), engineWide.high(), engineWide.n(), true,
                    engineWide.basis() + " (no " + family + " measurements: the engine's band over all families)");
        }
        // Uncalibrated band = [min(-prior, lowest calibrated low), max(prior, highest calibrated high)]: an engine without
        // measurements is known no better than the least certain engine that has them, at either end.
        double prior = priors.get(quantity);
        ErrorBand low = lowest.get(quantity);
        ErrorBand high = highest.get(quantity);
        double lowEnd = low == null ? -prior : Math.min(-prior, low.low());
        double highEnd = high == null ? prior : Math.max(prior, high.high());
        String basis = "uncalibrated: " + engine + " has no measurements of " + quantity.id() + "; " + percent(lowEnd) + "/" + percent(highEnd)
                + ", the priors' 90th-percentile error (+/-" + Math.round(prior * 100) + " %, assumptions.yaml uncalibratedBand)"
                + (lowEnd < -prior ? ", its low end the widest calibrated (" + low.basis() + ")" : "")
                + (highEnd > prior ? ", its high end the widest calibrated (" + high.basis() + ")" : "");
        return new ErrorBand(lowEnd, highEnd, 0, false, basis);
    }

    private static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%+.0f %%", share * 100);
    }

    /** Whether any cross-validated band was loaded (false without catalog/error-bands.yaml). */
    public boolean isCalibrated() {
        return !bands.isEmpty();
    }
}
