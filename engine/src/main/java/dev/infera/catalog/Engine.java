package dev.infera.catalog;

import java.util.List;
import java.util.Map;

/**
 * A serving engine profile: what it can run and how efficiently, by GPU family where that differs.
 * Efficiencies come from catalog/engines.yaml and may be overlaid by `infera calibrate`.
 * {@code fp16Accumulate}: its FP16 matmuls accumulate in FP16 (llama.cpp's cuBLAS path), which runs
 * at twice the FP32-accumulate rate that the catalog lists for GeForce cards. {@code serving}: how it
 * schedules and holds KV (paged blocks, limits per step, default KV format), {@link EngineServing}.
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
        String calibration,
        EngineServing serving) implements java.io.Serializable {

    /** This engine with {@code change} applied to its default and every per-family efficiency. */
    public Engine withEfficiencies(java.util.function.UnaryOperator<Efficiency> change) {
        Map<String, Efficiency> families = new java.util.LinkedHashMap<>();
        byFamily.forEach((family, eff) -> families.put(family, change.apply(eff)));
        return new Engine(id, name, vendors, formats, tensorParallel, continuousBatching, memoryUtilisation, fp16Accumulate,
                change.apply(efficiency), families, source, calibration, serving);
    }

    /** This engine with another serving profile (a run's own scheduler settings). */
    public Engine withServing(EngineServing newServing) {
        return new Engine(id, name, vendors, formats, tensorParallel, continuousBatching, memoryUtilisation, fp16Accumulate,
                efficiency, byFamily, source, calibration, newServing);
    }

    public boolean supportsVendor(String vendor) {
        return vendors.isEmpty() || vendors.stream().anyMatch(v -> v.equalsIgnoreCase(vendor));
    }

    /**
     * The efficiency on {@code gpu}: the most specific {@code byFamily} key present, family and memory
     * class first ("ampere-hbm"), then the family ("ampere"), then the memory class ("hbm"); else the
     * engine's default.
     */
    public Efficiency efficiencyOn(Gpu gpu) {
        String key = familyKey(gpu);
        return key == null ? efficiency : byFamily.get(key);
    }

    /** The byFamily key that {@link #efficiencyOn(Gpu)} uses for {@code gpu}, or "default". */
    public String profileOn(Gpu gpu) {
        String key = familyKey(gpu);
        return key == null ? "default" : key;
    }

    // Every estimate asks: the keys are tested in place, not through a list and a stream, which had
    // made the physics 25-45 % slower per candidate.
    private String familyKey(Gpu gpu) {
        if (byFamily.isEmpty()) {
            return null;
        }
        String familyAndMemory = gpu.family() + "-" + gpu.memoryClass();
        if (byFamily.containsKey(familyAndMemory)) {
            return familyAndMemory;
        }
        return byFamily.containsKey(gpu.family()) ? gpu.family() : byFamily.containsKey(gpu.memoryClass()) ? gpu.memoryClass() : null;
    }

    /** True when `infera calibrate` fitted this profile (catalog/engines.calibrated.yaml). */
    public boolean calibrated() {
        return calibration != null;
    }

    /** This engine with fitted efficiencies in place of its priors. */
    public Engine calibratedWith(Efficiency base, Map<String, Efficiency> fittedByKey, String calibrationNote) {
        return new Engine(id, name, vendors, formats, tensorParallel, continuousBatching, memoryUtilisation, fp16Accumulate, base,
                Map.copyOf(fittedByKey), source, calibrationNote, serving);
    }

    public boolean runs(Format format) {
        return formats.contains(format.id()) || (format.id().endsWith("bpw") && formats.contains("bpw"));
    }
}
