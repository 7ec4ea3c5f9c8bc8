package dev.infera.catalog;

import java.util.Locale;

/**
 * A price for one GPU-hour, with where it came from: {@code kind} the kind of price (read once, when the
 * catalog loads, from prices.yaml's words by {@link PriceKind#of}), {@code label} those words as written
 * ("cloud on-demand", shown in reports), {@code provider} who quotes it (a cloud, or "own purchase" for an
 * amortised purchase), {@code asOf} the date of the source, {@code place} the prices.yaml file:line of its
 * row (null for a price made in code).
 */
public record Price(String gpu, double usdPerGpuHour, PriceKind kind, String label, String source, String asOf, String provider,
                    String place) implements java.io.Serializable {

    /**
     * Rental rows dated before this month are stale: AWS cut P5 (H100) on-demand prices by up to 45 % in
     * June 2025 (https://www.usage.ai/blogs/aws/ai-ml-cost/llm-cost-optimization-aws/, cited in prices.yaml),
     * so an earlier cloud figure may overstate today's rate by that much. YYYY-MM and YYYY-MM-DD compare as text.
     */
    public static final String STALE_BEFORE = "2025-06";

    /** A price made in code, with no prices.yaml row; {@code kind} in prices.yaml's words. */
    public Price(String gpu, double usdPerGpuHour, String kind, String source, String asOf, String provider) {
        this(gpu, usdPerGpuHour, PriceKind.of(kind), kind, source, asOf, provider, null);
    }

    /** Whether {@code asOf} is a date (YYYY-MM or YYYY-MM-DD), rather than "undated" or "n/a (computed)". */
    public boolean dated() {
        return asOf != null && asOf.matches("\\d{4}-\\d{2}(-\\d{2})?");
    }

    /**
     * A rental price that may no longer hold: undated (its age cannot be shown) or dated before
     * {@link #STALE_BEFORE}. A computed purchase row is not a market rate and is never stale.
     */
    public boolean stale() {
        return kind != null && kind.isRental() && (!dated() || asOf.compareTo(STALE_BEFORE) < 0);
    }

    /**
     * "$2.69/GPU-hour on-demand, RunPod, 2026-05-22" (the catalog's cheapest H100 SXM on-demand row); a row undated or dated
     * before 2025-06 ends "..., undated, STALE" or "..., 2024-05, STALE (before 2025-06)": what a reader needs to judge the figure.
     */
    public String charged() {
        return String.format(Locale.ROOT, "$%.2f", usdPerGpuHour) + "/GPU-hour " + (kind == null ? label : kind.id()) + ", "
                + (provider == null ? "provider not named" : provider) + ", " + asOf + (stale() ? ", STALE" + (dated() ? " (before " + STALE_BEFORE + ")" : "") : "");
    }
}
