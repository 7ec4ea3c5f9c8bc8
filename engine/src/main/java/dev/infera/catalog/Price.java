package dev.infera.catalog;

/**
 * A price for one GPU-hour, with where it came from: {@code kind} as prices.yaml writes it (read by
 * {@link PriceKind#of}), {@code provider} who quotes it (a cloud, or "own purchase" for an amortised
 * purchase), {@code asOf} the date of the source.
 */
public record Price(String gpu, double usdPerGpuHour, String kind, String source, String asOf, String provider) implements java.io.Serializable {

    /** A price whose provider is not named. */
    public Price(String gpu, double usdPerGpuHour, String kind, String source, String asOf) {
        this(gpu, usdPerGpuHour, kind, source, asOf, null);
    }
}
