package dev.infera.catalog;

/**
 * How far the truth may lie from an estimate: the measured value relative to the estimated one,
 * as shares (low -0.08, high +0.15: the truth is 8 % below to 15 % above the estimate for 90 % of the
 * measurements). {@code basis} says where it comes from.
 *
 * @param low        5th percentile of measured / estimated - 1 (negative: the truth below the estimate)
 * @param high       95th percentile of the same
 * @param n          measurements behind it (0 for the uncalibrated band)
 * @param calibrated whether it comes from cross-validated measurements of this engine
 * @param basis      "cross-validated on 20 TensorRT-LLM rows on hopper", "uncalibrated: ..."
 */
public record ErrorBand(double low, double high, int n, boolean calibrated, String basis) implements java.io.Serializable {

    /** The quantities a band is kept for, named as the error-bands file names them. */
    public enum Quantity {
        TPOT("tpot"), TTFT("ttft"), THROUGHPUT("throughput");

        private final String id;

        Quantity(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Quantity of(String id) {
            for (Quantity q : values()) {
                if (q.id.equals(id)) {
                    return q;
                }
            }
            return null;
        }
    }
}
