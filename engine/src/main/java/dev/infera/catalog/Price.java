package dev.infera.catalog;

/**
 * A price for one GPU-hour, with where it came from: {@code kind} the kind of price (read once, when the
 * catalog loads, from prices.yaml's words by {@link PriceKind#of}), {@code label} those words as written
 * ("cloud on-demand", shown in reports), {@code provider} who quotes it (a cloud, or "own purchase" for an
 * amortised purchase), {@code asOf} the date of the source.
 */
public record Price(String gpu, double usdPerGpuHour, PriceKind kind, String label, String source, String asOf, String provider)
        implements java.io.Serializable {}
