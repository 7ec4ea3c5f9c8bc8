package dev.infera.physics;

import dev.infera.catalog.LayerPattern;

/**
 * KV memory and attention FLOPs layer kind by layer kind ({@link LayerPattern}). A "layer-token"
 * is one token's K and V in one layer; attention FLOPs are 4 x heads x head_dim per attended
 * layer-token (2 for Q.K, 2 for the weighted sum of V), as in DESIGN.md's decode and prefill formulas.
 */
public final class LayerAttention {
    private LayerAttention() {}

    /** Layer-tokens held for a sequence of n tokens = (full + sparse) x n + sliding x min(n, W) + chunked x min(n, C). */
    public static double heldLayerTokens(LayerPattern p, double tokens) {
        // A chunked layer holds at most its current chunk: the whole chunk at the chunk's last token.
        return (p.full() + p.sparse()) * tokens + p.sliding() * Math.min(tokens, p.window()) + p.chunked() * Math.min(tokens, p.chunk());
    }

    /** KV bytes per sequence = bytes per layer-token x held layer-tokens + linear layers x state elements x bytes. */
    public static double kvBytesPerSequence(LayerPattern p, double bytesPerLayerToken, double bytesPerElement, double tokens) {
        return bytesPerLayerToken * heldLayerTokens(p, tokens) + linearStateBytes(p, bytesPerElement);
    }

    /** Recurrent state of one sequence = linear layers x state elements x bytes, the same at any length. */
    public static double linearStateBytes(LayerPattern p, double bytesPerElement) {
        return (double) p.linear() * p.linearStateElements() * bytesPerElement;
    }

    /** Layer-tokens one decoded token attends at context c = full x c + sliding x min(c, W) + chunked x min(c, C) + sparse x min(c, k). */
    public static double attendedLayerTokens(LayerPattern p, double context) {
        // Chunked: the whole chunk bounds what a token sees (it sees fewer early in a chunk).
        return p.full() * context + p.sliding() * Math.min(context, p.window()) + p.chunked() * Math.min(context, p.chunk())
                + p.sparse() * Math.min(context, p.topK());
    }

    /** Decode attention FLOPs per token = 4 x heads x head_dim x attended layer-tokens + 4 x linear layers x state elements. */
    public static double decodeAttentionFlopsPerToken(LayerPattern p, int heads, int headDim, double context) {
        // A linear layer reads and updates its state once per token: about 2 FLOPs per element each.
        return 4.0 * heads * headDim * attendedLayerTokens(p, context) + 4.0 * p.linear() * p.linearStateElements();
    }

    /** Query-key pairs of a causal prompt of L tokens in one layer of each kind, summed over the pattern's layers. */
    public static double causalPairs(LayerPattern p, double promptTokens) {
        double l = promptTokens;
        // Kinds without layers have no size: skip them rather than divide by it.
        return p.full() * fullPairs(l)
                + (p.sliding() > 0 ? p.sliding() * windowPairs(l, p.window()) : 0)
                + (p.chunked() > 0 ? p.chunked() * chunkPairs(l, p.chunk()) : 0)
                + (p.sparse() > 0 ? p.sparse() * topKPairs(l, p.topK()) : 0);
    }

    /** Prefill attention FLOPs = 4 x heads x head_dim x causal pairs + 4 x linear layers x state elements x L. */
    public static double prefillAttentionFlops(LayerPattern p, int heads, int headDim, double promptTokens) {
        return 4.0 * heads * headDim * causalPairs(p, promptTokens) + 4.0 * p.linear() * p.linearStateElements() * promptTokens;
    }

    /** Full causal attention: L^2 / 2 pairs. */
    static double fullPairs(double l) {
        return l * l / 2;
    }

    /** Sliding window W: L^2 / 2 up to W, then L x W - W^2 / 2 (each token past W sees W). */
    static double windowPairs(double l, double w) {
        return l <= w ? fullPairs(l) : l * w - w * w / 2;
    }

    /** Chunks of C: floor(L / C) x C^2 / 2 + (L mod C)^2 / 2 (causal within each chunk). */
    static double chunkPairs(double l, double c) {
        double whole = Math.floor(l / c);
        double rest = l - whole * c;
        return whole * c * c / 2 + rest * rest / 2;
    }

    /** Top-k sparse: L^2 / 2 up to k, then k^2 / 2 + (L - k) x k (each token past k sees k). */
    static double topKPairs(double l, double k) {
        return l <= k ? fullPairs(l) : k * k / 2 + (l - k) * k;
    }
}
