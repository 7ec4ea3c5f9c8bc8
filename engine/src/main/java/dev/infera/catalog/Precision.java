package dev.infera.catalog;

import java.util.Locale;

/** Arithmetic precisions a GPU publishes a dense peak for (TFLOPS, or TOPS for integers). */
public enum Precision {
    FP32, TF32, BF16, FP16, FP8, INT8, FP4, INT4;

    /** Width of the arithmetic in bits: FP8 and INT8 are both 8-bit tensor-core paths, FP16 and BF16 both 16. */
    public int bits() {
        return switch (this) {
            case FP32, TF32 -> 32;
            case BF16, FP16 -> 16;
            case FP8, INT8 -> 8;
            case FP4, INT4 -> 4;
        };
    }

    /** Whether this is a 16-bit float path (FP16 or BF16): the peak a weight-only format dequantises to. */
    public boolean sixteenBit() {
        return bits() == 16;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The precision named {@code id} (any case), or empty for a name that is none. */
    public static java.util.Optional<Precision> byId(String id) {
        String wanted = id.trim().toUpperCase(Locale.ROOT);
        return java.util.Arrays.stream(values()).filter(p -> p.name().equals(wanted)).findFirst();
    }
}
