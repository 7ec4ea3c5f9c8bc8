package dev.infera.catalog;

import java.util.List;
import java.util.Map;

/**
 * A serving engine profile: what it can run and how efficiently, by GPU family where that differs.
 * Efficiencies come from catalog/engines.yaml and may be overlaid by `infera calibrate`.
 * {@code fp16Accumulate}: its FP16 matmuls accumulate in FP16 (llama.cpp's cuBLAS path), which runs
 * at twice the FP32-accumulate rate that the catalog lists for GeForce cards.
 */
public record Engine(
        String id,
        String name,
        List<String> vendors,
        List<String> formats,
        boolean tensorParallel,
        boolean continuousBatching,
        double memoryUtilisation,
        boolean fp16Accumulate,
        Efficiency efficiency,
        Map<String, Efficiency> byFamily,
        String source,
        String calibration) {

    public boolean supportsVendor(String vendor) {
        return vendors.isEmpty() || vendors.stream().anyMatch(v -> v.equalsIgnoreCase(vendor));
    }

    /**
     * The efficiency on {@code gpu}: the most specific {@code byFamily} key that is present, in the
     * order of {@link #profileKeys(Gpu)}, else the engine's default.
     */
    public Efficiency efficiencyOn(Gpu gpu) {
        return profileKeys(gpu).stream().filter(byFamily::containsKey).findFirst().map(byFamily::get).orElse(efficiency);
    }

    /** The byFamily key that {@link #efficiencyOn(Gpu)} uses for {@code gpu}, or "default". */
    public String profileOn(Gpu gpu) {
        return profileKeys(gpu).stream().filter(byFamily::containsKey).findFirst().orElse("default");
    }

    /** Keys from most to least specific: "ampere-hbm" (family and memory class), "ampere", "hbm". */
    public static List<String> profileKeys(Gpu gpu) {
        return List.of(gpu.family() + "-" + gpu.memoryClass(), gpu.family(), gpu.memoryClass());
    }

    /** True when `infera calibrate` fitted this profile (catalog/engines.calibrated.yaml). */
    public boolean calibrated() {
        return calibration != null;
    }

    /** This engine with fitted efficiencies in place of its priors. */
    public Engine calibratedWith(Efficiency base, Map<String, Efficiency> fittedByKey, String calibrationNote) {
        return new Engine(id, name, vendors, formats, tensorParallel, continuousBatching, memoryUtilisation, fp16Accumulate, base,
                Map.copyOf(fittedByKey), source, calibrationNote);
    }

    public boolean runs(Format format) {
        return formats.contains(format.id()) || (format.id().endsWith("bpw") && formats.contains("bpw"));
    }
}
