package dev.infera.catalog;

import dev.infera.BadInputException;
import dev.infera.text.Ids;

import java.util.Arrays;
import java.util.List;

/**
 * How much model quality a weight format gives up against its 16-bit checkpoint, in the classes
 * formats.yaml cites per format (published accuracy and perplexity deltas). Ordered best first:
 * a scenario that accepts a class accepts every better one.
 */
public enum Quality {
    /** The 16-bit checkpoint itself. */
    LOSSLESS("lossless"),
    /** Under about 1 % average accuracy loss, or a perplexity delta under 0.03 (FP8, Q8_0, Q6_K). */
    NEAR_LOSSLESS("near-lossless"),
    /** About 1-3 % average accuracy loss, or a perplexity delta under 0.1 (INT8 W8A8, Q5_K_M, NVFP4). */
    SMALL_LOSS("small-loss"),
    /** Losses a reader would notice on harder tasks: 4-bit weight formats, perplexity deltas of 0.15 and up. */
    NOTICEABLE_LOSS("noticeable-loss");

    private final String id;

    Quality(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** 3 for lossless down to 0 for noticeable loss: higher is better, so rules compare with >=. */
    public int rank() {
        return values().length - 1 - ordinal();
    }

    /** True when this class is at least as good as {@code minimum}. */
    public boolean atLeast(Quality minimum) {
        return ordinal() <= minimum.ordinal();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Quality::id).toList();
    }

    /** The class named {@code id}, or a one-line error with the valid names. */
    public static Quality of(String id) {
        for (Quality q : values()) {
            if (q.id.equalsIgnoreCase(id.trim())) {
                return q;
            }
        }
        throw new BadInputException(Ids.unknown("quality class", id, ids()));
    }

    /**
     * An EXL2-style format at {@code bits} per weight, by analogy to GGUF k-quants of the same size
     * (llama.cpp's quantize table: Q8_0 +0.0026, Q6_K +0.0217, Q5_K_M +0.0569, Q4_K_M +0.1754 ppl on Llama-3-8B).
     */
    public static Quality ofBitsPerWeight(double bits) {
        return bits >= 6 ? NEAR_LOSSLESS : bits >= 5 ? SMALL_LOSS : NOTICEABLE_LOSS;
    }
}
