package dev.infera.physics;

import dev.infera.catalog.Price;

/**
 * Money: $/hour = $/GPU-hour x GPUs; $ per million output tokens = $/GPU-hour x GPUs / (tokens/s x 3600) x 10^6.
 * NaN where no price is known.
 */
public record ServingCost(double usdPerGpuHour, int gpus, double usdPerHour, double usdPerMillionTokens) {

    public static ServingCost of(Deployment d, Price price, BatchCycle cycle) {
        if (price == null) {
            return new ServingCost(Double.NaN, d.totalGpus(), Double.NaN, Double.NaN);
        }
        return new ServingCost(price.usdPerGpuHour(), d.totalGpus(), price.usdPerGpuHour() * d.totalGpus(),
                Cost.usdPerMillionTokens(price.usdPerGpuHour(), d.totalGpus(), cycle.outputTokensPerS()));
    }

    public boolean priced() {
        return !Double.isNaN(usdPerMillionTokens);
    }
}
