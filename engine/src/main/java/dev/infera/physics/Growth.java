package dev.infera.physics;

/** Traffic that grows by a share each month, against a fleet's capacity (pure functions). */
public final class Growth {
    private Growth() {}

    /** Load at month m = load now x (1 + growth per month)^m. */
    public static double loadAt(double loadNow, double growthPerMonth, int month) {
        return loadNow * Math.pow(1 + growthPerMonth, month);
    }

    /** Months of headroom = floor(ln(capacity / load now) / ln(1 + growth)): the last month the load still fits (infinite without growth). */
    public static double monthsOfHeadroom(double capacity, double loadNow, double growthPerMonth) {
        if (growthPerMonth <= 0) {
            return capacity >= loadNow ? Double.POSITIVE_INFINITY : -1;
        }
        return Math.floor(Math.log(capacity / loadNow) / Math.log(1 + growthPerMonth));
    }

    /** Replicas a load needs = ceil(load / load one replica serves). */
    public static int replicasFor(double load, double perReplica) {
        return (int) Math.ceil(load / perReplica - 1e-9);
    }
}
