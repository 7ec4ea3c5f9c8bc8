package dev.infera.catalog;

/**
 * How close a serving engine gets to the hardware's peaks. Fractions are of the peak (0..1].
 *
 * @param decodeMbu        memory-bandwidth utilisation while decoding
 * @param prefillMfu       model-FLOPs utilisation during prefill
 * @param decodeMfu        model-FLOPs utilisation of a large decode batch
 * @param stepOverheadMs   fixed cost per decode step (kernel launches, scheduling, sampling)
 * @param allReduceLatencyUs fixed latency of one all-reduce, on top of the bytes over the link
 */
public record Efficiency(
        double decodeMbu,
        double prefillMfu,
        double decodeMfu,
        double stepOverheadMs,
        double allReduceLatencyUs) {

    /** This efficiency with the given non-null fields replaced. */
    public Efficiency with(Double mbu, Double prefill, Double decode, Double overheadMs, Double latencyUs) {
        return new Efficiency(
                mbu != null ? mbu : decodeMbu,
                prefill != null ? prefill : prefillMfu,
                decode != null ? decode : decodeMfu,
                overheadMs != null ? overheadMs : stepOverheadMs,
                latencyUs != null ? latencyUs : allReduceLatencyUs);
    }
}
