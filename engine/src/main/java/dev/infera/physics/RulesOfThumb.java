package dev.infera.physics;

/** The seed document's back-of-envelope formulas, kept for explanations and the rules that quote them. */
public final class RulesOfThumb {
    private RulesOfThumb() {}

    /** Bandwidth to decode at a target speed = weight bytes x tokens/s (GB/s). 70B fp16 at 20 tok/s: 2,800 GB/s. */
    public static double requiredBandwidthGbs(double weightBytes, double tokensPerS) {
        return weightBytes * tokensPerS / Units.GB;
    }

    /** Effective TFLOPS a throughput needs = tokens/s x 2P / 1000 (P in billions). 2,000 tok/s of 72B: 288. */
    public static double requiredTflops(double tokensPerS, double paramsB) {
        return tokensPerS * 2 * paramsB / 1000;
    }

    /** Tensor parallel GPUs read in parallel: aggregate bandwidth = n x per-GPU bandwidth. */
    public static double aggregateBandwidthGbs(double perGpuGbs, int gpus) {
        return perGpuGbs * gpus;
    }

    /** Bandwidth left after communication takes its share of the step: aggregate x (1 - loss). */
    public static double effectiveBandwidthGbs(double aggregateGbs, double communicationLoss) {
        return aggregateGbs * (1 - communicationLoss);
    }

    /** Throughput ceiling when compute-bound = effective TFLOPS x 1000 / 2P tokens/s. */
    public static double computeBoundTokensPerS(double effectiveTflops, double paramsB) {
        return effectiveTflops * 1000 / (2 * paramsB);
    }

    /** Hours a job of {@code tokens} output tokens takes at {@code tokensPerS} = tokens / tokens/s / 3600. */
    public static double jobHours(double tokens, double tokensPerS) {
        return tokens / tokensPerS / 3600;
    }
}
