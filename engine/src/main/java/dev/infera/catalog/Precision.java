package dev.infera.catalog;

import java.util.Locale;

/** Arithmetic precisions a GPU publishes a dense peak for (TFLOPS, or TOPS for integers). */
public enum Precision {
    FP32, TF32, BF16, FP16, FP8, INT8, FP4, INT4;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Precision of(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
}
