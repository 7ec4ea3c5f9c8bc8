package dev.infera.physics;

/**
 * Pipeline stages under a continuous-batching engine: the stages work on different micro-batches at
 * once, so a batch's work spreads over all p stages, less the fill and drain bubbles, while one request
 * still visits every stage in turn (its latency is the sum). llama.cpp's layer split runs one GPU at a time.
 */
public final class Pipeline {
    private Pipeline() {}

    /** Pipelined time / sequential time = (M + p - 1) / (M x p): M micro-batches over p stages, with p - 1 slots of fill and drain. */
    public static double pipelinedShare(int microBatches, int stages) {
        return (microBatches + stages - 1.0) / ((double) microBatches * stages);
    }

    /** Micro-batches of a batch prefill = ceil(B x L / step budget), or one per prompt where the engine has no budget. */
    public static int prefillMicroBatches(int batch, int promptTokens, int maxTokensPerStep) {
        if (maxTokensPerStep <= 0) {
            return batch;
        }
        return (int) Math.max(1, Math.ceil((double) batch * promptTokens / maxTokensPerStep));
    }

    /** Decode micro-batches in flight = min(p, B) when stages pipeline, else 1 (every stage waits for the whole batch). */
    public static int decodeMicroBatches(int batch, int stages, boolean pipelines) {
        return pipelines ? Math.min(stages, batch) : 1;
    }
}
