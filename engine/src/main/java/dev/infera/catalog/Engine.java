package dev.infera.catalog;

import java.util.List;
import java.util.Map;

/**
 * A serving engine profile: what it can run and how efficiently, by GPU family where that differs.
 * Efficiencies come from catalog/engines.yaml and may be overlaid by `infera calibrate`.
 */
public record Engine(
        String id,
        String name,
        List<String> vendors,
        List<String> formats,
        boolean tensorParallel,
        boolean continuousBatching,
        double memoryUtilisation,
        Efficiency efficiency,
        Map<String, Efficiency> byFamily,
        String source) {

    /** The efficiency on a GPU of {@code family}: the family's override, else the engine's default. */
    public Efficiency efficiencyOn(String family) {
        return byFamily.getOrDefault(family, efficiency);
    }

    public boolean supportsVendor(String vendor) {
        return vendors.isEmpty() || vendors.stream().anyMatch(v -> v.equalsIgnoreCase(vendor));
    }

    public boolean runs(Format format) {
        return formats.contains(format.id()) || (format.id().endsWith("bpw") && formats.contains("bpw"));
    }
}
