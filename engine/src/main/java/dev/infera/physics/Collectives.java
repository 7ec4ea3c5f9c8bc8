package dev.infera.physics;

import static dev.infera.physics.Units.GB;
import static dev.infera.physics.Units.US;

/** Communication between GPUs. */
public final class Collectives {
    private Collectives() {}

    /** Ring all-reduce = 2(t-1)/t x message / bus bandwidth + latency; zero for one GPU. */
    public static double allReduceSeconds(int gpus, double messageBytes, double busBandwidthGbs, double latencyUs) {
        if (gpus <= 1) {
            return 0;
        }
        return 2.0 * (gpus - 1) / gpus * messageBytes / (busBandwidthGbs * GB) + latencyUs * US;
    }

    /** Point-to-point send between pipeline stages = message / bandwidth + latency. */
    public static double sendSeconds(double messageBytes, double bandwidthGbs, double latencyUs) {
        return messageBytes / (bandwidthGbs * GB) + latencyUs * US;
    }
}
