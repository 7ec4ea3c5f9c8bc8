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

    /** "memory-bandwidth": computed once, since rules compare it for every candidate. */
    private final String label = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

    public String label() {
        return label;
    }
}
