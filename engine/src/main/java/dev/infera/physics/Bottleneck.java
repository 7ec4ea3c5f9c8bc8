package dev.infera.physics;

/** What limits a configuration. */
public enum Bottleneck {
    /** It does not fit in memory. */
    CAPACITY,
    /** Reading weights and KV cache dominates the decode step (the usual small-batch case). */
    MEMORY_BANDWIDTH,
    /** Arithmetic dominates: large batches, long context. */
    COMPUTE,
    /** All-reduces between GPUs dominate: tensor parallelism over a slow link. */
    COMMUNICATION;

    public String label() {
        return name().toLowerCase().replace('_', '-');
    }
}
