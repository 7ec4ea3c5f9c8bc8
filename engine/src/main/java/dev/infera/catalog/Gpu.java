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
        boolean halfRateFp32Accumulate,
        List<ExportFact> exportControls,
        String exportNote,
        Double priceUsd,
        List<String> sources,
        String unknownWhy) implements java.io.Serializable {

    /**
     * Why the row's null fields are unknown (gpus.yaml {@code unknownWhy}), e.g. "no public datasheet", or null:
     * what {@code catalog check} and an unestimable deployment say, so a part is never silently unusable.
     */
    public String unknownWhySuffix() {
        return unknownWhy == null ? "" : " (unknown: " + unknownWhy + ")";
    }

    /** The sentence for a part whose memory bandwidth is unknown: every estimate needs it, so the part runs nothing. */
    public String bandwidthUnsourced() {
        return "memory bandwidth not sourced in the catalog" + unknownWhySuffix();
    }

    /** The sentence for a part whose 16-bit tensor peak is unknown: the formats that compute at, or dequantise to, 16 bits cannot be estimated. */
    public String sixteenBitUnsourced() {
        return "16-bit tensor throughput not sourced in the catalog" + unknownWhySuffix();
    }

    /** Dense tensor peak at {@code precision}, TFLOPS; empty when the part lacks it or it was not sourced. */
    public OptionalDouble peakTflops(Precision precision) {
        Double value = tflops.get(precision);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** The tensor precisions with a dense peak in the catalog, as a hint names them ("BF16/FP16/FP8/INT8"); "none listed" without any. */
    public String nativePrecisions() {
        List<String> names = new java.util.ArrayList<>();
        for (Precision p : Precision.values()) {
            if (p != Precision.FP32 && p != Precision.TF32 && tflops.get(p) != null) {
                names.add(p.name());
            }
        }
        return names.isEmpty() ? "none listed" : String.join("/", names);
    }

    /**
     * "hbm" or "gddr": decode kernels reach a different share of the peak on stacked HBM than on
     * GDDR, so engine efficiencies may differ by it (catalog/engines.yaml byFamily keys).
     */
    public String memoryClass() {
        return memoryType != null && memoryType.toUpperCase(java.util.Locale.ROOT).startsWith("HBM") ? "hbm" : "gddr";
    }

    /**
     * Cards whose FP16 tensor math with FP32 accumulation runs at half rate (GeForce; a catalog field,
     * not a name match): the catalog lists that rate, so an engine accumulating in FP16 gets twice it.
     */
    public boolean halvesFp32Accumulate() {
        return halfRateFp32Accumulate;
    }

    public boolean hasNvlink() {
        return nvlinkGbs != null && nvlinkGbs > 0;
    }

    /** The sourced fact about this part in {@code region}, or null: not verified. */
    public ExportFact exportFactIn(String region) {
        if (region == null) {
            return null;
        }
        for (ExportFact fact : exportControls) {
            if (fact.region().equalsIgnoreCase(region)) {
                return fact;
            }
        }
        return null;
    }

    /** "restricted", "allowed" or "not verified" in {@code region}: never "allowed" for want of a fact. */
    public String exportStatusIn(String region) {
        ExportFact fact = exportFactIn(region);
        return fact == null ? ExportFact.NOT_VERIFIED : fact.status().label();
    }

    /** The regions where a sourced fact restricts this part. */
    public List<String> exportRestrictedIn() {
        return exportControls.stream().filter(f -> f.status() == ExportFact.Status.RESTRICTED).map(ExportFact::region).toList();
    }

    public boolean isRestrictedIn(String region) {
        ExportFact fact = exportFactIn(region);
        return fact != null && fact.status() == ExportFact.Status.RESTRICTED;
    }
}
