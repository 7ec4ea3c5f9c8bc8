package dev.infera.physics;

import dev.infera.catalog.Efficiency;
import dev.infera.catalog.Model;

import static dev.infera.physics.Units.BILLION;
import static dev.infera.physics.Units.TERA;

/** Bytes, FLOPs and the time they take: the roofline pieces of decode and prefill. */
public final class Roofline {
    private Roofline() {}

    /** Expected experts touched per MoE layer by a batch: E x (1 - (1 - k/E)^B). */
    public static double expertsTouched(int experts, int perToken, int batch) {
        return experts * (1 - Math.pow(1 - (double) perToken / experts, batch));
    }

    /**
     * Weight bytes one decode step reads (whole model): all weights for a dense model; for MoE the
     * non-expert part plus the experts the batch touches in each MoE layer.
     */
    public static double decodeWeightBytesPerStep(Model model, double bitsPerWeight, int batch) {
        double all = Memory.weightBytes(model.paramsB(), bitsPerWeight);
        if (!model.isMoe()) {
            return all;
        }
        Model.Moe moe = model.moe();
        double expert = Memory.expertBytes(model, bitsPerWeight);
        int moeLayers = moe.moeLayers(model.layers());
        double routed = moeLayers * moe.experts() * expert;
        double touched = moeLayers * expertsTouched(moe.experts(), moe.expertsPerToken(), batch) * expert;
        return all - routed + touched;
    }

    /** FLOPs per generated token = 2 x P_active + attention 4 x heads x head_dim x layer-tokens attended (all full: layers x context). */
    public static double decodeFlopsPerToken(Model model, double context) {
        return 2 * model.activeParamsBOrTotal() * BILLION
                + LayerAttention.decodeAttentionFlopsPerToken(model.layerPattern(), model.attentionHeads(), model.headDim(), context);
    }

    /** Prefill FLOPs = 2 x P_active x L + causal attention 4 x heads x head_dim x causal pairs (all full: 2 x layers x L^2 x heads x head_dim). */
    public static double prefillFlops(Model model, double promptTokens) {
        return matmulFlops(model.activeParamsBOrTotal(), promptTokens)
                + LayerAttention.prefillAttentionFlops(model.layerPattern(), model.attentionHeads(), model.headDim(), promptTokens);
    }

    /** The seed's golden constant: 2 x P FLOPs per token (one multiply and one add per weight). */
    public static double matmulFlops(double paramsB, double tokens) {
        return 2 * paramsB * BILLION * tokens;
    }

    /** Prefill MFU over L tokens in one forward pass = MFU_max x L / (L + L_half): short passes underfill the GPU. */
    public static double prefillMfu(double mfuMax, double tokens, double halfTokens) {
        return mfuMax * tokens / (tokens + halfTokens);
    }

    /** time = FLOPs / (peak TFLOPS x MFU). */
    public static double computeSeconds(double flops, double peakTflops, double mfu) {
        return flops / (peakTflops * TERA * mfu);
    }

    /** Decode read time = weight bytes / (BW x MBU) + KV bytes / (BW x MBU_attention) (MBU_attention: Efficiency.kvReadMbu). */
    public static double decodeMemorySeconds(double weightBytes, double kvBytes, double bandwidthGbs, Efficiency eff) {
        return memorySeconds(weightBytes, bandwidthGbs, eff.decodeMbu()) + memorySeconds(kvBytes, bandwidthGbs, eff.kvReadMbu());
    }

    /** time = bytes / (bandwidth GB/s x MBU). */
    public static double memorySeconds(double bytes, double bandwidthGbs, double mbu) {
        return bytes / (bandwidthGbs * Units.GB * mbu);
    }
}
