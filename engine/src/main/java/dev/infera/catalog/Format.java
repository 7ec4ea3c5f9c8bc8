package dev.infera.catalog;

import java.util.List;

/**
 * A weight or KV-cache number format. {@code computePrecision} is the tensor peak its matmuls run
 * at; weight-only formats (W4A16) compute at 16 bits and save only memory and bandwidth.
 * {@code weightOnlyFallback}: on a GPU without {@code computePrecision}, kernels dequantise to
 * 16 bits instead of refusing (MXFP4 on Hopper does, FP8 on Ampere here does not).
 * {@code quality}: what the format gives up in model quality as weights, with {@code qualitySource}
 * the published measurement it is classed by.
 */
public record Format(
        String id,
        String description,
        double bitsPerWeight,
        Precision computePrecision,
        boolean weightOnlyFallback,
        boolean kvCache,
        List<String> engines,
        Quality quality,
        String qualitySource) implements java.io.Serializable {

    public double bytesPerElement() {
        return bitsPerWeight / 8.0;
    }

    /**
     * The tensor precision this format's matmuls run at on {@code gpu}: its own where the GPU lists a
     * peak for it, else (16-bit formats and those with {@code weightOnlyFallback}) FP16 or BF16, the
     * dequantise-to-16-bit path; null where the GPU has neither. The one place this is chosen:
     * estimates (physics.ComputeRate) and catalog checks alike ask it.
     */
    public Precision computePrecisionOn(Gpu gpu) {
        if (gpu.peakTflops(computePrecision).isPresent()) {
            return computePrecision;
        }
        boolean sixteenBit = computePrecision.sixteenBit();
        if (sixteenBit || weightOnlyFallback) {
            for (Precision fallback : new Precision[] {Precision.FP16, Precision.BF16}) {
                if (gpu.peakTflops(fallback).isPresent()) {
                    return fallback;
                }
            }
        }
        return null;
    }

    /** Weight-only formats: storage below 16 bits, arithmetic at 16. */
    public boolean isWeightOnly() {
        return bitsPerWeight < 16 && (computePrecision == Precision.FP16 || computePrecision == Precision.BF16);
    }
}
