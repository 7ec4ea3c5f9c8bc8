package dev.infera.catalog;

/**
 * A model's architecture as its config.json gives it, with parameter counts in billions.
 * {@code mla} and {@code moe} are null for models without multi-head latent attention or experts.
 * {@code slidingWindow} caps the KV of {@code layers x slidingWindowLayerFraction} layers (sliding
 * windows and chunked attention alike: a chunked layer never attends past its chunk).
 * {@code checkpointFormat} is the weight format a config.json's {@code quantization_config} names
 * (formats.yaml id), null for an unquantised checkpoint or a catalog row; {@code notes} says what an
 * import left out or derived (a vision tower not counted, a quantisation read). {@code layerPattern}
 * says how each layer attends (full, sliding, chunked, linear, sparse); where a row gives none it is
 * derived from {@code slidingWindow} and its fraction (windowed layers slide, the rest are full).
 */
public record Model(
        String id,
        String name,
        double paramsB,
        Double activeParamsB,
        int layers,
        int hiddenSize,
        int attentionHeads,
        int kvHeads,
        int headDim,
        int intermediateSize,
        int vocabSize,
        int maxContext,
        Attention attention,
        Mla mla,
        Moe moe,
        Integer slidingWindow,
        double slidingWindowLayerFraction,
        String license,
        String source,
        String checkpointFormat,
        String notes,
        LayerPattern layerPattern) implements java.io.Serializable {

    public Model {
        if (layerPattern == null) {
            int windowed = slidingWindow == null ? 0 : (int) Math.round(layers * slidingWindowLayerFraction);
            layerPattern = LayerPattern.windowed(layers, windowed, windowed > 0 ? slidingWindow : 0, false);
        } else if (layerPattern.layers() != layers) {
            throw new IllegalArgumentException("layer pattern " + layerPattern.describe() + " counts " + layerPattern.layers()
                    + " layers, the model has " + layers);
        }
    }

    /** A model whose layer pattern follows its sliding window. */
    public Model(String id, String name, double paramsB, Double activeParamsB, int layers, int hiddenSize,
            int attentionHeads, int kvHeads, int headDim, int intermediateSize, int vocabSize, int maxContext,
            Attention attention, Mla mla, Moe moe, Integer slidingWindow, double slidingWindowLayerFraction,
            String license, String source, String checkpointFormat, String notes) {
        this(id, name, paramsB, activeParamsB, layers, hiddenSize, attentionHeads, kvHeads, headDim, intermediateSize,
                vocabSize, maxContext, attention, mla, moe, slidingWindow, slidingWindowLayerFraction, license, source,
                checkpointFormat, notes, null);
    }

    /** A model without a checkpoint format or notes. */
    public Model(String id, String name, double paramsB, Double activeParamsB, int layers, int hiddenSize,
            int attentionHeads, int kvHeads, int headDim, int intermediateSize, int vocabSize, int maxContext,
            Attention attention, Mla mla, Moe moe, Integer slidingWindow, double slidingWindowLayerFraction,
            String license, String source) {
        this(id, name, paramsB, activeParamsB, layers, hiddenSize, attentionHeads, kvHeads, headDim, intermediateSize,
                vocabSize, maxContext, attention, mla, moe, slidingWindow, slidingWindowLayerFraction, license, source,
                null, null);
    }

    public enum Attention { MHA, GQA, MQA, MLA }

    /** DeepSeek's multi-head latent attention: the cache holds one compressed latent plus a RoPE key per token. */
    public record Mla(int kvLoraRank, int qkRopeHeadDim) implements java.io.Serializable {}

    /** Mixture of experts: {@code expertsPerToken} of {@code experts} routed per token in each MoE layer. */
    public record Moe(int experts, int expertsPerToken, int sharedExperts, int firstDenseLayers, int expertIntermediateSize) implements java.io.Serializable {
        /** Layers with routed experts (the first few layers of some models are dense). */
        public int moeLayers(int layers) {
            return layers - firstDenseLayers;
        }
    }

    /** The same shape under another identity (a fine-tune or distill of this model). */
    public Model withIdentity(String aliasId, String aliasName, String aliasLicense, String aliasSource, String aliasNotes) {
        return new Model(aliasId, aliasName, paramsB, activeParamsB, layers, hiddenSize, attentionHeads, kvHeads, headDim,
                intermediateSize, vocabSize, maxContext, attention, mla, moe, slidingWindow, slidingWindowLayerFraction,
                aliasLicense, aliasSource, checkpointFormat, aliasNotes, layerPattern);
    }

    /** Parameters used per token: all of them for a dense model. */
    public double activeParamsBOrTotal() {
        return activeParamsB != null ? activeParamsB : paramsB;
    }

    public boolean isMoe() {
        return moe != null;
    }

    /** Layers whose KV is capped at {@code slidingWindow} tokens (sliding-window or chunked attention). */
    public int windowedLayers() {
        return layerPattern.sliding() + layerPattern.chunked();
    }

    /** Why a sequence of {@code tokens} is beyond this model's maximum context, or null when it is within it. */
    public String beyondMaxContext(int tokens) {
        return tokens <= maxContext ? null : "a context of " + tokens + " tokens is beyond " + id + "'s maximum context of "
                + maxContext + " tokens (maxContext in the catalog)";
    }

    /** The advice to give with {@link #beyondMaxContext}: shorten it, or say how the model is served beyond it. */
    public static final String EXTEND_CONTEXT_HINT =
            "shorten it, or say how you serve the model beyond it (--extend-context HOW, YAML extendContext:, Groovy extendContext)";
}
