package dev.infera.physics;

/**
 * Owning against renting, per month (pure functions). Owned: the purchase paid up front, depreciated
 * straight-line to its residual over the period, with interest on the capital tied up; power, hosting
 * and support monthly. Rented: the hourly price for every hour of the month.
 */
public final class Ownership {
    private Ownership() {}

    /** Capital $/month = (purchase - residual) / months + (purchase + residual) / 2 x annual rate / 12 (straight line plus interest on the average capital). */
    public static double capitalUsdPerMonth(double purchaseUsd, double residualUsd, double annualRate, double months) {
        return (purchaseUsd - residualUsd) / months + (purchaseUsd + residualUsd) / 2 * annualRate / 12;
    }

    /** Interest $/month on the capital tied up = (purchase + residual) / 2 x annual rate / 12. */
    public static double interestUsdPerMonth(double purchaseUsd, double residualUsd, double annualRate) {
        return (purchaseUsd + residualUsd) / 2 * annualRate / 12;
    }

    /** Energy kWh/month = IT kW x utilisation x PUE x hours per month. */
    public static double energyKwhPerMonth(double itKw, double utilisation, double pue, double hoursPerMonth) {
        return itKw * utilisation * pue * hoursPerMonth;
    }

    /** Power $/month = energy kWh/month x $/kWh. */
    public static double powerUsdPerMonth(double energyKwhPerMonth, double usdPerKwh) {
        return energyKwhPerMonth * usdPerKwh;
    }

    /** Hosting $/month = IT kW (the power the racks must deliver) x $ per kW-month. */
    public static double hostingUsdPerMonth(double itKw, double usdPerKwMonth) {
        return itKw * usdPerKwMonth;
    }

    /** Support $/month = purchase x share per year / 12. */
    public static double supportUsdPerMonth(double purchaseUsd, double sharePerYear) {
        return purchaseUsd * sharePerYear / 12;
    }

    /** Rented $/month = $/GPU-hour x GPUs x hours per month. */
    public static double rentedUsdPerMonth(double usdPerGpuHour, int gpus, double hoursPerMonth) {
        return usdPerGpuHour * gpus * hoursPerMonth;
    }

    /** Output tokens/month = tokens/s x utilisation x 3600 x hours per month. */
    public static double tokensPerMonth(double outputTokensPerS, double utilisation, double hoursPerMonth) {
        return outputTokensPerS * utilisation * 3600 * hoursPerMonth;
    }

    /** $ per million tokens = $/month / tokens per month x 10^6. */
    public static double usdPerMillionTokens(double usdPerMonth, double tokensPerMonth) {
        return usdPerMonth / tokensPerMonth * 1e6;
    }

    /** Tokens per kWh of facility energy = tokens/s x 3600 / (IT kW x PUE) (at the load, so utilisation cancels). */
    public static double tokensPerKwh(double outputTokensPerS, double itKw, double pue) {
        return outputTokensPerS * 3600 / (itKw * pue);
    }

    /** Cumulative owned $ after m months = purchase + m x (power + hosting + support + interest) (the residual comes back only at the end). */
    public static double cumulativeOwnedUsd(double purchaseUsd, double runningUsdPerMonth, int months) {
        return purchaseUsd + months * runningUsdPerMonth;
    }

    /** Cumulative rented $ after m months = m x rented $/month. */
    public static double cumulativeRentedUsd(double rentedUsdPerMonth, int months) {
        return months * rentedUsdPerMonth;
    }

    /**
     * Break-even month = ceil(purchase / (rented $/month - owned running $/month)): the first month whose
     * cumulative owned cost is at most the rented; NaN when renting costs no more per month than running
     * what is owned (buying never pays).
     */
    public static double breakEvenMonth(double purchaseUsd, double rentedUsdPerMonth, double runningUsdPerMonth) {
        double saved = rentedUsdPerMonth - runningUsdPerMonth;
        return saved > 0 ? Math.ceil(purchaseUsd / saved) : Double.NaN;
    }
}
