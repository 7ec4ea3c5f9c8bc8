package dev.infera.physics;

import dev.infera.catalog.Price;

/**
 * Money: $/hour = $/GPU-hour x GPUs; $ per million output tokens = $/GPU-hour x GPUs / (tokens/s x 3600) x 10^6.
 * NaN where no price is known. {@code price} is the catalog row charged (null where none), so a reader sees its kind, provider and date.
 */
public record ServingCost(double usdPerGpuHour, int gpus, double usdPerHour, double usdPerMillionTokens, Price price) {

    public static ServingCost of(Deployment d, Price price, BatchCycle cycle) {
        if (price == null) {
            return new ServingCost(Double.NaN, d.totalGpus(), Double.NaN, Double.NaN, null);
        }
        return new ServingCost(price.usdPerGpuHour(), d.totalGpus(), price.usdPerGpuHour() * d.totalGpus(),
                Cost.usdPerMillionTokens(price.usdPerGpuHour(), d.totalGpus(), cycle.outputTokensPerS()), price);
    }

    public boolean priced() {
        return !Double.isNaN(usdPerMillionTokens);
    }
}
