package dev.infera.physics;

import dev.infera.catalog.Model;

import static dev.infera.physics.Units.BILLION;
import static dev.infera.physics.Units.BYTES_FP16;

/** Memory a model needs: weights, KV cache, activations. All results in bytes. */
public final class Memory {
    private Memory() {}

    /** weights = P x bits / 8 (whole model). */
    public static double weightBytes(double paramsB, double bitsPerWeight) {
        return paramsB * BILLION * bitsPerWeight / 8;
    }

    /**
     * KV bytes per token of one layer: 2 (K and V) x kv_heads x head_dim x bytes for MHA/GQA/MQA;
     * (kv_lora_rank + qk_rope_head_dim) x bytes for MLA, whose cache is one shared latent.
     */
    public static double kvBytesPerTokenPerLayer(Model model, double bytesPerElement) {
        if (model.mla() != null) {
            return (model.mla().kvLoraRank() + model.mla().qkRopeHeadDim()) * bytesPerElement;
        }
        return 2.0 * model.kvHeads() * model.headDim() * bytesPerElement;
    }

    /** KV bytes per token, all layers that keep K and V: 2 x kv layers x kv_heads x head_dim x bytes (linear layers keep a state instead). */
    public static double kvBytesPerToken(Model model, double bytesPerElement) {
        return model.layerPattern().kvLayers() * kvBytesPerTokenPerLayer(model, bytesPerElement);
    }

    /**
     * KV bytes one sequence of {@code tokens} holds, layer kind by layer kind: full and sparse layers
     * keep every token, sliding-window and chunked layers at most their window, linear layers a fixed state.
     */
    public static double kvBytesPerSequence(Model model, double bytesPerElement, double tokens) {
        return LayerAttention.kvBytesPerSequence(model.layerPattern(), kvBytesPerTokenPerLayer(model, bytesPerElement), bytesPerElement, tokens);
    }

    /**
     * How many ways tensor parallelism splits the KV cache: min(t, kv_heads), since heads are
     * replicated once t exceeds them; MLA's single latent is replicated on every rank.
     */
    public static int kvShards(Model model, int tensorParallel) {
        int kvHeads = model.mla() != null ? 1 : model.kvHeads();
        return Math.max(1, Math.min(tensorParallel, kvHeads));
    }

    /** Activation workspace per GPU = chunk tokens x (4 x hidden + 2 x intermediate / t) x 2 bytes. */
    public static double activationBytes(Model model, int chunkTokens, int tensorParallel) {
        int width = model.isMoe() ? model.moe().expertIntermediateSize() * model.moe().expertsPerToken() : model.intermediateSize();
        return chunkTokens * (4.0 * model.hiddenSize() + 2.0 * width / tensorParallel) * BYTES_FP16;
    }

    /** Weight bytes of one routed expert: 3 x hidden x expert width (gate, up, down) x bits / 8. */
    public static double expertBytes(Model model, double bitsPerWeight) {
        return 3.0 * model.hiddenSize() * model.moe().expertIntermediateSize() * bitsPerWeight / 8;
    }
}
