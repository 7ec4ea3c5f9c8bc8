package dev.infera.physics;

/** Money. */
public final class Cost {
    private Cost() {}

    /** $ per million output tokens = $/GPU-hour x GPUs / (tokens/s x 3600) x 10^6. */
    public static double usdPerMillionTokens(double usdPerGpuHour, int gpus, double outputTokensPerS) {
        return usdPerGpuHour * gpus / (outputTokensPerS * 3600) * 1e6;
    }
}
