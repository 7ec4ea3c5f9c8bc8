package dev.infera.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * How many of a model's decoder layers attend in each way, which decides what each layer keeps
 * per sequence and how much it computes:
 * <ul>
 *   <li>{@code full}: every earlier token (KV grows with the sequence);</li>
 *   <li>{@code sliding}: the last {@code window} tokens (Mistral-7B-v0.1, Gemma-2/3 local layers, gpt-oss);</li>
 *   <li>{@code chunked}: the tokens of its own {@code chunk}-token block (Llama-4's RoPE layers);</li>
 *   <li>{@code linear}: a recurrent state of {@code linearStateElements} elements whatever the length
 *       (Qwen3-Next's Gated DeltaNet, Mamba-style layers);</li>
 *   <li>{@code sparse}: keeps every token but attends to the {@code topK} an indexer selects
 *       (DeepSeek-V3.2's sparse attention).</li>
 * </ul>
 * Sizes of kinds that have no layers are 0.
 */
public record LayerPattern(int full, int sliding, int window, int chunked, int chunk, int linear, long linearStateElements,
        int sparse, int topK) implements java.io.Serializable {

    public LayerPattern {
        if (full < 0 || sliding < 0 || chunked < 0 || linear < 0 || sparse < 0) {
            throw new IllegalArgumentException("layer counts must not be negative");
        }
        requireSize(sliding, window, "sliding-window layers need a positive window");
        requireSize(chunked, chunk, "chunked layers need a positive chunk");
        requireSize(linear, linearStateElements, "linear layers need a positive state size");
        requireSize(sparse, topK, "sparse layers need a positive topK");
        if (full + sliding + chunked + linear + sparse == 0) {
            throw new IllegalArgumentException("a layer pattern needs at least one layer");
        }
    }

    private static void requireSize(int layers, long size, String message) {
        if (layers > 0 && size <= 0) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Every layer attends to every earlier token. */
    public static LayerPattern allFull(int layers) {
        return new LayerPattern(layers, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** {@code windowed} of {@code layers} layers capped at {@code tokens}, by a sliding window or by chunks; the rest full. */
    public static LayerPattern windowed(int layers, int windowed, int tokens, boolean chunked) {
        if (windowed <= 0) {
            return allFull(layers);
        }
        return chunked ? new LayerPattern(layers - windowed, 0, 0, windowed, tokens, 0, 0, 0, 0)
                : new LayerPattern(layers - windowed, windowed, tokens, 0, 0, 0, 0, 0, 0);
    }

    public int layers() {
        return full + sliding + chunked + linear + sparse;
    }

    /** Layers that keep per-token K and V (all but the linear ones). */
    public int kvLayers() {
        return full + sliding + chunked + sparse;
    }

    /** Only full-attention layers: the pattern of a plain decoder. */
    public boolean isAllFull() {
        return full == layers();
    }

    /** "10 full + 52 sliding (1024)", the way `catalog show` and --explain print it. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (full > 0) {
            parts.add(full + " full");
        }
        if (sliding > 0) {
            parts.add(sliding + " sliding (" + window + ")");
        }
        if (chunked > 0) {
            parts.add(chunked + " chunked (" + chunk + ")");
        }
        if (linear > 0) {
            parts.add(linear + " linear (state " + linearStateElements + ")");
        }
        if (sparse > 0) {
            parts.add(sparse + " sparse (top " + topK + ")");
        }
        return String.join(" + ", parts);
    }
}
