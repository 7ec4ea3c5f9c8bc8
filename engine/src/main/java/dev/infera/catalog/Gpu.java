package dev.infera.catalog;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One accelerator as published: dense peaks per precision (absent = not sourced), memory,
 * links, power, licensing and export facts. Which link joins GPUs in a node is a fact of the
 * {@link Server}, not of the GPU.
 */
public record Gpu(
        String id,
        String vendor,
        String name,
        String family,
        String formFactor,
        double memoryGb,
        String memoryType,
        double memoryBandwidthGbs,
        Map<Precision, Double> tflops,
        Double nvlinkGbs,
        String nvlinkGen,
        Integer pcieGen,
        Double tdpW,
        boolean datacenterUseAllowed,
        List<String> exportRestrictedIn,
        String exportNote,
        Double priceUsd,
        List<String> sources) {

    /** Dense tensor peak at {@code precision}, TFLOPS; empty when the part lacks it or it was not sourced. */
    public OptionalDouble peakTflops(Precision precision) {
        Double value = tflops.get(precision);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /**
     * "hbm" or "gddr": decode kernels reach a different share of the peak on stacked HBM than on
     * GDDR, so engine efficiencies may differ by it (catalog/engines.yaml byFamily keys).
     */
    public String memoryClass() {
        return memoryType != null && memoryType.toUpperCase(java.util.Locale.ROOT).startsWith("HBM") ? "hbm" : "gddr";
    }

    /**
     * GeForce cards run FP16 tensor math with FP32 accumulation at half rate; the catalog lists that
     * rate (gpus.yaml), so an engine that accumulates in FP16 gets twice the listed FP16 peak.
     */
    public boolean halvesFp32Accumulate() {
        return name != null && name.startsWith("GeForce");
    }

    public boolean hasNvlink() {
        return nvlinkGbs != null && nvlinkGbs > 0;
    }

    public boolean isRestrictedIn(String region) {
        return region != null && exportRestrictedIn.stream().anyMatch(r -> r.equalsIgnoreCase(region));
    }
}
