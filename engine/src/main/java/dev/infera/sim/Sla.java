package dev.infera.sim;

import dev.infera.workload.LatencyTarget;

/** The latency targets a simulated run is judged by; either may be null (not judged). */
public record Sla(LatencyTarget ttft, LatencyTarget tpot) {
    public static final Sla NONE = new Sla(null, null);

    public boolean isEmpty() {
        return ttft == null && tpot == null;
    }

    /** One request meets the SLA when its own TTFT and TPOT are within the targets' ms (goodput counts these). */
    boolean metBy(double ttftMs, double tpotMs) {
        return (ttft == null || ttftMs <= ttft.ms()) && (tpot == null || Double.isNaN(tpotMs) || tpotMs <= tpot.ms());
    }
}
