package dev.infera.physics;

/**
 * What a decode step costs beyond its bytes and FLOPs: a fixed cost per layer (small kernels' minimum time, on every GPU
 * at once, so tensor parallelism does not shorten it; through p stages a step still visits every layer), and as tensor
 * parallelism widens, host work per
 * rank (kernel launches and the schedule sent to every worker, which CUDA-graph replay hides) and
 * the latency of each small all-reduce (one fused one-shot kernel, or a ring of latency-bound steps). A step that carries prompt
 * tokens pays, per layer, the launches of kernels that engines run eagerly (CUDA graphs are captured for decode batches only).
 * The per-engine values are engine-profile facts (engines.yaml, serving:).
 */
public final class StepOverhead {
    private StepOverhead() {}

    /** Step overhead = engine's overhead + (t - 1) x host overhead per extra rank + layers x overhead per layer us / 1000. */
    public static double stepOverheadMs(double engineOverheadMs, int tensorParallel, double perRankMs, int layers, double perLayerUs) {
        return engineOverheadMs + (tensorParallel - 1) * perRankMs + layers * perLayerUs / 1000;
    }

    /** Prefill overhead = layers x prefill overhead per layer us / 1000: the launches of a step carrying prompt tokens, which no CUDA graph replays. */
    public static double prefillOverheadMs(int layers, double prefillPerLayerUs) {
        return layers * prefillPerLayerUs / 1000;
    }

    /** Latency of one small all-reduce = link latency when fused, else (t - 1) x it: a ring's 2(t - 1) steps, the figure being that of t = 2. */
    public static double allReduceLatencyUs(double linkLatencyUs, int tensorParallel, boolean fused) {
        return fused || tensorParallel <= 2 ? linkLatencyUs : (tensorParallel - 1) * linkLatencyUs;
    }
}
